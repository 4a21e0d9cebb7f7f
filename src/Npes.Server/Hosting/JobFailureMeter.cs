using Hangfire.Common;
using Hangfire.Server;
using Npes.Core.Observability;

namespace Npes.Server.Hosting;

/// <summary>Counts job runs that ended in an exception (each attempt, retried or not) by job type and method.</summary>
internal sealed class JobFailureMeter(NpesMetrics metrics) : IServerFilter
{
    /// <summary>This node's job server's filters: the meter, beside Hangfire's global ones.</summary>
    public static IJobFilterProvider Provider(NpesMetrics metrics)
    {
        var filters = new JobFilterCollection();
        filters.Add(new JobFailureMeter(metrics));
        return filters;
    }

    public void OnPerforming(PerformingContext context)
    {
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Exception is not null && !context.ExceptionHandled)
        {
            var job = context.BackgroundJob.Job;
            metrics.JobFailed(job is null ? "unknown" : job.Type.Name + "." + job.Method.Name);
        }
    }
}
