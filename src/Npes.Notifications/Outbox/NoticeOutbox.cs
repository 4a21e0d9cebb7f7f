using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Letters;
using Npes.Letters.Evidence;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Notifications.Outbox;

/// <summary>
/// The notices' outbox: when a letter is consigned to a mailbox (its ContentConsignment event), one row per notice it
/// will bring — the arrival notice and the reminders, each with the time it falls due — for every confirmed contact
/// point of the mailbox that takes notices, in the very batch (and transaction) that appends the event. A sender's
/// <c>notify: none</c> (recorded in the event) writes none. Whether a reminder is still wanted is decided when it
/// falls due: the letter may have been opened, signed for or refused by then.
/// </summary>
internal sealed class NoticeOutbox(IOptions<NotificationsOptions> options) : IEvidenceHook
{
    public void AddCommands(NpgsqlBatch batch, IReadOnlyList<AppendedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(events);
        var settings = options.Value;
        foreach (var e in events)
        {
            if (e.Record.Type != EvidenceTypes.ContentConsignment
                || (e.Record.Details.TryGetValue(NotifyChoices.DetailKey, out var notify) && notify == NotifyChoices.None))
            {
                continue;
            }

            batch.BatchCommands.Add(BatchRows.Command(
                """
                insert into notices (id, letter_id, contact_id, kind, due_at, next_attempt_at, created_at)
                select gen_random_uuid(), l.id, c.id, k.kind, k.due, k.due, $2::timestamptz
                from letters l
                join mailbox_contacts c on c.mailbox_id = l.recipient_mailbox_id and c.verified_at is not null and c.notify
                cross join lateral (values
                    ('arrival', case when $3 then $2::timestamptz end),
                    ('reminder', case when l.kind = 'registered'
                        then case when $4 > 0 then $2::timestamptz + make_interval(days => $4) end
                        else case when $5 > 0 then $2::timestamptz + make_interval(days => $5) end end),
                    ('deadline', case when l.kind = 'registered' and $6 > 0 then l.accept_deadline - make_interval(days => $6) end)
                ) k(kind, due)
                where l.id = $1 and k.due is not null
                  and (k.kind = 'arrival' or k.due > $2::timestamptz)
                  and (l.accept_deadline is null or k.due < l.accept_deadline)
                  and not (k.kind = 'reminder' and l.kind = 'registered' and $6 > 0 and k.due >= l.accept_deadline - make_interval(days => $6))
                on conflict do nothing
                """,
                e.Record.LetterId,
                Time.ToDb(e.Record.OccurredAt),
                settings.ArrivalNotice,
                settings.RegisteredReminderDays,
                settings.SimpleReminderDays,
                settings.DeadlineReminderDays));
        }
    }
}
