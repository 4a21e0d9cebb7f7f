using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Npes.Core.Observability;

/// <summary>
/// NPES' own instruments (meter <see cref="MeterName"/>, System.Diagnostics.Metrics): features record what happened,
/// the host exports it (OpenTelemetry, Prometheus). Tag values come from fixed vocabularies (error codes, routes,
/// queue names), never from input, so no caller can grow the number of series.
/// </summary>
public sealed class NpesMetrics
{
    public const string MeterName = "Npes";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _routed;
    private readonly Counter<long> _jobFailures;
    private readonly Counter<long> _unavailable;

    public NpesMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        _accepted = Meter.CreateCounter<long>("npes.letters.accepted", "{letter}", "Letters accepted for delivery, by kind and channel.");
        _refused = Meter.CreateCounter<long>("npes.letters.refused", "{letter}", "Letter submissions refused, by error code.");
        _routed = Meter.CreateCounter<long>("npes.letters.routed", "{letter}", "Routing outcomes of accepted letters.");
        _jobFailures = Meter.CreateCounter<long>("npes.jobs.failed", "{failure}", "Background job runs that ended in an exception, by job.");
        _unavailable = Meter.CreateCounter<long>("npes.database.unavailable_responses", "{response}", "Requests answered 503 npes.unavailable because the database could not be reached.");
    }

    /// <summary>The meter, for instruments a feature observes itself (gauges).</summary>
    public Meter Meter { get; }

    public void LetterAccepted(string kind, string channel) =>
        _accepted.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("channel", channel));

    /// <param name="code">A catalogue code (<c>NpesErrors</c>), never free text.</param>
    public void LetterRefused(string code) => _refused.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <param name="outcome">The resolver's outcome name (a fixed vocabulary).</param>
    public void LetterRouted(string outcome) => _routed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="job">The job's type and method name.</param>
    public void JobFailed(string job) => _jobFailures.Add(1, new KeyValuePair<string, object?>("job", job));

    public void DatabaseUnavailable() => _unavailable.Add(1);

    /// <summary>Registers the instruments once per container (features and the host may all ask).</summary>
    public static IServiceCollection Add(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<NpesMetrics>();
        return services;
    }
}

/// <summary>One queue's state at a moment: how many items wait and how long the oldest has waited.</summary>
/// <param name="Queue">A fixed name: <c>paper</c>, <c>print.pending</c>, <c>webhooks</c>, …</param>
public sealed record QueueReading(string Queue, long Depth, TimeSpan? OldestAge);

/// <summary>
/// A feature's queues, read by the host's metrics sampler (depth and age of the oldest item). The hook for any feature
/// with work waiting (the paper leg, webhooks, notifications): register one with
/// <c>services.AddSingleton&lt;IQueueProbe, …&gt;()</c>.
/// </summary>
public interface IQueueProbe
{
    Task<IReadOnlyList<QueueReading>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
