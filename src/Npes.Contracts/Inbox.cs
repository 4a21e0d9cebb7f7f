namespace Npes.Contracts;

/// <summary>A letter in the caller's inbox. A registered letter shows sender and subject only until signed for.</summary>
public sealed record InboxItemDto(Guid Id, string S10, string Kind, string SenderName, string Subject, string Status, DateTimeOffset SubmittedAt, bool Read, bool ContentAvailable);

/// <summary>A letter opened in the inbox; documents are listed once the content is released.</summary>
public sealed record InboxLetterDto(
    Guid Id,
    string S10,
    string Kind,
    string SenderName,
    string Subject,
    string Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptDeadline,
    bool ContentAvailable,
    IReadOnlyList<DocumentDto>? Documents,
    IReadOnlyList<EventDto> Events);

/// <summary>The statement to sign for a decision on a registered letter.</summary>
/// <param name="Decision">accept or refuse.</param>
/// <param name="ToBeSigned">The exact bytes to sign with the recipient's EDS (base64 of UTF-8 text).</param>
/// <param name="ValidUntil">The signed statement is refused after this instant.</param>
public sealed record StatementDto(string Decision, string ToBeSigned, DateTimeOffset ValidUntil);

/// <summary>A signed decision: the statement as issued, the signature, the certificate (and optional intermediates).</summary>
public sealed record DecisionRequest(string? Statement, string? Signature, string? Certificate, IReadOnlyList<string>? Chain);

/// <summary>The letter's new state.</summary>
public sealed record DecisionResponse(Guid Id, string S10, string Status);
