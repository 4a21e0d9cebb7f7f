using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Core.Options;
using Npes.Core.Print;
using Npes.Documents;
using Npes.Letters.Evidence;
using Npes.Letters.Expiry;
using Npes.Letters.Inbox;
using Npes.Letters.Lifecycle;
using Npes.Letters.Mailboxes;
using Npes.Letters.Sending;
using Npes.Letters.Store;
using Npes.Storage.Jobs;

namespace Npes.Letters;

/// <summary>
/// The letters feature: submission and routing, the letter lifecycle, mailboxes and their inbox, handover, refusal
/// and expiry, the evidence log and bundles. The host gives it <see cref="Core.Parties.IPartyStore"/>,
/// <see cref="Core.Addressing.IRecipientResolver"/>, the operator's signer (Npes.Eds) and the document intake
/// (<c>AddDocuments</c>, Npes.Documents), through which every document of a letter is inspected in a worker process.
/// </summary>
public static class LettersServiceCollectionExtensions
{
    public static IServiceCollection AddLetters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddValidatedOptions<LettersOptions>(configuration, LettersOptions.Section);
        Npes.Core.Observability.NpesMetrics.Add(services);
        services.AddSingleton<ILetterStore, LetterStore>();
        services.AddSingleton<SubmissionWriter>();
        services.AddSingleton<IMailboxStore, MailboxStore>();
        services.AddSingleton<IMailboxDirectoryLog, MailboxDirectoryLog>();
        services.AddSingleton<EvidenceLog>();
        services.AddSingleton<IEvidenceSealer, EvidenceSealer>();
        services.AddSingleton<INotificationEvidence, NotificationEvidence>();
        services.AddSingleton<LetterLifecycle>();
        services.AddSingleton<ILetterLifecycle>(sp => sp.GetRequiredService<LetterLifecycle>());
        services.AddSingleton<IPaperLetters, PaperLetters>();
        services.AddSingleton<SubmitLetter>();
        services.AddSingleton<OwnLetters>();
        services.AddSingleton<ReadDocument>();
        services.AddSingleton<DecideLetter>();
        services.AddSingleton<EvidenceBundle>();
        services.AddValidatedOptions<ConfirmationCodeOptions>(configuration, ConfirmationCodeOptions.Section);
        services.AddSingleton<ConfirmationCodeLog>();
        services.AddSingleton<AddressConfirmations>();
        services.AddSingleton<RegisterMailbox>();
        services.AddRecurringDuty<ExpirySweeper>(ExpirySweeper.Id, sp => sp.GetRequiredService<IOptions<LettersOptions>>().Value.ExpirySweepInterval);
        return services;
    }

    /// <summary>
    /// The sender's API (<c>/api/v1/letters</c>), the auditors' evidence log export (<c>/api/v1/evidence</c>) and the
    /// anonymous paper-copy check (<c>/api/v1/verify</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapLetterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var documents = endpoints.ServiceProvider.GetRequiredService<IOptions<DocumentsOptions>>().Value;
        LetterEndpoints.Map(endpoints, documents.MaxRequestBytes);
        EvidenceEndpoints.Map(endpoints);
        VerifyEndpoints.Map(endpoints);
        return endpoints;
    }

    /// <summary>The owner's side: registering a mailbox (<c>/api/v1/mailboxes</c>) and its inbox (<c>/api/v1/mailbox</c>).</summary>
    public static IEndpointRouteBuilder MapMailboxEndpoints(this IEndpointRouteBuilder endpoints)
    {
        MailboxEndpoints.Map(endpoints);
        InboxEndpoints.Map(endpoints);
        return endpoints;
    }
}
