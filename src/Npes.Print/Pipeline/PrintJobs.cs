using Hangfire;
using Npes.Storage.Jobs;

namespace Npes.Print.Pipeline;

/// <summary>The print pipeline's one-shot jobs: each carries an id only and may run twice, on any node, without harm.</summary>
internal sealed class PrintJobs(PrintPipeline pipeline, NodeIdentity node)
{
    /// <summary>Renders one piece. A database failure fails the job (retried; the sweeper enqueues it again after its lease).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    public Task RenderAsync(Guid letterId, CancellationToken cancellationToken) => pipeline.RenderAsync(letterId, node.Name, cancellationToken);

    /// <summary>Builds one closed batch's file.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    public Task BuildAsync(Guid batchId, CancellationToken cancellationToken) => pipeline.BuildAsync(batchId, cancellationToken);
}

/// <summary>The recurring sweep of the paper leg (once per cluster).</summary>
internal sealed class PrintSweep(PrintPipeline pipeline) : IRecurringDuty
{
    public const string Id = "print-sweep";

    public Task RunAsync(CancellationToken cancellationToken) => pipeline.SweepAsync(cancellationToken);
}
