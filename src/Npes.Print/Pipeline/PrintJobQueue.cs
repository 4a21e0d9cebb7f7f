using Hangfire;
using Npes.Print.Store;

namespace Npes.Print.Pipeline;

/// <summary>
/// Puts one-shot jobs into the durable job store. A job carries the id it works on, nothing else; the piece or batch
/// row records when its job was enqueued, so the sweeper enqueues again only what a lost job left undone after a lease.
/// </summary>
internal sealed class PrintJobQueue(IBackgroundJobClient jobs, PieceStore pieces, BatchStore batches, TimeProvider time)
{
    /// <summary>How long an enqueued job may take before the sweeper assumes it lost and enqueues it again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task EnqueueRenderAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await pieces.MarkRenderEnqueuedAsync([letterId], time.GetUtcNow(), cancellationToken);
        jobs.Enqueue<PrintJobs>(j => j.RenderAsync(letterId, CancellationToken.None));
    }

    public async Task EnqueueBuildAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await batches.MarkBuildEnqueuedAsync([batchId], time.GetUtcNow(), cancellationToken);
        jobs.Enqueue<PrintJobs>(j => j.BuildAsync(batchId, CancellationToken.None));
    }

    /// <summary>Enqueues renders for pieces whose earlier job (if any) is older than the lease.</summary>
    public async Task<int> EnqueueDueRendersAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await pieces.ClaimDueForRenderAsync(now, now - Lease, limit, cancellationToken);
        foreach (var letterId in due)
        {
            jobs.Enqueue<PrintJobs>(j => j.RenderAsync(letterId, CancellationToken.None));
        }

        return due.Count;
    }

    /// <summary>Enqueues builds for closed batches whose earlier job (if any) is older than the lease.</summary>
    public async Task<int> EnqueueDueBuildsAsync(int maxAttempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await batches.ClaimDueForBuildAsync(maxAttempts, now, now - Lease, cancellationToken);
        foreach (var batchId in due)
        {
            jobs.Enqueue<PrintJobs>(j => j.BuildAsync(batchId, CancellationToken.None));
        }

        return due.Count;
    }
}
