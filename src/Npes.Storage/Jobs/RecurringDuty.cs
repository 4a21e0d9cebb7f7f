using Hangfire;

namespace Npes.Storage.Jobs;

/// <summary>A background duty that runs on a schedule, once per cluster (not once per node).</summary>
public interface IRecurringDuty
{
    /// <summary>Does one round of the duty: bounded work, safe to run twice, stops when cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>A duty a feature registered: its stable id, how often it runs, and how it is put on the schedule.</summary>
public sealed record RecurringDutyRegistration(string Id, TimeSpan Every, Action<IRecurringJobManager, string> Schedule);

/// <summary>Intervals as the cron expressions the job engine schedules by (with seconds).</summary>
public static class Every
{
    /// <summary>
    /// A cron expression that fires every <paramref name="interval"/>: whole seconds dividing a minute, whole minutes
    /// dividing an hour, or whole hours dividing a day; null for anything else.
    /// </summary>
    public static string? Cron(TimeSpan interval)
    {
        var seconds = interval.TotalSeconds;
        if (seconds != Math.Floor(seconds) || seconds < 1)
        {
            return null;
        }

        var s = (int)seconds;
        return s switch
        {
            < 60 when 60 % s == 0 => s == 1 ? "* * * * * *" : $"*/{s} * * * * *",
            < 3600 when s % 60 == 0 && 60 % (s / 60) == 0 => $"0 */{s / 60} * * * *",
            <= 86400 when s % 3600 == 0 && 24 % (s / 3600) == 0 => $"0 0 */{s / 3600} * * *",
            _ => null,
        };
    }
}
