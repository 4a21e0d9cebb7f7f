namespace Npes.Core.Addressing;

/// <summary>A letter's recipient as the sender wrote it: name and postal address, optionally a УНП.</summary>
/// <param name="Name">Person's full name or organisation's name.</param>
/// <param name="Address">Postal address as free text.</param>
/// <param name="Unp">Organisation's taxpayer number, when the sender knows it.</param>
public sealed record RecipientQuery(string Name, string Address, string? Unp);

/// <summary>What a resolution decided. Anything but <see cref="Matched"/> sends the letter on paper.</summary>
public enum ResolutionOutcome
{
    /// <summary>Exactly one mailbox matches with confidence.</summary>
    Matched = 0,

    /// <summary>No mailbox is registered at the address.</summary>
    NoMailbox,

    /// <summary>Several mailboxes could be meant; NPES never guesses.</summary>
    SeveralCandidates,

    /// <summary>A mailbox is at the address, but its owner's name does not match the recipient's.</summary>
    NameMismatch,

    /// <summary>The address does not designate one delivery point (e.g. no apartment in a block of flats).</summary>
    AmbiguousAddress,

    /// <summary>The address text could not be understood.</summary>
    Unparseable,
}

/// <summary>The wire names of resolution outcomes (routing.outcome of a letter).</summary>
public static class ResolutionOutcomeNames
{
    public static string Name(this ResolutionOutcome outcome) => outcome switch
    {
        ResolutionOutcome.Matched => "matched",
        ResolutionOutcome.NoMailbox => "no_mailbox",
        ResolutionOutcome.SeveralCandidates => "several_candidates",
        ResolutionOutcome.NameMismatch => "name_mismatch",
        ResolutionOutcome.AmbiguousAddress => "ambiguous_address",
        ResolutionOutcome.Unparseable => "unparseable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };
}

/// <summary>The decision on one recipient, with a reason to record on the letter.</summary>
/// <param name="MailboxId">The mailbox, only when <paramref name="Outcome"/> is <see cref="ResolutionOutcome.Matched"/>.</param>
/// <param name="Outcome">The decision.</param>
/// <param name="Reason">A human sentence explaining it (recorded as evidence).</param>
public sealed record Resolution(Guid? MailboxId, ResolutionOutcome Outcome, string Reason)
{
    public static Resolution Match(Guid mailboxId, string reason) => new(mailboxId, ResolutionOutcome.Matched, reason);

    public static Resolution None(ResolutionOutcome outcome, string reason) =>
        outcome == ResolutionOutcome.Matched
            ? throw new ArgumentException("A match needs a mailbox id.", nameof(outcome))
            : new Resolution(null, outcome, reason);
}

/// <summary>
/// The seam between letters and addressing: recipient name + postal address → one mailbox or none, with a
/// reason. A wrong mailbox breaches the secrecy of correspondence, so when in doubt it answers "none".
/// </summary>
public interface IRecipientResolver
{
    Task<Resolution> ResolveAsync(RecipientQuery query, CancellationToken cancellationToken);
}
