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
/// <see cref="Core.Addressing.IRecipientResolver"/> and the operator's signer (Npes.Eds).
/// </summary>
public static class LettersServiceCollectionExtensions
{
    public static IServiceCollection AddLetters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // PDFsharp (used to inspect submitted PDFs) is AGPL-3.0; NPES is published under AGPL-3.0-or-later.
        PdfSharp.PdfSharpLicense.SetAgplLicense();
        services.AddValidatedOptions<LettersOptions>(configuration, LettersOptions.Section);
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
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<LettersOptions>>().Value;
        LetterEndpoints.Map(endpoints, options.MaxRequestBytes);
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
