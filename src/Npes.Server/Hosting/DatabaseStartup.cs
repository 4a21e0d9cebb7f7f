using Microsoft.Extensions.Options;
using Npes.Server.Demo;
using Npes.Storage;
using Npes.Storage.Migrations;

namespace Npes.Server.Hosting;

/// <summary>
/// At start: reaches the database (starting the private cluster when none is configured), applies pending
/// migrations when configured to, and seeds the demo. Failing here fails the start, with the reason.
/// </summary>
internal sealed partial class DatabaseStartup(
    NpesDatabase database,
    Migrator migrator,
    IOptions<StorageOptions> storage,
    DemoSeeder demo,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var migrate = storage.Value.MigrateOnStart ?? database.IsPrivateCluster;
        if (migrate)
        {
            var applied = await migrator.ApplyAsync(cancellationToken);
            LogMigrated(logger, applied.Count);
        }
        else
        {
            var state = await migrator.GetStateAsync(cancellationToken);
            if (!state.IsCurrent)
            {
                LogNotCurrent(logger, state.Pending.Count);
            }
        }

        await demo.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is current ({Applied} migrations applied now)")]
    private static partial void LogMigrated(ILogger logger, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database schema has {Pending} pending migrations; run `npes migrate`. The server is not ready until then.")]
    private static partial void LogNotCurrent(ILogger logger, int pending);
}
