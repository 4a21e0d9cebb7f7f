using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npes.Core.Options;
using Npes.Letters.Evidence;
using Npes.Notifications.Contacts;
using Npes.Notifications.Content;
using Npes.Notifications.Outbox;
using Npes.Notifications.Sending;
using Npes.Storage.Jobs;

namespace Npes.Notifications;

/// <summary>
/// The notifications feature: recipients' confirmed contact points, and notices of their letters (arrival, reminders)
/// from an outbox written with the evidence, sent by e-mail (SMTP) and SMS (an HTTP gateway), recorded as evidence.
/// Needs the letters feature (its evidence hooks and <see cref="Core.Letters.INotificationEvidence"/>).
/// </summary>
public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotificationsOptions>(configuration, NotificationsOptions.Section);
        services.AddHttpClient(HttpSmsGateway.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<NoticeTemplates>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<ISmsGateway, HttpSmsGateway>();
        services.AddSingleton<NoticeSender>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<ManageContacts>();
        services.AddSingleton<NoticeStore>();
        services.AddSingleton<IEvidenceHook, NoticeOutbox>();
        services.AddRecurringDuty<NoticeDispatcher>(NoticeDispatcher.Id, sp => sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.PollInterval);
        return services;
    }

    /// <summary><c>/api/v1/mailbox/contacts</c>: the mailbox owner's contact points for notices.</summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder endpoints) => ContactEndpoints.Map(endpoints);
}
