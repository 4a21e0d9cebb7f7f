using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npes.Storage;
using Npes.Storage.Migrations;

namespace Npes.Server.Hosting;

/// <summary>Ready only when the database answers and every migration of this build is applied.</summary>
internal sealed class DatabaseReadyCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var state = await migrator.GetStateAsync(cancellationToken);
            return state.IsCurrent
                ? HealthCheckResult.Healthy("Database reachable, schema current.")
                : HealthCheckResult.Unhealthy($"{state.Pending.Count} pending migrations; {string.Join("; ", state.Problems)}");
        }
        catch (Exception e) when (DatabaseAvailability.IsUnavailable(e) || e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The reason's kind, not the server's message (which may name hosts or users).
            return HealthCheckResult.Unhealthy("Database unreachable (" + Reason(e) + ").");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        Npgsql.PostgresException postgres => "PostgreSQL error " + postgres.SqlState,
        Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException socket } => "connection " + socket.SocketErrorCode.ToString().ToLowerInvariant(),
        Npgsql.NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timeout",
        Npgsql.NpgsqlException => "connection failed",
        Npes.Storage.Postgres.PostgresUnavailableException => "private cluster did not start",
        _ => e.GetType().Name,
    };
}

/// <summary>The private cluster's process as its supervisor sees it; healthy for a configured server (not ours to run).</summary>
internal sealed class PostgresProcessCheck(NpesDatabase database, DatabaseAvailability availability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !database.IsPrivateCluster ? HealthCheckResult.Healthy("Configured PostgreSQL server (not supervised by NPES).")
            : availability.ClusterRunning ? HealthCheckResult.Healthy(availability.Describe())
            : HealthCheckResult.Unhealthy(availability.Describe()));
}
