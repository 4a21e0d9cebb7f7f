using Dapper;
using Npes.Core.Evidence;
using Npes.Letters.Store;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Letters.Evidence;

/// <summary>An event batch for one letter: the drafts in order, and when they happened.</summary>
internal sealed record LetterEvents(Guid LetterId, IReadOnlyList<EventDraft> Drafts, DateTimeOffset Now);

/// <summary>
/// Appends events inside the caller's transaction. The global head row is locked for the rest of the
/// transaction, so the global chain has exactly one successor for each event even with many servers.
/// Several letters' events go in with one lock, one round trip for the rows, and seals computed in parallel:
/// the chain fields are fixed first (they do not depend on the seals), then every record is sealed. The
/// registered <see cref="IEvidenceHook"/>s add their outbox rows to the same batch.
/// </summary>
internal sealed class EvidenceLog(IEvidenceSealer sealer, IEnumerable<IEvidenceHook> hooks)
{
    private readonly IEvidenceHook[] _hooks = hooks.ToArray();

    public async Task<IReadOnlyList<SealedEvidence>> AppendAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid letterId,
        IReadOnlyList<EventDraft> drafts,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        (await AppendAsync(connection, transaction, [new LetterEvents(letterId, drafts, now)], cancellationToken))[0];

    public async Task<IReadOnlyList<IReadOnlyList<SealedEvidence>>> AppendAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<LetterEvents> letters,
        CancellationToken cancellationToken)
    {
        if (letters.All(l => l.Drafts.Count == 0))
        {
            return letters.Select(_ => (IReadOnlyList<SealedEvidence>)[]).ToList();
        }

        var ids = letters.Select(l => l.LetterId).Distinct().ToArray();

        // Each letter's sender, S10 and last event (none yet for a letter being submitted in this transaction).
        var facts = (await connection.QueryAsync<(Guid LetterId, Guid SenderPartyId, string S10, int? LetterSeq, byte[]? Hash)>(new CommandDefinition(
            """
            select l.id, l.sender_party_id, l.s10, t.letter_seq, t.hash from letters l
            left join lateral (
                select letter_seq, hash from evidence_events e where e.letter_id = l.id order by letter_seq desc limit 1
            ) t on true
            where l.id = any(@ids)
            """,
            new { ids },
            transaction,
            cancellationToken: cancellationToken))).ToDictionary(f => f.LetterId);
        var head = await connection.QuerySingleAsync<(long GlobalSeq, byte[] Hash)>(new CommandDefinition(
            "select global_seq, hash from evidence_log_head where id = 1 for update", transaction: transaction, cancellationToken: cancellationToken));

        var globalSeq = head.GlobalSeq;
        var prevLogHash = head.Hash;
        var tails = facts.ToDictionary(f => f.Key, f => (LetterSeq: f.Value.LetterSeq ?? 0, Hash: f.Value.Hash));
        var chained = new List<(int Letter, EvidenceRecord Record, byte[] Encoded, byte[] Hash)>();
        for (var i = 0; i < letters.Count; i++)
        {
            if (!tails.TryGetValue(letters[i].LetterId, out var tail))
            {
                throw new InvalidOperationException($"Evidence for letter {letters[i].LetterId} cannot be appended: the letter is not stored.");
            }

            var (letterSeq, prevLetterHash) = tail;
            var at = CanonicalJson.Truncate(letters[i].Now);
            foreach (var draft in letters[i].Drafts)
            {
                var record = new EvidenceRecord(++globalSeq, letters[i].LetterId, ++letterSeq, draft.Type, at, draft.Details, prevLetterHash, prevLogHash);
                var encoded = record.Encode();
                var hash = EvidenceRecord.HashOf(encoded);
                chained.Add((i, record, encoded, hash));
                prevLetterHash = hash;
                prevLogHash = hash;
            }

            tails[letters[i].LetterId] = (letterSeq, prevLetterHash);
        }

        var signatures = new byte[chained.Count][];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chained.Count),
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (k, token) => signatures[k] = await sealer.SealAsync(chained[k].Encoded, token));

        await using var batch = new NpgsqlBatch(connection, transaction);
        var sealedEvents = letters.Select(_ => new List<SealedEvidence>()).ToList();
        var appended = new List<AppendedEvent>(chained.Count);
        for (var k = 0; k < chained.Count; k++)
        {
            var (i, record, encoded, hash) = chained[k];
            batch.BatchCommands.Add(BatchRows.Command(
                """
                insert into evidence_events (global_seq, letter_id, letter_seq, type, occurred_at, encoded, hash, signature)
                values ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                record.GlobalSeq, record.LetterId, record.LetterSeq, record.Type, Time.ToDb(record.OccurredAt), encoded, hash, signatures[k]));
            sealedEvents[i].Add(new SealedEvidence(record, encoded, hash, signatures[k]));
            var letter = facts[record.LetterId];
            appended.Add(new AppendedEvent(record, hash, letter.SenderPartyId, letter.S10));
        }

        foreach (var hook in _hooks)
        {
            hook.AddCommands(batch, appended);
        }

        batch.BatchCommands.Add(BatchRows.Command("update evidence_log_head set global_seq = $1, hash = $2 where id = 1", globalSeq, prevLogHash));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return sealedEvents;
    }

    public static SealedEvidence Read(byte[] encoded, byte[] hash, byte[] signature) =>
        new(EvidenceRecord.Decode(encoded), encoded, hash, signature);
}
