using Npes.Core.Addressing;
using Npes.Core.Evidence;
using Npes.Core.Letters;

namespace Npes.Letters.Store;

/// <summary>A letter as stored (documents, receipts and events apart).</summary>
internal sealed record StoredLetter(
    Guid Id,
    string S10,
    Guid SenderPartyId,
    string Kind,
    string Subject,
    RecipientQuery Recipient,
    Guid? MailboxId,
    string RoutingOutcome,
    string RoutingReason,
    LetterStatus Status,
    byte[] Manifest,
    string KeyId,
    byte[] WrappedKey,
    byte[]? SenderSignature,
    int? PrintIfNotClaimedDays,
    int? AcceptWindowDays,
    DateTimeOffset? AcceptDeadline,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? ReadAt,
    string? IdempotencyKey,
    byte[]? RequestSha256)
{
    public byte[] ManifestSha256 => System.Security.Cryptography.SHA256.HashData(Manifest);

    /// <summary>The channel the letter took when it was accepted.</summary>
    public LetterRoute Route => MailboxId is null ? LetterRoute.Paper : LetterRoute.Mailbox;
}

/// <summary>
/// A document as stored: metadata in clear, content sealed with the letter's key at its position; an office
/// document also has its PDF rendition, sealed at <see cref="RenditionPosition"/>.
/// </summary>
internal sealed record StoredDocument(int Position, string Name, string MediaType, long Size, byte[] Sha256, byte[] Sealed, StoredRendition? Rendition = null)
{
    /// <summary>Where a rendition is sealed: after every possible original, so the two never share a position.</summary>
    public const int RenditionOffset = 1000;

    public int RenditionPosition => RenditionOffset + Position;
}

/// <summary>The PDF rendition of an office document, as stored beside the original.</summary>
internal sealed record StoredRendition(string MediaType, long Size, byte[] Sha256, byte[] Sealed);

/// <summary>An event to append: the store places it in the chains, and seals it.</summary>
internal sealed record EventDraft(string Type, IReadOnlyDictionary<string, string> Details);

/// <summary>Everything a submission writes, in one transaction; the letter's route decides mailbox or paper.</summary>
internal sealed record NewLetter(StoredLetter Letter, IReadOnlyList<StoredDocument> Documents, byte[] AcceptanceReceipt, IReadOnlyList<EventDraft> Events);

/// <summary>Inbox filters.</summary>
internal sealed record InboxQuery(bool UnreadOnly, bool RegisteredOnly, int Offset, int Limit);

/// <summary>Persistence of letters, their documents, receipts and evidence. Status changes go through the lifecycle only.</summary>
internal interface ILetterStore
{
    /// <summary>The next S10 serial; never the same twice. Throws when the series is exhausted.</summary>
    Task<long> NextSerialAsync(CancellationToken cancellationToken);

    Task<StoredLetter?> FindByIdempotencyKeyAsync(Guid senderPartyId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Stores the letter, or returns the id of the letter already stored under the same Idempotency-Key.</summary>
    Task<(bool Created, Guid LetterId)> SubmitAsync(NewLetter letter, DateTimeOffset now, CancellationToken cancellationToken);

    Task<StoredLetter?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<StoredLetter?> FindByS10Async(string s10, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDocument>> DocumentsAsync(Guid letterId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SealedEvidence>> EventsAsync(Guid letterId, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, byte[]>> ReceiptsAsync(Guid letterId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredLetter>> InboxAsync(Guid mailboxId, InboxQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredLetter>> SentAsync(Guid senderPartyId, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Records the first opening by the recipient (with its event); false if it was opened before.</summary>
    Task<bool> MarkReadAsync(Guid letterId, EventDraft? evidence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Consigned registered letters whose accept window has passed.</summary>
    Task<IReadOnlyList<Guid>> DueForExpiryAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Consigned simple letters still unread when their sender's "print if not claimed in N days" has passed.</summary>
    Task<IReadOnlyList<Guid>> DueForPrintUnreadAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The global evidence log from <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<SealedEvidence>> LogAsync(long afterSeq, int limit, CancellationToken cancellationToken);
}
