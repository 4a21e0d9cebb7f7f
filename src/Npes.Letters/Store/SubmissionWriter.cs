using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Logging;
using Npes.Letters.Evidence;
using Npes.Letters.Lifecycle;
using Npgsql;

namespace Npes.Letters.Store;

/// <summary>
/// Group commit for accepted letters. Every letter's rows — letter, encrypted documents, acceptance receipt,
/// evidence, paper-queue row — are still written atomically, but letters that arrive together share one
/// transaction: one lock of the global evidence head, a handful of round trips and one WAL flush for the whole
/// group instead of per letter. The global head lock is what serialises writers across servers; holding it once
/// per group is what lets acceptance scale with concurrent senders.
/// </summary>
/// <remarks>
/// A submitter waits until its group has committed, so a 201 still means "durably stored". When a group's
/// transaction fails, each of its letters is retried in a transaction of its own, so one bad letter cannot take
/// the others down with it.
/// </remarks>
internal sealed partial class SubmissionWriter : IAsyncDisposable
{
    /// <summary>Most letters in one transaction.</summary>
    public const int MaxGroupLetters = 32;

    /// <summary>Most document bytes in one transaction (a group always takes at least one letter).</summary>
    public const long MaxGroupBytes = 32L * 1024 * 1024;

    /// <summary>Groups written at once: while one waits for its commit, the next one sends its rows.</summary>
    private const int Writers = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EvidenceLog _evidence;
    private readonly ILogger<SubmissionWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(4 * MaxGroupLetters)
    {
        SingleReader = false,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task[] _writers;

    public SubmissionWriter(NpgsqlDataSource dataSource, EvidenceLog evidence, ILogger<SubmissionWriter> logger)
    {
        _dataSource = dataSource;
        _evidence = evidence;
        _logger = logger;
        _writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>Stores the letter (in a group with others), or returns the id stored earlier under the same Idempotency-Key.</summary>
    public async Task<(bool Created, Guid LetterId)> SubmitAsync(NewLetter letter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var pending = new Pending(letter, now, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException("The submission writer has stopped.", e);
        }

        // Once taken into a group the letter is written even if this caller gives up, like a client that disconnects
        // after the commit: the Idempotency-Key gives it the same answer when it asks again.
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>(MaxGroupLetters);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            long bytes = 0;
            while (group.Count < MaxGroupLetters && bytes < MaxGroupBytes && reader.TryRead(out var pending))
            {
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Result.TrySetCanceled(pending.Cancellation);
                    continue;
                }

                group.Add(pending);
                bytes += pending.Letter.Documents.Sum(d => (long)d.Sealed.Length);
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
                group.Clear();
            }
        }
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        try
        {
            var results = await WriteAsync(group);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Result.TrySetResult(results[i]);
            }

            return;
        }
        catch (Exception e) when (group.Count > 1)
        {
            LogGroupFailed(_logger, group.Count, e);
        }
        catch (Exception e)
        {
            group[0].Result.TrySetException(e);
            return;
        }

        foreach (var pending in group)
        {
            try
            {
                pending.Result.TrySetResult((await WriteAsync([pending]))[0]);
            }
            catch (Exception e)
            {
                pending.Result.TrySetException(e);
            }
        }
    }

    /// <summary>One transaction for the whole group; the results in the group's order.</summary>
    private async Task<(bool Created, Guid LetterId)[]> WriteAsync(IReadOnlyList<Pending> group)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var results = new (bool Created, Guid LetterId)[group.Count];
        var earlier = await ClaimIdempotencyKeysAsync(connection, transaction, group);
        var created = new List<Pending>(group.Count);
        await using (var rows = new NpgsqlBatch(connection, transaction))
        {
            for (var i = 0; i < group.Count; i++)
            {
                var letter = group[i].Letter;
                var l = letter.Letter;
                if (l.IdempotencyKey is not null && earlier.TryGetValue((l.SenderPartyId, l.IdempotencyKey), out var existing))
                {
                    results[i] = (false, existing);
                    continue;
                }

                if (l.IdempotencyKey is not null)
                {
                    // A second identical submission in this very group: it gets the first one's letter.
                    earlier[(l.SenderPartyId, l.IdempotencyKey)] = l.Id;
                }

                results[i] = (true, l.Id);
                created.Add(group[i]);
                LetterLifecycle.AddSubmissionRows(rows, letter, group[i].Now);
            }

            if (created.Count > 0)
            {
                await rows.ExecuteNonQueryAsync();
            }
        }

        if (created.Count > 0)
        {
            await _evidence.AppendAsync(connection, transaction, created.Select(p => new LetterEvents(p.Letter.Letter.Id, p.Letter.Events, p.Now)).ToList(), CancellationToken.None);
            await transaction.CommitAsync();
        }

        return results;
    }

    /// <summary>
    /// Locks every Idempotency-Key of the group (in one order, so two groups never deadlock) and finds letters
    /// already stored under them. The locks last until the transaction ends: a racing server waits, then sees ours.
    /// </summary>
    private static async Task<Dictionary<(Guid Sender, string Key), Guid>> ClaimIdempotencyKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Pending> group)
    {
        var keyed = group
            .Select(p => p.Letter.Letter)
            .Where(l => l.IdempotencyKey is not null)
            .Select(l => (Sender: l.SenderPartyId, Key: l.IdempotencyKey!))
            .Distinct()
            .OrderBy(k => LockName(k.Sender, k.Key), StringComparer.Ordinal)
            .ToList();
        var found = new Dictionary<(Guid Sender, string Key), Guid>();
        if (keyed.Count == 0)
        {
            return found;
        }

        // Volatile functions are evaluated after the sort, so the locks are taken in this order.
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(hashtextextended(name, 0)) from unnest(@names) with ordinality as k(name, n) order by n",
            new { names = keyed.Select(k => LockName(k.Sender, k.Key)).ToArray() },
            transaction));

        var rows = await connection.QueryAsync<(Guid SenderPartyId, string IdempotencyKey, Guid Id)>(new CommandDefinition(
            """
            select l.sender_party_id, l.idempotency_key, l.id from letters l
            join unnest(@senders, @keys) as k(sender, key) on l.sender_party_id = k.sender and l.idempotency_key = k.key
            """,
            new { senders = keyed.Select(k => k.Sender).ToArray(), keys = keyed.Select(k => k.Key).ToArray() },
            transaction));
        foreach (var row in rows)
        {
            found[(row.SenderPartyId, row.IdempotencyKey)] = row.Id;
        }

        return found;
    }

    private static string LockName(Guid sender, string key) => sender.ToString("D") + "/" + key;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} letters could not be stored together; storing them one by one")]
    private static partial void LogGroupFailed(ILogger logger, int count, Exception exception);

    private sealed class Pending(NewLetter letter, DateTimeOffset now, CancellationToken cancellation)
    {
        public NewLetter Letter { get; } = letter;

        public DateTimeOffset Now { get; } = now;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<(bool Created, Guid LetterId)> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
