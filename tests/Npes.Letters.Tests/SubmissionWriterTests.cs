using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Core.Addressing;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Core.Parties;
using Npes.Letters.Evidence;
using Npes.Letters.Store;
using Npes.Testing;
using Npgsql;

namespace Npes.Letters.Tests;

/// <summary>Group commit of accepted letters: atomic per letter, one global chain, idempotency across and within groups.</summary>
public sealed class SubmissionWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SubmitAsync_ManyConcurrentLetters_StoresEveryLetterInOneUnbrokenChain()
    {
        await using var fixture = await Fixture.CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(1, 60).Select(i => fixture.Writer.SubmitAsync(fixture.Letter(i), Now.AddMilliseconds(i), CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Created));
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(60, await connection.ExecuteScalarAsync<int>("select count(*) from letters"));
        Assert.Equal(60, await connection.ExecuteScalarAsync<int>("select count(*) from letter_documents"));
        Assert.Equal(60, await connection.ExecuteScalarAsync<int>("select count(*) from letter_receipts"));
        var events = (await connection.QueryAsync<(long GlobalSeq, byte[] Encoded, byte[] Hash)>(
            "select global_seq, encoded, hash from evidence_events order by global_seq")).ToList();
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), events.Select(e => e.GlobalSeq));
        var previous = EvidenceRecord.GenesisHash;
        var letterTails = new Dictionary<Guid, (int Seq, byte[] Hash)>();
        foreach (var (globalSeq, encoded, hash) in events)
        {
            var record = EvidenceRecord.Decode(encoded);
            Assert.Equal(EvidenceRecord.HashOf(encoded), hash);
            Assert.Equal(previous, record.PrevLogHash);
            var tail = letterTails.GetValueOrDefault(record.LetterId, (0, null!));
            Assert.Equal(tail.Seq + 1, record.LetterSeq);
            Assert.Equal(tail.Hash, record.PrevLetterHash);
            letterTails[record.LetterId] = (record.LetterSeq, hash);
            previous = hash;
        }

        var head = await connection.QuerySingleAsync<(long GlobalSeq, byte[] Hash)>("select global_seq, hash from evidence_log_head");
        Assert.Equal(120L, head.GlobalSeq);
        Assert.Equal(previous, head.Hash);
    }

    [Fact]
    public async Task SubmitAsync_SameIdempotencyKeyConcurrently_StoresOneLetterAndAnswersAllWithIt()
    {
        await using var fixture = await Fixture.CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => fixture.Writer.SubmitAsync(fixture.Letter(i, idempotencyKey: "invoice-42"), Now, CancellationToken.None)));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.LetterId).Distinct());
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from letters"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from evidence_events"));
    }

    [Fact]
    public async Task SubmitAsync_OneLetterOfAGroupViolatesAConstraint_OnlyThatLetterFails()
    {
        await using var fixture = await Fixture.CreateAsync();
        var first = await fixture.Writer.SubmitAsync(fixture.Letter(1), Now, CancellationToken.None);

        // Letter 7 reuses letter 1's S10, which is unique: its insert fails, and with it the group it is written in.
        var attempts = Enumerable.Range(2, 11).Select(i => fixture.Writer.SubmitAsync(fixture.Letter(i, s10: i == 7 ? Fixture.S10(1) : null), Now, CancellationToken.None)).ToList();
        var failure = await Assert.ThrowsAsync<PostgresException>(() => attempts[5]);

        Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
        Assert.True(first.Created);
        Assert.All(attempts.Where((_, i) => i != 5), a => Assert.True(a.Result.Created));
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(11, await connection.ExecuteScalarAsync<int>("select count(*) from letters"));
        Assert.Equal(22, await connection.ExecuteScalarAsync<long>("select max(global_seq) from evidence_events"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from letter_documents d where not exists (select 1 from letters l where l.id = d.letter_id)"));
    }

    [Fact]
    public async Task SubmitAsync_CancelledBeforeItsGroupStarts_StoresNothing()
    {
        await using var fixture = await Fixture.CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Writer.SubmitAsync(fixture.Letter(1), Now, cancelled.Token));

        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from letters"));
    }

    /// <summary>A database, a sender and a writer whose evidence seals are SHA-256 digests (the chain, not the signature, is under test).</summary>
    private sealed class Fixture : IAsyncDisposable
    {
        private Fixture(NpgsqlDataSource dataSource, Party sender)
        {
            DataSource = dataSource;
            Sender = sender;
            Writer = new SubmissionWriter(dataSource, new EvidenceLog(new DigestSealer(), []), NullLogger<SubmissionWriter>.Instance);
        }

        public NpgsqlDataSource DataSource { get; }

        public Party Sender { get; }

        public SubmissionWriter Writer { get; }

        public static async Task<Fixture> CreateAsync()
        {
            var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
            var sender = await TestParties.OrganisationAsync(dataSource, "ОАО «Банк»", "190000007");
            return new Fixture(dataSource, sender);
        }

        public static string S10(int serial) => Npes.Core.Letters.S10.Create("RR", serial, "BY");

        public NewLetter Letter(int serial, string? idempotencyKey = null, string? s10 = null)
        {
            var id = Guid.NewGuid();
            var manifest = "{\"serial\":"u8.ToArray().Concat(BitConverter.GetBytes(serial)).ToArray();
            var letter = new StoredLetter(
                id, s10 ?? S10(serial), Sender.Id, LetterKinds.Registered, "Счёт", new RecipientQuery("Иванов Иван", "220030, г. Минск, ул. Ленина, д. 1", null),
                null, "no_mailbox", "no mailbox", LetterStatus.AwaitingPrint, manifest, "k1", [1, 2, 3], null, null, null, null, Now, null,
                idempotencyKey, idempotencyKey is null ? null : SHA256.HashData(manifest));
            var content = RandomNumberGenerator.GetBytes(1024);
            return new NewLetter(
                letter,
                [new StoredDocument(0, "a.pdf", "application/pdf", content.Length, SHA256.HashData(content), content)],
                [0x30, 0x00],
                [
                    new EventDraft(EvidenceTypes.SubmissionAcceptance, new Dictionary<string, string> { ["n"] = "1" }),
                    new EventDraft(EvidenceTypes.RelayToNonERDS, new Dictionary<string, string> { ["n"] = "2" }),
                ]);
        }

        public async ValueTask DisposeAsync()
        {
            await Writer.DisposeAsync();
            await DataSource.DisposeAsync();
        }
    }
}
