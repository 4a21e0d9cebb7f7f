using Dapper;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npgsql;

namespace Npes.Storage.Stores;

/// <summary>
/// Appends events inside the caller's transaction. The global head row is locked for the rest of the
/// transaction, so the global chain has exactly one successor for each event even with many servers.
/// </summary>
internal sealed class EvidenceLog(IEvidenceSealer sealer)
{
    public async Task<IReadOnlyList<SealedEvidence>> AppendAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid letterId,
        IReadOnlyList<EventDraft> drafts,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sealedEvents = new List<SealedEvidence>(drafts.Count);
        if (drafts.Count == 0)
        {
            return sealedEvents;
        }

        var head = await connection.QuerySingleAsync<(long GlobalSeq, byte[] Hash)>(new CommandDefinition(
            "select global_seq, hash from evidence_log_head where id = 1 for update", transaction: transaction, cancellationToken: cancellationToken));
        var last = (await connection.QueryAsync<(int LetterSeq, byte[] Hash)>(new CommandDefinition(
            "select letter_seq, hash from evidence_events where letter_id = @letterId order by letter_seq desc limit 1",
            new { letterId },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        var letterSeq = last.Count == 0 ? 0 : last[0].LetterSeq;
        byte[]? prevLetterHash = last.Count == 0 ? null : last[0].Hash;
        // The sender's webhook hears of every event: its delivery row is written in this same transaction.
        var subscriber = (await connection.QueryAsync<(Guid PartyId, string S10)>(new CommandDefinition(
            """
            select s.party_id, l.s10 from letters l join webhook_subscriptions s on s.party_id = l.sender_party_id
            where l.id = @letterId
            """,
            new { letterId },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        var globalSeq = head.GlobalSeq;
        var prevLogHash = head.Hash;
        var at = CanonicalJson.Truncate(now);

        foreach (var draft in drafts)
        {
            var record = new EvidenceRecord(++globalSeq, letterId, ++letterSeq, draft.Type, at, draft.Details, prevLetterHash, prevLogHash);
            var encoded = record.Encode();
            var hash = EvidenceRecord.HashOf(encoded);
            var signature = await sealer.SealAsync(encoded, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into evidence_events (global_seq, letter_id, letter_seq, type, occurred_at, encoded, hash, signature)
                values (@globalSeq, @letterId, @letterSeq, @type, @at, @encoded, @hash, @signature)
                """,
                new { globalSeq, letterId, letterSeq, type = draft.Type, at = Time.ToDb(at), encoded, hash, signature },
                transaction,
                cancellationToken: cancellationToken));
            sealedEvents.Add(new SealedEvidence(record, encoded, hash, signature));
            if (subscriber.Count == 1)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    insert into webhook_deliveries (id, party_id, letter_id, global_seq, payload, attempts, next_attempt_at, created_at)
                    values (@id, @partyId, @letterId, @globalSeq, @payload, 0, @at, @at)
                    """,
                    new { id = Guid.CreateVersion7(at), partyId = subscriber[0].PartyId, letterId, globalSeq, payload = WebhookPayload(record, subscriber[0].S10, hash), at = Time.ToDb(at) },
                    transaction,
                    cancellationToken: cancellationToken));
            }
            prevLetterHash = hash;
            prevLogHash = hash;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "update evidence_log_head set global_seq = @globalSeq, hash = @prevLogHash where id = 1",
            new { globalSeq, prevLogHash },
            transaction,
            cancellationToken: cancellationToken));
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
