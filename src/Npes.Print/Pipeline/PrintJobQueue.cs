using Quartz;

namespace Npes.Print.Pipeline;

/// <summary>
/// Puts one-shot jobs into Quartz' durable store, keyed by the id they work on: a job already waiting (or running,
/// or being recovered from a dead node) for the same id is not enqueued twice.
/// </summary>
internal sealed class PrintJobQueue
{
    public const string IdKey = "id";
    private IScheduler? _scheduler;

    internal void Attach(IScheduler scheduler) => _scheduler = scheduler;

    public Task EnqueueRenderAsync(Guid letterId, CancellationToken cancellationToken) =>
        EnqueueAsync<RenderPieceJob>(new JobKey(letterId.ToString("D"), RenderPieceJob.Group), letterId, cancellationToken);

    public Task EnqueueBuildAsync(Guid batchId, CancellationToken cancellationToken) =>
        EnqueueAsync<BuildBatchJob>(new JobKey(batchId.ToString("D"), BuildBatchJob.Group), batchId, cancellationToken);

    private async Task EnqueueAsync<TJob>(JobKey key, Guid id, CancellationToken cancellationToken)
        where TJob : IJob
    {
        if (_scheduler is not { } scheduler)
        {
            return; // The pipeline does not run in this process; a node that runs it sweeps the row up.
        }

        if (await scheduler.CheckExists(key, cancellationToken))
        {
            return;
        }

        var job = JobBuilder.Create<TJob>()
            .WithIdentity(key)
            .UsingJobData(IdKey, id.ToString("D"))
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, key.Group)
            .StartNow()
            .WithSimpleSchedule(s => s.WithMisfireHandlingInstructionFireNow())
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node enqueued it between the check and here.
        }
    }
}
