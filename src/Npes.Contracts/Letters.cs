namespace Npes.Contracts;

/// <summary>The recipient, addressed the way paper is: name and postal address (and a УНП for organisations).</summary>
public sealed record RecipientDto(string? Name, string? Address, string? Unp);

/// <summary>The sender's optional delivery policy.</summary>
/// <param name="PrintIfNotClaimedDays">Send on paper when the recipient has not signed within the accept window.</param>
/// <param name="AcceptWindowDays">Days the recipient has to sign for a registered letter (1–90).</param>
public sealed record PolicyDto(int? PrintIfNotClaimedDays, int? AcceptWindowDays);

/// <summary>The JSON part <c>letter</c> of a submission; the documents are the file parts <c>document</c>.</summary>
/// <param name="Notify">
/// <c>default</c> (or absent): the recipient's confirmed contact points hear of the letter (arrival notice, reminders);
/// <c>none</c>: no notices are sent for this letter.
/// </param>
public sealed record SubmitLetterRequest(RecipientDto? Recipient, string? Kind, string? Subject, PolicyDto? Policy, string? Notify = null);

/// <summary>The sender's choices for <see cref="SubmitLetterRequest.Notify"/>.</summary>
public static class NotifyChoices
{
    public const string Default = "default";
    public const string None = "none";

    /// <summary>The key under which a letter's ContentConsignment event records <c>notify: none</c>.</summary>
    public const string DetailKey = "notify";

    public static bool IsKnown(string? choice) => choice is null or Default or None;
}

/// <summary>Where the letter went, and why in coarse terms only.</summary>
/// <param name="Channel">mailbox or paper.</param>
/// <param name="Outcome">matched, not_matched (no confirmed mailbox matches with certainty — whatever the cause),
/// address_not_understood, or operator_paper (the operator's own letters).</param>
/// <param name="Reason">A fixed sentence for the outcome; it never names who lives at the address.</param>
public sealed record RoutingDto(string Channel, string Outcome, string Reason);

/// <summary>The answer to a submission: the letter and its acceptance receipt.</summary>
/// <param name="Id">Letter id.</param>
/// <param name="S10">UPU S10 item id.</param>
/// <param name="Status">consigned (in a mailbox) or awaiting_print (paper leg).</param>
/// <param name="Routing">The routing decision.</param>
/// <param name="Receipt">Acceptance receipt: CMS SignedData (DER, base64) over the manifest, with an RFC 3161 timestamp.</param>
public sealed record SubmitLetterResponse(Guid Id, string S10, string Status, RoutingDto Routing, string Receipt);

/// <summary>What a letter may carry on this server (GET /api/v1/letters/capabilities).</summary>
/// <param name="Inspection">The isolated document workers run; false: every document is refused with npes.letter.document_worker_unavailable until they do.</param>
/// <param name="OfficeConversion">doc, docx, xls, xlsx, odt and ods are accepted (converted to PDF); false: refused with npes.letter.document_conversion_unavailable.</param>
/// <param name="Formats">Accepted formats: pdf, png, jpeg, text and, with office conversion, doc, docx, xls, xlsx, odt, ods.</param>
public sealed record DocumentCapabilitiesDto(bool Inspection, bool OfficeConversion, IReadOnlyList<string> Formats, int MaxDocuments, long MaxDocumentBytes, long MaxTotalBytes, int MaxPages, long MaxImagePixels);

/// <summary>A document of a letter: the original as the sender sent it; an office document also has its PDF rendition.</summary>
public sealed record DocumentDto(int Position, string Name, string MediaType, long Size, string Sha256, RenditionDto? Rendition = null);

/// <summary>The PDF NPES made of an office document: what the paper leg prints (…/documents/{position}/rendition).</summary>
public sealed record RenditionDto(string Name, string MediaType, long Size, string Sha256);

/// <summary>An evidence event.</summary>
public sealed record EventDto(int Seq, long GlobalSeq, string Type, DateTimeOffset OccurredAt, IReadOnlyDictionary<string, string> Details, string Hash);

/// <summary>A letter as its sender sees it.</summary>
public sealed record LetterDto(
    Guid Id,
    string S10,
    string Kind,
    string Subject,
    string Status,
    RecipientDto Recipient,
    RoutingDto Routing,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptDeadline,
    IReadOnlyList<DocumentDto> Documents,
    IReadOnlyList<EventDto> Events,
    IReadOnlyList<string> Receipts);

/// <summary>One line of a letter list.</summary>
public sealed record LetterSummaryDto(Guid Id, string S10, string Kind, string Subject, string Status, string RecipientName, DateTimeOffset SubmittedAt);

/// <summary>What NPES confirms about a paper copy: the letter it belongs to was accepted, when, and from whom.</summary>
/// <param name="Sender">The sender's name as registered (the paper copy names the sender anyway).</param>
public sealed record PaperCopyVerificationDto(string S10, string Kind, string Sender, DateTimeOffset SubmittedAt, string Status, string ManifestSha256);
