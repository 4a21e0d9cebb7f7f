using Microsoft.Extensions.Diagnostics.HealthChecks;
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
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException or Npes.Storage.Postgres.PostgresUnavailableException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }
}
