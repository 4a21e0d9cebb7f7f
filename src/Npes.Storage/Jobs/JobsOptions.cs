using Npes.Core.Options;

namespace Npes.Storage.Jobs;

/// <summary>Configuration section <c>Npes:Jobs</c>: the durable job engine (Hangfire on NPES' PostgreSQL).</summary>
public sealed class JobsOptions : IValidatedOptions
{
    public const string Section = "Npes:Jobs";

    /// <summary>Runs a job server in this process. Every node of a cluster may; each job still runs once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs this node runs at once; 0: one per processor.</summary>
    public int WorkerCount { get; set; }

    /// <summary>This node's name in the cluster (shown in the dashboard, recorded on rendered pieces); empty: host, process id and a random part.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>How long a job fetched by a node that then died stays invisible before another node takes it over.</summary>
    public TimeSpan TakeoverAfter { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (WorkerCount is < 0 or > 64)
        {
            yield return "Npes:Jobs:WorkerCount must be 0..64.";
        }

        if (NodeName.Length > 100)
        {
            yield return "Npes:Jobs:NodeName must be at most 100 characters.";
        }

        if (TakeoverAfter < TimeSpan.FromSeconds(10) || TakeoverAfter > TimeSpan.FromHours(1))
        {
            yield return "Npes:Jobs:TakeoverAfter must be between 10 seconds and 1 hour.";
        }
    }
}
