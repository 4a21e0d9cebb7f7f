namespace Npes.Print.Pipeline;

/// <summary>The print pipeline's settings (<c>Npes:Print</c>); the page layout is <c>Npes:Print:Layout</c>.</summary>
public sealed class PrintOptions
{
    public const string Section = "Npes:Print";

    /// <summary>Runs the pipeline's scheduler in this process. Every server of a cluster may run it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz scheduler name: the same on every node of one cluster (one database).</summary>
    public string SchedulerName { get; set; } = "npes-print";

    /// <summary>This node's id in the cluster; empty: host name, process id and a random part.</summary>
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>Worker threads rendering pieces and building batches; 0: one per processor.</summary>
    public int WorkerThreads { get; set; }

    /// <summary>How often the sweeper takes new paper letters, re-enqueues what a crash left behind and closes batches.</summary>
    public int SweepSeconds { get; set; } = 5;

    /// <summary>How often an idle node looks for due jobs in the shared store (jobs enqueued by another node wake it no sooner).</summary>
    public int IdlePollMilliseconds { get; set; } = 1000;

    /// <summary>How often a node reports to the cluster; a node silent for longer is presumed dead and its jobs recovered.</summary>
    public int ClusterCheckinSeconds { get; set; } = 7;

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

    /// <summary>The print shop's time zone: decides which day a piece and a batch belong to.</summary>
    public string TimeZone { get; set; } = "Europe/Minsk";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(SchedulerName))
        {
            yield return "Npes:Print:SchedulerName must not be empty.";
        }

        if (WorkerThreads is < 0 or > 64)
        {
            yield return "Npes:Print:WorkerThreads must be 0..64.";
        }

        if (SweepSeconds is < 1 or > 3600)
        {
            yield return "Npes:Print:SweepSeconds must be 1..3600.";
        }

        if (IdlePollMilliseconds is < 1000 or > 60_000)
        {
            yield return "Npes:Print:IdlePollMilliseconds must be 1000..60000 (Quartz refuses less than a second).";
        }

        if (ClusterCheckinSeconds is < 1 or > 300)
        {
            yield return "Npes:Print:ClusterCheckinSeconds must be 1..300.";
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

        if (ResolveTimeZone(TimeZone) is null)
        {
            yield return $"Npes:Print:TimeZone '{TimeZone}' is not a known time zone.";
        }
    }

    internal static TimeZoneInfo? ResolveTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
