using Dapper;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npgsql;

namespace Npes.Storage.Stores;

/// <summary>An event batch for one letter: the drafts in order, and when they happened.</summary>
internal sealed record LetterEvents(Guid LetterId, IReadOnlyList<EventDraft> Drafts, DateTimeOffset Now);

/// <summary>
/// Appends events inside the caller's transaction. The global head row is locked for the rest of the
/// transaction, so the global chain has exactly one successor for each event even with many servers.
/// Several letters' events go in with one lock, one round trip for the rows, and seals computed in parallel:
/// the chain fields are fixed first (they do not depend on the seals), then every record is sealed.
/// </summary>
internal sealed class EvidenceLog(IEvidenceSealer sealer)
{
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
        // Each letter's last event, and the sender's webhook subscription: its delivery rows go in this same transaction.
        var tails = (await connection.QueryAsync<(Guid LetterId, int LetterSeq, byte[] Hash)>(new CommandDefinition(
            """
            select distinct on (letter_id) letter_id, letter_seq, hash from evidence_events
            where letter_id = any(@ids) order by letter_id, letter_seq desc
            """,
            new { ids },
            transaction,
            cancellationToken: cancellationToken))).ToDictionary(t => t.LetterId, t => (t.LetterSeq, (byte[]?)t.Hash));
        var subscribers = (await connection.QueryAsync<(Guid LetterId, Guid PartyId, string S10)>(new CommandDefinition(
            """
            select l.id, s.party_id, l.s10 from letters l join webhook_subscriptions s on s.party_id = l.sender_party_id
            where l.id = any(@ids)
            """,
            new { ids },
            transaction,
            cancellationToken: cancellationToken))).ToDictionary(s => s.LetterId, s => (s.PartyId, s.S10));
        var head = await connection.QuerySingleAsync<(long GlobalSeq, byte[] Hash)>(new CommandDefinition(
            "select global_seq, hash from evidence_log_head where id = 1 for update", transaction: transaction, cancellationToken: cancellationToken));

        var globalSeq = head.GlobalSeq;
        var prevLogHash = head.Hash;
        var chained = new List<(int Letter, EvidenceRecord Record, byte[] Encoded, byte[] Hash)>();
        for (var i = 0; i < letters.Count; i++)
        {
            var (letterSeq, prevLetterHash) = tails.GetValueOrDefault(letters[i].LetterId, (0, null));
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
            if (subscribers.TryGetValue(record.LetterId, out var subscriber))
            {
                batch.BatchCommands.Add(BatchRows.Command(
                    """
                    insert into webhook_deliveries (id, party_id, letter_id, global_seq, payload, attempts, next_attempt_at, created_at)
                    values ($1, $2, $3, $4, $5, 0, $6, $6)
                    """,
                    Guid.CreateVersion7(record.OccurredAt), subscriber.PartyId, record.LetterId, record.GlobalSeq, WebhookPayload(record, subscriber.S10, hash), Time.ToDb(record.OccurredAt)));
            }
        }

        batch.BatchCommands.Add(BatchRows.Command("update evidence_log_head set global_seq = $1, hash = $2 where id = 1", globalSeq, prevLogHash));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return sealedEvents;
    }


    /// <summary>What the sender's endpoint receives for one event.</summary>
    private static byte[] WebhookPayload(EvidenceRecord record, string s10, byte[] hash) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "letter.evidence");
        w.WriteString("timestamp", CanonicalJson.Time(record.OccurredAt));
        w.WriteStartObject("data");
        w.WriteString("letterId", record.LetterId.ToString("D"));
        w.WriteString("s10", s10);
        w.WriteString("event", record.Type);
        w.WriteNumber("seq", record.LetterSeq);
        w.WriteNumber("globalSeq", record.GlobalSeq);
        w.WriteString("occurredAt", CanonicalJson.Time(record.OccurredAt));
        w.WriteStartObject("details");
        foreach (var (key, value) in record.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteString("hash", CanonicalJson.Hex(hash));
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static SealedEvidence Read(byte[] encoded, byte[] hash, byte[] signature) =>
        new(EvidenceRecord.Decode(encoded), encoded, hash, signature);
}
