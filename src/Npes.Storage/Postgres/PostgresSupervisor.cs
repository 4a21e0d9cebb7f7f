using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Npes.Storage.Postgres;

/// <summary>
/// Keeps the private cluster running: checks its postmaster every <see cref="StorageOptions.SuperviseInterval"/> and,
/// when it died, starts it again on the same data and port (PostgreSQL replays its WAL) and empties the connection
/// pools of connections to the dead server. Requests in between are refused with 503 and Retry-After. A configured
/// server is not ours to supervise.
/// </summary>
internal sealed partial class PostgresSupervisor(
    NpesDatabase database,
    NpgsqlDataSource dataSource,
    DatabaseAvailability availability,
    IOptions<StorageOptions> options,
    TimeProvider clock,
    ILogger<PostgresSupervisor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPrivateCluster)
        {
            return;
        }

        var interval = options.Value.SuperviseInterval;
        var failedAttempts = 0;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // The cluster starts on first use (the start-up migration); until then there is nothing to watch.
            if (database.Cluster is not { } cluster || cluster.IsRunning())
            {
                continue;
            }

            if (availability.ClusterRunning)
            {
                LogDied(logger, cluster.Port);
                availability.MarkDown(clock.GetUtcNow(), "its postmaster is not running");
            }

            // pg_ctl blocks; keep it off the thread pool's hot path.
            var (restarted, output) = await Task.Run(() => (cluster.TryRestart(out var text), text), stoppingToken);
            if (restarted)
            {
                dataSource.Clear();
                NpgsqlConnection.ClearAllPools();
                availability.MarkRestarted(clock.GetUtcNow());
                LogRestarted(logger, cluster.Port, failedAttempts + 1);
                failedAttempts = 0;
            }
            else if (++failedAttempts % 10 == 1)
            {
                // The old backends may still hold the dead postmaster's shared memory for a moment; say so now and then.
                LogNotYet(logger, failedAttempts, output);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The private PostgreSQL cluster on port {Port} is not running; restarting it on the same data and port")]
    private static partial void LogDied(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The private PostgreSQL cluster on port {Port} is running again (attempt {Attempts})")]
    private static partial void LogRestarted(ILogger logger, int port, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The private PostgreSQL cluster did not start yet (attempt {Attempts}): {Output}")]
    private static partial void LogNotYet(ILogger logger, int attempts, string output);
}
