using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Core.Errors;
using Npes.Letters.Evidence;
using Npes.Letters.Store;
using Npes.Testing;
using Npgsql;

namespace Npes.Letters.Tests;

/// <summary>S10 serials: reserved in blocks, unique across stores (servers), refused cleanly at the end of the series.</summary>
public sealed class SerialTests
{
    [Fact]
    public async Task NextSerialAsync_TwoServersConcurrently_NeverHandOutTheSameSerial()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var writer = Writer(dataSource);
        using var first = Store(dataSource, writer);
        using var second = Store(dataSource, writer);

        var serials = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? first : second).NextSerialAsync(CancellationToken.None)));

        Assert.Equal(200, serials.Distinct().Count());
        Assert.All(serials, s => Assert.InRange(s, 1, 99_999_999));
    }

    [Fact]
    public async Task NextSerialAsync_EndOfSeries_HandsOutTheLastSerialsThenRefuses()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("select setval('s10_serial', 99999990)");
        }

        await using var writer = Writer(dataSource);
        using var store = Store(dataSource, writer);
        var last = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            last.Add(await store.NextSerialAsync(CancellationToken.None));
        }

        var refusal = await Assert.ThrowsAsync<NpesException>(() => store.NextSerialAsync(CancellationToken.None));

        Assert.Equal(Enumerable.Range(99_999_991, 9).Select(i => (long)i), last);
        Assert.Equal(NpesErrors.SerialsExhausted, refusal.Error);
    }

    private static SubmissionWriter Writer(NpgsqlDataSource dataSource) =>
        new(dataSource, new EvidenceLog(new DigestSealer(), []), NullLogger<SubmissionWriter>.Instance);

    private static LetterStore Store(NpgsqlDataSource dataSource, SubmissionWriter writer) =>
        new(dataSource, new EvidenceLog(new DigestSealer(), []), writer);
}
