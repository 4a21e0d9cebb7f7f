using Npes.Core.Addressing;
using Npes.Core.Evidence;

namespace Npes.Core.Letters;

/// <summary>A letter as stored (documents, receipts and events apart).</summary>
public sealed record StoredLetter(
    Guid Id,
    string S10,
    Guid SenderPartyId,
    string Kind,
    string Subject,
    RecipientQuery Recipient,
    Guid? MailboxId,
    string RoutingOutcome,
    string RoutingReason,
    string Status,
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
}

/// <summary>A document as stored: metadata in clear, content sealed with the letter's key.</summary>
public sealed record StoredDocument(int Position, string Name, string MediaType, long Size, byte[] Sha256, byte[] Sealed);

/// <summary>An event to append: the store places it in the chains, and seals it.</summary>
public sealed record EventDraft(string Type, IReadOnlyDictionary<string, string> Details);

/// <summary>Everything a submission writes, in one transaction.</summary>
public sealed record NewLetter(StoredLetter Letter, IReadOnlyList<StoredDocument> Documents, byte[] AcceptanceReceipt, IReadOnlyList<EventDraft> Events, string? PaperReason);

/// <summary>Inbox filters.</summary>
public sealed record InboxQuery(bool UnreadOnly, bool RegisteredOnly, int Offset, int Limit);

/// <summary>A state change of a letter, applied only if the letter is still in <paramref name="FromStatus"/>.</summary>
public sealed record LetterTransition(string FromStatus, string ToStatus, string? ReceiptKind, byte[]? Receipt, IReadOnlyList<EventDraft> Events, string? PaperReason);

/// <summary>Persistence of letters, their documents, receipts and evidence.</summary>
public interface ILetterStore
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

    /// <summary>Applies the transition atomically; false when the letter had already left <c>FromStatus</c>.</summary>
    Task<bool> TransitionAsync(Guid letterId, LetterTransition transition, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records the first opening by the recipient (with its event); false if it was opened before.</summary>
    Task<bool> MarkReadAsync(Guid letterId, EventDraft? evidence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Consigned registered letters whose accept window has passed.</summary>
    Task<IReadOnlyList<Guid>> DueForExpiryAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Consigned simple letters still unread when their sender's "print if not claimed in N days" has passed.</summary>
    Task<IReadOnlyList<Guid>> DueForPrintUnreadAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The global evidence log from <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<SealedEvidence>> LogAsync(long afterSeq, int limit, CancellationToken cancellationToken);
}
