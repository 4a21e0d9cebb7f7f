using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npes.Core.Options;
using Npes.Letters.Evidence;
using Npes.Storage.Jobs;

namespace Npes.Webhooks;

/// <summary>The webhooks feature: senders hear of every evidence event of their letters.</summary>
public static class WebhooksServiceCollectionExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookDispatcher.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddSingleton<IWebhookStore, WebhookStore>();
        services.AddSingleton<IEvidenceHook, WebhookOutbox>();
        services.AddSingleton<Npes.Core.Observability.IQueueProbe, WebhookQueue>();
        services.AddRecurringDuty<WebhookDispatcher>(WebhookDispatcher.Id, sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.PollInterval);
        return services;
    }

    /// <summary><c>/api/v1/webhook</c>: register, inspect and delete the sender's endpoint; recent deliveries.</summary>
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints) => WebhookEndpoints.Map(endpoints);
}
