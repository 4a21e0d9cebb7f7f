using Dapper;
using Npes.Print.Store;
using Npes.Testing;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>Batch numbers count 1, 2, 3, ... per day and envelope, and a number is used only by a batch that commits.</summary>
public sealed class BatchNumberTests
{
    private static readonly DateOnly Day = new(2026, 12, 6);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task OpenBatch_RolledBack_NumberIsUsedAgain()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());

        var rolledBack = await OpenAsync(dataSource, Day, "C5", commit: false);
        var first = await OpenAsync(dataSource, Day, "C5", commit: true);
        await CloseAllAsync(dataSource);
        var second = await OpenAsync(dataSource, Day, "C5", commit: true);
        var otherEnvelope = await OpenAsync(dataSource, Day, "DL", commit: true);
        var nextDay = await OpenAsync(dataSource, Day.AddDays(1), "C5", commit: true);

        Assert.Equal("20261206-C5-00001", rolledBack);
        Assert.Equal("20261206-C5-00001", first);
        Assert.Equal("20261206-C5-00002", second);
        Assert.Equal("20261206-DL-00001", otherEnvelope);
        Assert.Equal("20261207-C5-00001", nextDay);
    }

    [Fact]
    public async Task OpenBatch_ConcurrentOpeners_OneBatchOneNumber()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());

        for (var round = 0; round < 5; round++)
        {
            var numbers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => OpenAsync(dataSource, Day, "C4", commit: true))));
            await CloseAllAsync(dataSource);

            Assert.Single(numbers.Distinct(StringComparer.Ordinal));
            Assert.Equal($"20261206-C4-0000{round + 1}", numbers[0]);
        }
    }

    private static async Task<string> OpenAsync(NpgsqlDataSource dataSource, DateOnly day, string envelope, bool commit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (id, _) = await BatchStore.OpenBatchForPieceAsync(connection, transaction, day, envelope, Now, CancellationToken.None);
        var number = await connection.ExecuteScalarAsync<string>("select number from print_batches where id = @id", new { id }, transaction);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return number!;
    }

    private static async Task CloseAllAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update print_batches set state = 'closed', closed_at = now() where state = 'open'");
    }
}
