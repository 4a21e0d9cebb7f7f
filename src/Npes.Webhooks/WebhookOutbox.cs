using Npes.Core.Evidence;
using Npes.Letters.Evidence;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Webhooks;

/// <summary>
/// The webhook outbox: for every evidence event, a delivery row for the sender's endpoint — written by the same
/// transaction as the event, and only when the sender has a subscription (the insert selects it).
/// </summary>
internal sealed class WebhookOutbox : IEvidenceHook
{
    public void AddCommands(NpgsqlBatch batch, IReadOnlyList<AppendedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var at = Time.ToDb(e.Record.OccurredAt);
            batch.BatchCommands.Add(BatchRows.Command(
                """
                insert into webhook_deliveries (id, party_id, letter_id, global_seq, payload, attempts, next_attempt_at, created_at)
                select $1, s.party_id, $2, $3, $4, 0, $5, $5 from webhook_subscriptions s where s.party_id = $6
                """,
                Guid.CreateVersion7(e.Record.OccurredAt), e.Record.LetterId, e.Record.GlobalSeq, Payload(e), at, e.SenderPartyId));
        }
    }

    /// <summary>What the sender's endpoint receives for one event.</summary>
    private static byte[] Payload(AppendedEvent e) => CanonicalJson.Write(w =>
    {
        var record = e.Record;
        w.WriteStartObject();
        w.WriteString("type", "letter.evidence");
        w.WriteString("timestamp", CanonicalJson.Time(record.OccurredAt));
        w.WriteStartObject("data");
        w.WriteString("letterId", record.LetterId.ToString("D"));
        w.WriteString("s10", e.S10);
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
        w.WriteString("hash", CanonicalJson.Hex(e.Hash));
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
