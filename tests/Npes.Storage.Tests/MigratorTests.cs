using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Storage.Migrations;
using Npes.Testing;
using Npgsql;

namespace Npes.Storage.Tests;

public sealed class MigratorTests
{
    [Fact]
    public async Task ApplyAsync_EmptyDatabase_AppliesEveryMigrationOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateEmptyDatabaseAsync());
        var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance);

        var first = await migrator.ApplyAsync(CancellationToken.None);
        var second = await migrator.ApplyAsync(CancellationToken.None);
        var state = await migrator.GetStateAsync(CancellationToken.None);

        Assert.Equal(Migrator.All.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.True(state.IsCurrent);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.True(await connection.ExecuteScalarAsync<bool>("select to_regclass('mailboxes') is not null"));
    }

    [Fact]
    public async Task GetStateAsync_EmptyDatabase_ReportsAllPending()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateEmptyDatabaseAsync());

        var state = await new Migrator(dataSource, NullLogger<Migrator>.Instance).GetStateAsync(CancellationToken.None);

        Assert.False(state.IsCurrent);
        Assert.Equal(Migrator.All.Count, state.Pending.Count);
    }

    [Fact]
    public async Task ApplyAsync_AppliedMigrationWasEdited_RefusesWithReason()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update schema_migrations set checksum = 'edited' where version = 1");
        }

        var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.ApplyAsync(CancellationToken.None));
        var state = await migrator.GetStateAsync(CancellationToken.None);

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
        Assert.False(state.IsCurrent);
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentServers_ApplyEachMigrationExactlyOnce()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(
            new Migrator(first, NullLogger<Migrator>.Instance).ApplyAsync(CancellationToken.None),
            new Migrator(second, NullLogger<Migrator>.Instance).ApplyAsync(CancellationToken.None));

        Assert.Equal(Migrator.All.Count, results.Sum(r => r.Count));
    }
}
