using Npes.Core.Options;
using Npes.Storage.Jobs;

namespace Npes.Print.Pipeline;

/// <summary>The print pipeline's settings (<c>Npes:Print</c>); the page layout is <c>Npes:Print:Layout</c>.</summary>
public sealed class PrintOptions : IValidatedOptions
{
    public const string Section = "Npes:Print";

    /// <summary>How often the sweeper takes new paper letters, re-enqueues what a crash left behind and closes batches (a divisor of a minute).</summary>
    public int SweepSeconds { get; set; } = 5;

    /// <summary>A batch closes this long after it opened (or when its day ends, or when full).</summary>
    public int BatchMaxAgeMinutes { get; set; } = 60;

    /// <summary>A batch closes when it holds this many pieces.</summary>
    public int BatchMaxPieces { get; set; } = 500;

    /// <summary>Rendering attempts before a piece needs attention.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; it doubles with each failed attempt.</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>Print files (pieces and batch) are deleted this long after dispatch; 0 deletes them at the next sweep.</summary>
    public int FileRetentionHours { get; set; } = 72;

    public IEnumerable<string> Validate()
    {
        if (SweepSeconds is < 1 or > 60 || Every.Cron(TimeSpan.FromSeconds(SweepSeconds)) is null)
        {
            yield return "Npes:Print:SweepSeconds must divide a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60).";
        }

        if (BatchMaxAgeMinutes is < 1 or > 1440)
        {
            yield return "Npes:Print:BatchMaxAgeMinutes must be 1..1440.";
        }

        if (BatchMaxPieces is < 1 or > 10_000)
        {
            yield return "Npes:Print:BatchMaxPieces must be 1..10000.";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return "Npes:Print:MaxAttempts must be 1..100.";
        }

        if (RetryBaseSeconds is < 1 or > 86_400)
        {
            yield return "Npes:Print:RetryBaseSeconds must be 1..86400.";
        }

        if (FileRetentionHours is < 0 or > 24 * 365)
        {
            yield return "Npes:Print:FileRetentionHours must be 0..8760.";
        }
    }
}
