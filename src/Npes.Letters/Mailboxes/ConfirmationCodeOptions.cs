using Npes.Core.Options;

namespace Npes.Letters.Mailboxes;

/// <summary>
/// Configuration section <c>Npes:Letters:ConfirmationCodes</c>: each code is a letter printed and posted at the
/// operator's cost, so new codes on request are limited per address and per mailbox in a sliding period, and wrong
/// codes are counted in a window that a new code does not reset.
/// </summary>
public sealed class ConfirmationCodeOptions : IValidatedOptions
{
    public const string Section = "Npes:Letters:ConfirmationCodes";

    /// <summary>The sliding period in which resends are counted.</summary>
    public TimeSpan ResendPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>New codes one address may be sent in a period (the code sent at registration does not count).</summary>
    public int MaxResendsPerAddress { get; set; } = 5;

    /// <summary>New codes all addresses of one mailbox may be sent together in a period.</summary>
    public int MaxResendsPerMailbox { get; set; } = 10;

    /// <summary>Wrong codes allowed for an address in <see cref="AttemptWindow"/>; a new code does not reset the count.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The window, from the first wrong code, in which wrong codes are counted.</summary>
    public TimeSpan AttemptWindow { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Validate()
    {
        if (ResendPeriod < TimeSpan.FromMinutes(1) || ResendPeriod > TimeSpan.FromDays(366))
        {
            yield return "Npes:Letters:ConfirmationCodes:ResendPeriod must be between 1 minute and 366 days.";
        }

        if (MaxResendsPerAddress is < 0 or > 1000 || MaxResendsPerMailbox is < 0 or > 10_000)
        {
            yield return "Npes:Letters:ConfirmationCodes:MaxResendsPerAddress (0 to 1000) and MaxResendsPerMailbox (0 to 10000) are out of range.";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return "Npes:Letters:ConfirmationCodes:MaxAttempts must be between 1 and 100.";
        }

        if (AttemptWindow < TimeSpan.FromMinutes(1) || AttemptWindow > TimeSpan.FromDays(366))
        {
            yield return "Npes:Letters:ConfirmationCodes:AttemptWindow must be between 1 minute and 366 days.";
        }
    }
}
