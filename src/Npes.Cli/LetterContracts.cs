using System.Globalization;

namespace Npes.Cli;

/// <summary>A letter as its sender sees it (GET /api/v1/letters/{id}).</summary>
internal sealed record LetterView(
    Guid Id,
    string S10,
    string Kind,
    string Subject,
    string Status,
    RecipientView Recipient,
    RoutingResult Routing,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptDeadline,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<EventView> Events,
    IReadOnlyList<string> Receipts);

internal sealed record RecipientView(string? Name, string? Address, string? Unp);

internal sealed record DocumentView(int Position, string Name, string MediaType, long Size, string Sha256);

internal sealed record EventView(int Seq, long GlobalSeq, string Type, DateTimeOffset OccurredAt, IReadOnlyDictionary<string, string> Details, string Hash);

/// <summary>A line of the inbox (GET /api/v1/mailbox/letters).</summary>
internal sealed record InboxItem(Guid Id, string S10, string Kind, string SenderName, string Subject, string Status, DateTimeOffset SubmittedAt, bool Read, bool ContentAvailable);

/// <summary>A letter opened in the inbox; documents are listed once its content is released.</summary>
internal sealed record InboxLetter(
    Guid Id,
    string S10,
    string Kind,
    string SenderName,
    string Subject,
    string Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptDeadline,
    bool ContentAvailable,
    IReadOnlyList<DocumentView>? Documents,
    IReadOnlyList<EventView> Events);

/// <summary>The statement to sign for a decision on a registered letter.</summary>
internal sealed record StatementView(string Decision, string ToBeSigned, DateTimeOffset ValidUntil);

internal sealed record DecisionResult(Guid Id, string S10, string Status);

internal static class LetterIds
{
    /// <summary>A letter id is the GUID that <c>npes send</c>, <c>npes inbox</c> and the API print.</summary>
    public static Guid Parse(string? text) =>
        Guid.TryParse(text, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new CliException($"'{text}' is not a letter id (a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301, as `npes send` and `npes inbox` print).") { ExitCode = 2 };
}
