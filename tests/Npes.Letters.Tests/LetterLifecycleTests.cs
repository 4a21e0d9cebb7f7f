using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Core.Addressing;
using Npes.Core.Errors;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Core.Parties;
using Npes.Letters.Evidence;
using Npes.Letters.Lifecycle;
using Npes.Letters.Store;
using Npes.Storage;
using Npes.Testing;
using Npgsql;

namespace Npes.Letters.Tests;

/// <summary>
/// The letter lifecycle as a table: every (status, kind, action) either moves the letter and writes exactly the
/// transition's events, notice and paper-queue row, or is refused with 409 <c>npes.letter.transition_refused</c> and
/// writes nothing at all. The expected table is written out here, independently of the production one.
/// </summary>
public sealed class LetterLifecycleTests(LetterLifecycleTests.Database database) : IClassFixture<LetterLifecycleTests.Database>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>(action, from, kind or null for both) → (to, events, notice, paper). Anything not listed is refused.</summary>
    private static readonly Dictionary<(LetterAction Action, LetterStatus From, string Kind), (LetterStatus To, string[] Events, string? Receipt, bool Paper)> Expected = Build(
        (LetterAction.Handover, LetterStatus.Consigned, LetterKinds.Registered, LetterStatus.HandedOver, [EvidenceTypes.ConsignmentAcceptance, EvidenceTypes.ContentHandover], ReceiptKinds.Delivery, false),
        (LetterAction.Refuse, LetterStatus.Consigned, LetterKinds.Registered, LetterStatus.Refused, [EvidenceTypes.ConsignmentRejection], ReceiptKinds.Refusal, false),
        (LetterAction.Expire, LetterStatus.Consigned, LetterKinds.Registered, LetterStatus.Expired, [EvidenceTypes.AcceptanceRejectionExpiry], ReceiptKinds.Expiry, false),
        (LetterAction.ExpireToPaper, LetterStatus.Consigned, LetterKinds.Registered, LetterStatus.AwaitingPrint, [EvidenceTypes.AcceptanceRejectionExpiry, EvidenceTypes.RelayToNonERDS], ReceiptKinds.Expiry, true),
        (LetterAction.RelayUnclaimed, LetterStatus.Consigned, LetterKinds.Simple, LetterStatus.AwaitingPrint, [EvidenceTypes.RelayToNonERDS], null, true),
        (LetterAction.Print, LetterStatus.AwaitingPrint, null, LetterStatus.Printed, [EvidenceTypes.Printed], null, false),
        (LetterAction.Dispatch, LetterStatus.Printed, null, LetterStatus.Dispatched, [EvidenceTypes.Dispatched], null, false),
        (LetterAction.DeliverOnPaper, LetterStatus.Dispatched, null, LetterStatus.DeliveredOnPaper, [EvidenceTypes.DeliveredOnPaper], null, false),
        (LetterAction.Return, LetterStatus.Dispatched, null, LetterStatus.Returned, [EvidenceTypes.Returned], null, false));

    public static TheoryData<LetterStatus, string, LetterAction> EveryPair()
    {
        var data = new TheoryData<LetterStatus, string, LetterAction>();
        foreach (var status in Enum.GetValues<LetterStatus>())
        {
            foreach (var kind in new[] { LetterKinds.Simple, LetterKinds.Registered })
            {
                foreach (var action in Enum.GetValues<LetterAction>().Where(a => a is not (LetterAction.SubmitToMailbox or LetterAction.SubmitToPaper)))
                {
                    data.Add(status, kind, action);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task ApplyAsync_EveryStatusKindAndAction_MovesWithItsEvidenceOrRefusesWritingNothing(LetterStatus from, string kind, LetterAction action)
    {
        var letterId = await database.LetterAsync(from, kind);
        var before = await database.SnapshotAsync(letterId);
        var item = Item(letterId, action);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var apply = database.Lifecycle.ApplyAsync(transaction, action, [item], Now, CancellationToken.None);

        if (Expected.TryGetValue((action, from, kind), out var expected))
        {
            await apply;
            await transaction.CommitAsync();
            var after = await database.SnapshotAsync(letterId);
            Assert.Equal(expected.To.ToWire(), after.Status);
            Assert.Equal(before.Events.Concat(expected.Events), after.Events);
            Assert.Equal(expected.Receipt is null ? before.Receipts : before.Receipts.Append(expected.Receipt).Order(StringComparer.Ordinal), after.Receipts);
            Assert.Equal(expected.Paper ? before.PaperQueue + 1 : before.PaperQueue, after.PaperQueue);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<NpesException>(() => apply);
            await transaction.RollbackAsync();
            Assert.Equal("npes.letter.transition_refused", refused.Error.Code);
            Assert.Equal(409, refused.Error.Status);
            Assert.Equal(before, await database.SnapshotAsync(letterId));
        }
    }

    [Fact]
    public async Task ApplyAsync_OneLetterOfManyInTheWrongStatus_RefusesAndMovesNone()
    {
        var ready = await database.LetterAsync(LetterStatus.AwaitingPrint, LetterKinds.Simple);
        var printed = await database.LetterAsync(LetterStatus.Printed, LetterKinds.Simple);
        var beforeReady = await database.SnapshotAsync(ready);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Assert.ThrowsAsync<NpesException>(() => database.Lifecycle.ApplyAsync(transaction, LetterAction.Print, [Item(ready, LetterAction.Print), Item(printed, LetterAction.Print)], Now, CancellationToken.None));
        await transaction.RollbackAsync();

        Assert.Equal(beforeReady, await database.SnapshotAsync(ready));
    }

    [Fact]
    public async Task TryApplyAsync_LetterDecidedMeanwhile_ReturnsFalseAndWritesNothing()
    {
        var letterId = await database.LetterAsync(LetterStatus.Refused, LetterKinds.Registered);
        var before = await database.SnapshotAsync(letterId);

        var moved = await database.Lifecycle.TryApplyAsync(LetterAction.Handover, Item(letterId, LetterAction.Handover), Now, CancellationToken.None);

        Assert.False(moved);
        Assert.Equal(before, await database.SnapshotAsync(letterId));
    }

    [Fact]
    public async Task ApplyAsync_DetailsThatDoNotFitTheTransition_IsACallerBug()
    {
        var letterId = await database.LetterAsync(LetterStatus.Consigned, LetterKinds.Registered);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => database.Lifecycle.ApplyAsync(transaction, LetterAction.Handover, [new LetterActionItem(letterId, [Details()])], Now, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => database.Lifecycle.ApplyAsync(transaction, LetterAction.Print, [new LetterActionItem(letterId, [Details()], Receipt: [1])], Now, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => database.Lifecycle.ApplyAsync(transaction, LetterAction.RelayUnclaimed, [new LetterActionItem(letterId, [Details()])], Now, CancellationToken.None));
    }

    [Fact]
    public void Sources_NoCodeOutsideTheLifecycleWritesALettersStatus()
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("The tests run inside the working tree.");
        var statusWrite = new Regex(@"update\s+letters\s+set\s+[^""]*?\bstatus\b|insert\s+into\s+letters\s*\(", RegexOptions.IgnoreCase);
        var lifecycle = Path.Combine(root, "src", "Npes.Letters", "Lifecycle") + Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.StartsWith(lifecycle, StringComparison.Ordinal))
            .Where(f => statusWrite.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.Matches(statusWrite, "update letters set status = @to where id = any(@ids)");
        Assert.Empty(offenders);
    }

    private static LetterActionItem Item(Guid letterId, LetterAction action)
    {
        var transition = LetterTransitions.Of(action);
        return new LetterActionItem(
            letterId,
            transition.Events.Select(_ => Details()).ToList(),
            transition.Receipt is null ? null : RandomNumberGenerator.GetBytes(16),
            transition.QueuesPaper ? "test" : null);
    }

    private static Dictionary<string, string> Details() => new() { ["test"] = "1" };

    private static Dictionary<(LetterAction, LetterStatus, string), (LetterStatus, string[], string?, bool)> Build(
        params (LetterAction Action, LetterStatus From, string? Kind, LetterStatus To, string[] Events, string? Receipt, bool Paper)[] rows)
    {
        var table = new Dictionary<(LetterAction, LetterStatus, string), (LetterStatus, string[], string?, bool)>();
        foreach (var row in rows)
        {
            foreach (var kind in row.Kind is null ? new[] { LetterKinds.Simple, LetterKinds.Registered } : [row.Kind])
            {
                table[(row.Action, row.From, kind)] = (row.To, row.Events, row.Receipt, row.Paper);
            }
        }

        return table;
    }

    /// <summary>What a transition may change: the status, the event types in order, the notices, the paper-queue rows.</summary>
    public sealed record Snapshot(string Status, IReadOnlyList<string> Events, IReadOnlyList<string> Receipts, int PaperQueue)
    {
        public bool Equals(Snapshot? other) =>
            other is not null && Status == other.Status && Events.SequenceEqual(other.Events) && Receipts.SequenceEqual(other.Receipts) && PaperQueue == other.PaperQueue;

        public override int GetHashCode() => HashCode.Combine(Status, Events.Count, Receipts.Count, PaperQueue);
    }

    /// <summary>One database for the whole table; every case has a letter of its own.</summary>
    public sealed class Database : IAsyncLifetime
    {
        private SubmissionWriter? _writer;
        private Party? _sender;
        private int _serial;

        public NpgsqlDataSource DataSource { get; private set; } = null!;

        internal LetterLifecycle Lifecycle { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            DataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
            var evidence = new EvidenceLog(new DigestSealer(), []);
            Lifecycle = new LetterLifecycle(DataSource, evidence);
            _writer = new SubmissionWriter(DataSource, evidence, NullLogger<SubmissionWriter>.Instance);
            _sender = await TestParties.OrganisationAsync(DataSource, "ОАО «Банк»", "190000007");
        }

        public async Task DisposeAsync()
        {
            await _writer!.DisposeAsync();
            await DataSource.DisposeAsync();
        }

        /// <summary>A letter accepted on paper through the real submission path, then put into <paramref name="status"/> for the case.</summary>
        public async Task<Guid> LetterAsync(LetterStatus status, string kind)
        {
            var id = Guid.NewGuid();
            var serial = Interlocked.Increment(ref _serial);
            var manifest = RandomNumberGenerator.GetBytes(32);
            var letter = new StoredLetter(
                id, S10.Create("RR", serial, "BY"), _sender!.Id, kind, "Счёт", new RecipientQuery("Иванов Иван", "220030, г. Минск, ул. Ленина, д. 1", null),
                null, "no_mailbox", "no mailbox", LetterStatus.AwaitingPrint, manifest, "k1", [1, 2, 3], null, null, null, null, Now, null, null, null);
            await _writer!.SubmitAsync(
                new NewLetter(
                    letter,
                    [new StoredDocument(0, "a.pdf", "application/pdf", 3, SHA256.HashData([1, 2, 3]), [1, 2, 3])],
                    [0x30, 0x00],
                    [new EventDraft(EvidenceTypes.SubmissionAcceptance, Details()), new EventDraft(EvidenceTypes.RelayToNonERDS, Details())]),
                Now,
                CancellationToken.None);
            await using var connection = await DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync("update letters set status = @status where id = @id", new { status = status.ToWire(), id });
            await connection.ExecuteAsync("delete from paper_queue where letter_id = @id", new { id });
            return id;
        }

        public async Task<Snapshot> SnapshotAsync(Guid letterId)
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            return new Snapshot(
                await connection.ExecuteScalarAsync<string>("select status from letters where id = @letterId", new { letterId }) ?? string.Empty,
                (await connection.QueryAsync<string>("select type from evidence_events where letter_id = @letterId order by letter_seq", new { letterId })).ToList(),
                (await connection.QueryAsync<string>("select kind from letter_receipts where letter_id = @letterId order by kind", new { letterId })).ToList(),
                await connection.ExecuteScalarAsync<int>("select count(*) from paper_queue where letter_id = @letterId", new { letterId }));
        }
    }
}
