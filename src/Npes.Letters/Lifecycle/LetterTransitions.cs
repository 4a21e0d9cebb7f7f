using Npes.Core.Letters;

namespace Npes.Letters.Lifecycle;

/// <summary>
/// What one action does to a letter: the statuses it may start from (none for a new letter), the status it leads to,
/// the kind of letter it applies to, the evidence events it writes (in order), the operator-signed notice it brings,
/// and whether it queues the letter for the paper leg. Every event also reaches the sender's webhook (through the
/// evidence hooks), so that column is the same for all.
/// </summary>
internal sealed record Transition(
    LetterAction Action,
    IReadOnlySet<LetterStatus> From,
    LetterStatus To,
    string? Kind,
    IReadOnlyList<string> Events,
    string? Receipt,
    bool QueuesPaper)
{
    /// <summary>Transitions that create a letter start from no status.</summary>
    public bool CreatesLetter => From.Count == 0;

    public bool Allows(LetterStatus status, string kind) =>
        From.Contains(status) && (Kind is null || Kind == kind);
}

/// <summary>The one table of a letter's allowed status changes.</summary>
internal static class LetterTransitions
{
    public static readonly IReadOnlyList<Transition> All =
    [
        new(LetterAction.SubmitToMailbox, Statuses(), LetterStatus.Consigned, null,
            [EvidenceTypes.SubmissionAcceptance, EvidenceTypes.ContentConsignment], ReceiptKinds.Acceptance, false),
        new(LetterAction.SubmitToPaper, Statuses(), LetterStatus.AwaitingPrint, null,
            [EvidenceTypes.SubmissionAcceptance, EvidenceTypes.RelayToNonERDS], ReceiptKinds.Acceptance, true),
        new(LetterAction.Handover, Statuses(LetterStatus.Consigned), LetterStatus.HandedOver, LetterKinds.Registered,
            [EvidenceTypes.ConsignmentAcceptance, EvidenceTypes.ContentHandover], ReceiptKinds.Delivery, false),
        new(LetterAction.Refuse, Statuses(LetterStatus.Consigned), LetterStatus.Refused, LetterKinds.Registered,
            [EvidenceTypes.ConsignmentRejection], ReceiptKinds.Refusal, false),
        new(LetterAction.Expire, Statuses(LetterStatus.Consigned), LetterStatus.Expired, LetterKinds.Registered,
            [EvidenceTypes.AcceptanceRejectionExpiry], ReceiptKinds.Expiry, false),
        new(LetterAction.ExpireToPaper, Statuses(LetterStatus.Consigned), LetterStatus.AwaitingPrint, LetterKinds.Registered,
            [EvidenceTypes.AcceptanceRejectionExpiry, EvidenceTypes.RelayToNonERDS], ReceiptKinds.Expiry, true),
        new(LetterAction.RelayUnclaimed, Statuses(LetterStatus.Consigned), LetterStatus.AwaitingPrint, LetterKinds.Simple,
            [EvidenceTypes.RelayToNonERDS], null, true),
        new(LetterAction.Print, Statuses(LetterStatus.AwaitingPrint), LetterStatus.Printed, null,
            [EvidenceTypes.Printed], null, false),
        new(LetterAction.Dispatch, Statuses(LetterStatus.Printed), LetterStatus.Dispatched, null,
            [EvidenceTypes.Dispatched], null, false),
        new(LetterAction.DeliverOnPaper, Statuses(LetterStatus.Dispatched), LetterStatus.DeliveredOnPaper, null,
            [EvidenceTypes.DeliveredOnPaper], null, false),
        new(LetterAction.Return, Statuses(LetterStatus.Dispatched), LetterStatus.Returned, null,
            [EvidenceTypes.Returned], null, false),
    ];

    private static readonly Dictionary<LetterAction, Transition> ByAction = All.ToDictionary(t => t.Action);

    public static Transition Of(LetterAction action) =>
        ByAction.TryGetValue(action, out var transition) ? transition : throw new ArgumentOutOfRangeException(nameof(action), action, "No transition is defined for this action.");

    private static HashSet<LetterStatus> Statuses(params LetterStatus[] statuses) => [.. statuses];
}
