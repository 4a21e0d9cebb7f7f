using System.Data.Common;

namespace Npes.Core.Letters;

/// <summary>Where a letter stands. The letters feature's lifecycle is the only code that changes it.</summary>
public enum LetterStatus
{
    /// <summary>In the recipient's mailbox; a registered letter waits for the signed handover.</summary>
    Consigned = 1,

    /// <summary>The recipient signed for a registered letter; content released.</summary>
    HandedOver,

    /// <summary>The recipient refused a registered letter (signed).</summary>
    Refused,

    /// <summary>The accept window passed without a signature.</summary>
    Expired,

    /// <summary>Going to the paper leg: waiting for the print pipeline.</summary>
    AwaitingPrint,

    /// <summary>Printed by the print shop.</summary>
    Printed,

    /// <summary>Enveloped and handed to the postal network.</summary>
    Dispatched,

    /// <summary>The postal network reports the paper letter delivered.</summary>
    DeliveredOnPaper,

    /// <summary>The paper letter came back (address unknown, refused, not collected).</summary>
    Returned,
}

/// <summary>Which channel a letter takes when it is accepted.</summary>
public enum LetterRoute
{
    /// <summary>Exactly one mailbox matched: the letter is consigned to it.</summary>
    Mailbox = 1,

    /// <summary>No confident match (or the operator's own paper letter): the paper leg.</summary>
    Paper,
}

/// <summary>Everything that moves a letter from one status to another. The lifecycle's table says where each may happen.</summary>
public enum LetterAction
{
    /// <summary>Accepted and consigned to the matched mailbox (SubmissionAcceptance, ContentConsignment; acceptance receipt).</summary>
    SubmitToMailbox = 1,

    /// <summary>Accepted and sent to the paper leg (SubmissionAcceptance, RelayToNonERDS; acceptance receipt, paper queue).</summary>
    SubmitToPaper,

    /// <summary>The recipient signed for a registered letter (ConsignmentAcceptance, ContentHandover; delivery notice).</summary>
    Handover,

    /// <summary>The recipient refused a registered letter with a signed statement (ConsignmentRejection; refusal notice).</summary>
    Refuse,

    /// <summary>The accept window passed (AcceptanceRejectionExpiry; expiry notice).</summary>
    Expire,

    /// <summary>The accept window passed and the sender's policy sends it on paper (AcceptanceRejectionExpiry, RelayToNonERDS; expiry notice, paper queue).</summary>
    ExpireToPaper,

    /// <summary>A simple letter stayed unread past the sender's print-if-not-claimed days (RelayToNonERDS; paper queue).</summary>
    RelayUnclaimed,

    /// <summary>The print shop printed it (Printed).</summary>
    Print,

    /// <summary>The print shop handed it to the postal network (Dispatched).</summary>
    Dispatch,

    /// <summary>The postal network delivered the paper letter (DeliveredOnPaper).</summary>
    DeliverOnPaper,

    /// <summary>The paper letter came back (Returned).</summary>
    Return,
}

/// <summary>Wire names of statuses: stored as text and shown to clients, which match on them.</summary>
public static class LetterStatusNames
{
    private static readonly Dictionary<LetterStatus, string> Names = new()
    {
        [LetterStatus.Consigned] = LetterStatuses.Consigned,
        [LetterStatus.HandedOver] = LetterStatuses.HandedOver,
        [LetterStatus.Refused] = LetterStatuses.Refused,
        [LetterStatus.Expired] = LetterStatuses.Expired,
        [LetterStatus.AwaitingPrint] = LetterStatuses.AwaitingPrint,
        [LetterStatus.Printed] = LetterStatuses.Printed,
        [LetterStatus.Dispatched] = LetterStatuses.Dispatched,
        [LetterStatus.DeliveredOnPaper] = LetterStatuses.DeliveredOnPaper,
        [LetterStatus.Returned] = LetterStatuses.Returned,
    };

    private static readonly Dictionary<string, LetterStatus> ByName = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    public static string ToWire(this LetterStatus status) =>
        Names.TryGetValue(status, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown letter status.");

    public static LetterStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"'{name}' is not a letter status.");
}

/// <summary>One letter's part in a lifecycle action: the details of each event the transition writes, in order, and the notice it brings.</summary>
/// <param name="LetterId">The letter.</param>
/// <param name="EventDetails">Details of each event of the transition, in the table's order.</param>
/// <param name="Receipt">The operator-signed notice, for transitions that bring one.</param>
/// <param name="PaperReason">Why the letter goes to paper, for transitions that queue it.</param>
public sealed record LetterActionItem(Guid LetterId, IReadOnlyList<IReadOnlyDictionary<string, string>> EventDetails, byte[]? Receipt = null, string? PaperReason = null);

/// <summary>
/// The seam through which other features (the paper leg) move letters: the action is applied in the caller's
/// transaction, through the letters feature's one table of allowed transitions, with its evidence.
/// </summary>
public interface ILetterLifecycle
{
    /// <summary>
    /// Applies <paramref name="action"/> to every letter of <paramref name="letters"/> inside <paramref name="transaction"/>.
    /// Throws a catalogued 409 refusal, writing nothing, when any of them is not in a status the action allows.
    /// </summary>
    Task ApplyAsync(DbTransaction transaction, LetterAction action, IReadOnlyList<LetterActionItem> letters, DateTimeOffset now, CancellationToken cancellationToken);
}
