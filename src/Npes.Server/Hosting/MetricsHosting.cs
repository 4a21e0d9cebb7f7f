using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npes.Core.Http;
using Npes.Core.Observability;
using Npes.Core.Options;
using Npes.Storage;
using OpenTelemetry.Metrics;

namespace Npes.Server.Hosting;

/// <summary>Configuration section <c>Npes:Metrics</c>.</summary>
internal sealed class MetricsOptions : IValidatedOptions
{
    public const string Section = "Npes:Metrics";

    /// <summary>Serve <c>/metrics</c> (Prometheus text format).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often queue depths and the database's availability are read.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A bearer token a Prometheus server may scrape with (<c>bearer_token_file</c>); unset: operators' sessions only.</summary>
    public string? ScrapeToken { get; set; }

    public IEnumerable<string> Validate()
    {
        if (SampleInterval < TimeSpan.FromSeconds(1) || SampleInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:SampleInterval must be between 00:00:01 and 00:10:00.";
        }

        if (ScrapeToken is { } token && (token.Length is < 32 or > 512 || token.Any(c => c <= ' ' || c > '~')))
        {
            yield return $"{Section}:ScrapeToken must be 32 to 512 visible ASCII characters (e.g. `openssl rand -hex 32`).";
        }
    }
}

/// <summary>
/// OpenTelemetry metrics of NPES (meter <see cref="NpesMetrics.MeterName"/>) exported at <c>/metrics</c> in Prometheus'
/// text format, for operators (bearer session with the operator role) or a scraper holding <c>Npes:Metrics:ScrapeToken</c>.
/// </summary>
internal static class MetricsHosting
{
    public const string Path = "/metrics";
    public const string Policy = "metrics";

    public static WebApplicationBuilder AddNpesMetrics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MetricsOptions>(builder.Configuration, MetricsOptions.Section);
        NpesMetrics.Add(services);
        services.AddSingleton<QueueSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueSampler>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(NpesMetrics.MeterName)
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAssertion(context =>
            context.User.IsInRole(Roles.Operator)
            || (context.Resource is HttpContext http && ScrapeTokenMatches(http))));
        return builder;
    }

    public static WebApplication MapNpesMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(Policy);
        }

        return app;
    }

    private static bool ScrapeTokenMatches(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.ScrapeToken;
        var header = http.Request.Headers.Authorization.ToString();
        if (configured is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        // Compare digests, in constant time: neither the length nor a prefix of the token leaks through timing.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)),
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())));
    }
}

/// <summary>
/// Reads every <see cref="IQueueProbe"/> (paper, print, webhooks, and whatever a feature adds) and whether the database
/// answers, every <see cref="MetricsOptions.SampleInterval"/>; the gauges report the last reading, so a scrape never
/// waits for the database.
/// </summary>
internal sealed partial class QueueSampler : BackgroundService
{
    private readonly IEnumerable<IQueueProbe> _probes;
    private readonly Npgsql.NpgsqlDataSource _dataSource;
    private readonly DatabaseAvailability _availability;
    private readonly IOptions<MetricsOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<QueueSampler> _logger;
    private volatile IReadOnlyList<QueueReading> _readings = [];
    private volatile int _databaseUp = 1;

    public QueueSampler(
        IEnumerable<IQueueProbe> probes,
        Npgsql.NpgsqlDataSource dataSource,
        DatabaseAvailability availability,
        NpesMetrics metrics,
        IOptions<MetricsOptions> options,
        TimeProvider clock,
        ILogger<QueueSampler> logger)
    {
        _probes = probes;
        _dataSource = dataSource;
        _availability = availability;
        _options = options;
        _clock = clock;
        _logger = logger;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("npes.queue.depth", () => _readings.Select(r => new Measurement<long>(r.Depth, new KeyValuePair<string, object?>("queue", r.Queue))), "{item}", "Items waiting, by queue.");
        meter.CreateObservableGauge("npes.queue.oldest_age", () => _readings.Select(r => new Measurement<double>(r.OldestAge?.TotalSeconds ?? 0, new KeyValuePair<string, object?>("queue", r.Queue))), "s", "How long the oldest waiting item has waited, by queue (0 when empty).");
        meter.CreateObservableGauge("npes.database.up", () => _databaseUp, "1", "1 when the database answered the last check, 0 when it did not.");
        meter.CreateObservableCounter("npes.database.restarts", () => _availability.Restarts, "{restart}", "Restarts of the private PostgreSQL cluster by its supervisor.");
    }

    /// <summary>Reads now (also used by tests through the endpoint's next scrape).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
            await using (var command = new Npgsql.NpgsqlCommand("select 1", connection))
            {
                await command.ExecuteScalarAsync(cancellationToken);
            }

            _databaseUp = 1;
            var now = _clock.GetUtcNow();
            var readings = new List<QueueReading>();
            foreach (var probe in _probes)
            {
                readings.AddRange(await probe.ReadAsync(now, cancellationToken));
            }

            _readings = readings;
        }
        catch (Exception e) when (DatabaseAvailability.IsUnavailable(e))
        {
            // Depths stay at their last reading; the availability gauge says why they do not move.
            _databaseUp = 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.SampleInterval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(_logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the queues for the metrics failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
