using System.Collections.Specialized;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;

namespace Npes.Print.Pipeline;

/// <summary>
/// Hosts the Quartz scheduler of the print pipeline: ADO job store on NPES' PostgreSQL (tables from NPES'
/// migrations), clustered, so every server running it shares the work and recovers a dead node's jobs.
/// </summary>
internal sealed partial class PrintScheduler(
    IServiceProvider services,
    PrintJobQueue queue,
    IOptions<PrintOptions> options,
    PrintDatabase database,
    ILogger<PrintScheduler> logger) : IHostedService
{
    private IScheduler? _scheduler;

    /// <summary>This node's id in the cluster (empty until started).</summary>
    public string InstanceId => _scheduler?.SchedulerInstanceId ?? string.Empty;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var problems = o.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(PrintOptions.Section, typeof(PrintOptions), problems);
        }

        if (!o.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var instanceId = string.IsNullOrWhiteSpace(o.InstanceId)
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}")
            : o.InstanceId;
        var threads = o.WorkerThreads > 0 ? o.WorkerThreads : Environment.ProcessorCount;
        var properties = new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = o.SchedulerName,
            ["quartz.scheduler.instanceId"] = instanceId,
            ["quartz.scheduler.idleWaitTime"] = o.IdlePollMilliseconds.ToString(CultureInfo.InvariantCulture),
            ["quartz.scheduler.batchTriggerAcquisitionMaxCount"] = threads.ToString(CultureInfo.InvariantCulture),
            ["quartz.threadPool.maxConcurrency"] = threads.ToString(CultureInfo.InvariantCulture),
            ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
            ["quartz.jobStore.driverDelegateType"] = "Quartz.Impl.AdoJobStore.PostgreSQLDelegate, Quartz",
            ["quartz.jobStore.tablePrefix"] = "qrtz_",
            ["quartz.jobStore.useProperties"] = "true",
            ["quartz.jobStore.clustered"] = "true",
            ["quartz.jobStore.acquireTriggersWithinLock"] = "true",
            ["quartz.jobStore.clusterCheckinInterval"] = (o.ClusterCheckinSeconds * 1000).ToString(CultureInfo.InvariantCulture),
            ["quartz.jobStore.performSchemaValidation"] = "true",
            ["quartz.jobStore.dataSource"] = "npes",
            ["quartz.dataSource.npes.provider"] = "Npgsql",
            ["quartz.dataSource.npes.connectionString"] = database.ConnectionString(),
            ["quartz.serializer.type"] = typeof(QuartzJsonSerializer).AssemblyQualifiedName,
        };
        var scheduler = await new StdSchedulerFactory(properties).GetScheduler(cancellationToken);
        scheduler.JobFactory = new ServiceJobFactory(services);
        await scheduler.Start(cancellationToken);
        var sweep = JobBuilder.Create<PrintSweepJob>().WithIdentity(PrintSweepJob.Key).Build();
        var every = TriggerBuilder.Create()
            .WithIdentity(PrintSweepJob.Key.Name, PrintSweepJob.Key.Group)
            .StartNow()
            .WithSimpleSchedule(s => s.WithIntervalInSeconds(o.SweepSeconds).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount())
            .Build();
        // Every node (re)states the one sweep schedule; the cluster fires it on one node at a time.
        await scheduler.ScheduleJob(sweep, [every], replace: true, cancellationToken);
        queue.Attach(scheduler);
        _scheduler = scheduler;
        LogStarted(logger, o.SchedulerName, instanceId, threads);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Print pipeline started: scheduler {Name}, node {InstanceId}, {Threads} workers")]
    private static partial void LogStarted(ILogger logger, string name, string instanceId, int threads);

    [LoggerMessage(Level = LogLevel.Information, Message = "Print pipeline disabled in this process (Npes:Print:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    /// <summary>Jobs come from the container, in a scope of their own.</summary>
    private sealed class ServiceJobFactory(IServiceProvider services) : IJobFactory
    {
        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler)
        {
            ArgumentNullException.ThrowIfNull(bundle);
            return (IJob)ActivatorUtilities.CreateInstance(services, bundle.JobDetail.JobType);
        }

        public void ReturnJob(IJob job)
        {
        }
    }
}

/// <summary>Where Quartz finds the database: the same PostgreSQL NPES uses (given by the host).</summary>
/// <param name="ConnectionString">Read when the scheduler starts, after the database is up and migrated.</param>
internal sealed record PrintDatabase(Func<string> ConnectionString);
