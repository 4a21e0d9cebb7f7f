using Quartz;

namespace Npes.Print.Pipeline;

/// <summary>Renders one piece; the job carries the letter id only.</summary>
internal sealed class RenderPieceJob(PrintPipeline pipeline) : IJob
{
    public const string Group = "render";

    public Task Execute(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var letterId = Guid.Parse(context.MergedJobDataMap.GetString(PrintJobQueue.IdKey)!);
        return pipeline.RenderAsync(letterId, context.Scheduler.SchedulerInstanceId, context.CancellationToken);
    }
}

/// <summary>Builds one closed batch's file; the job carries the batch id only.</summary>
internal sealed class BuildBatchJob(PrintPipeline pipeline) : IJob
{
    public const string Group = "build";

    public Task Execute(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batchId = Guid.Parse(context.MergedJobDataMap.GetString(PrintJobQueue.IdKey)!);
        return pipeline.BuildAsync(batchId, context.CancellationToken);
    }
}

/// <summary>The recurring sweeper; one run at a time across the cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class PrintSweepJob(PrintPipeline pipeline) : IJob
{
    public static readonly JobKey Key = new("sweep", "print");

    public Task Execute(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return pipeline.SweepAsync(context.CancellationToken);
    }
}
