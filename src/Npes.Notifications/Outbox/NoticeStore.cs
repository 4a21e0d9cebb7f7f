using Dapper;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Notifications.Outbox;

/// <summary>A claimed notice with what it takes to write and send it.</summary>
internal sealed record DueNotice(
    Guid Id,
    Guid LetterId,
    string Kind,
    int Attempts,
    string? Channel,
    string? Address,
    string? Language,
    bool ContactActive,
    string S10,
    string LetterKind,
    string LetterStatus,
    bool LetterRead,
    DateTimeOffset? AcceptDeadline,
    string SenderName);

/// <summary>A notice as the tests and the operator may inspect it.</summary>
internal sealed record NoticeState(Guid Id, Guid LetterId, Guid? ContactId, string Kind, string State, DateTimeOffset DueAt, DateTimeOffset NextAttemptAt, int Attempts, string? LastError, string? MessageId);

/// <summary>The notices' outbox table.</summary>
internal sealed class NoticeStore(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Claims up to <paramref name="limit"/> due notices until <paramref name="leaseUntil"/> (a dispatcher that dies
    /// leaves them due again then) and counts the attempt.
    /// </summary>
    public async Task<IReadOnlyList<DueNotice>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueRow>(new CommandDefinition(
            """
            with due as (
                select n.id from notices n
                where n.state = 'pending' and n.next_attempt_at <= @now
                order by n.next_attempt_at, n.id
                limit @limit
                for update skip locked),
            claimed as (
                update notices n set attempts = n.attempts + 1, next_attempt_at = @leaseUntil
                from due where n.id = due.id
                returning n.id, n.letter_id, n.contact_id, n.kind, n.attempts)
            select cl.id as Id, cl.letter_id as LetterId, cl.kind as Kind, cl.attempts as Attempts,
                c.channel as Channel, c.address as Address, c.language as Language,
                coalesce(c.verified_at is not null and c.notify, false) as ContactActive,
                l.s10 as S10, l.kind as LetterKind, l.status as LetterStatus, l.read_at is not null as LetterRead,
                l.accept_deadline as AcceptDeadline, p.display_name as SenderName
            from claimed cl
            join letters l on l.id = cl.letter_id
            join parties p on p.id = l.sender_party_id
            left join mailbox_contacts c on c.id = cl.contact_id
            order by cl.id
            """,
            new { now = Time.ToDb(now), leaseUntil = Time.ToDb(leaseUntil), limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => new DueNotice(
            r.Id, r.LetterId, r.Kind, r.Attempts, r.Channel, r.Address, r.Language, r.ContactActive, r.S10, r.LetterKind, r.LetterStatus,
            r.LetterRead, Time.FromDb(r.AcceptDeadline), r.SenderName)).ToList();
    }

    /// <summary>Ends a notice as sent or failed, in the transaction that records its evidence.</summary>
    public static async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string state, string channel, string destination, string? messageId, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update notices set state = @state, channel = @channel, destination = @destination, message_id = @messageId,
                last_error = @error, finished_at = @now
            where id = @id
            """,
            new { id, state, channel, destination, messageId, error, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));

    public async Task CancelAsync(Guid id, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update notices set state = 'cancelled', last_error = @reason, finished_at = @now where id = @id and state = 'pending'",
            new { id, reason, now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
    }

    public async Task RetryLaterAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update notices set next_attempt_at = @next, last_error = @error where id = @id and state = 'pending'",
            new { id, next = Time.ToDb(nextAttemptAt), error },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<NoticeState>> OfLetterAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, Guid LetterId, Guid? ContactId, string Kind, string State, DateTime DueAt, DateTime NextAttemptAt, int Attempts, string? LastError, string? MessageId)>(new CommandDefinition(
            """
            select id, letter_id, contact_id, kind, state, due_at, next_attempt_at, attempts, last_error, message_id
            from notices where letter_id = @letterId order by due_at, id
            """,
            new { letterId },
            cancellationToken: cancellationToken));
        return rows.Select(r => new NoticeState(r.Id, r.LetterId, r.ContactId, r.Kind, r.State, Time.FromDb(r.DueAt), Time.FromDb(r.NextAttemptAt), r.Attempts, r.LastError, r.MessageId)).ToList();
    }

    private sealed class DueRow
    {
        public Guid Id { get; init; }

        public Guid LetterId { get; init; }

        public string Kind { get; init; } = "";

        public int Attempts { get; init; }

        public string? Channel { get; init; }

        public string? Address { get; init; }

        public string? Language { get; init; }

        public bool ContactActive { get; init; }

        public string S10 { get; init; } = "";

        public string LetterKind { get; init; } = "";

        public string LetterStatus { get; init; } = "";

        public bool LetterRead { get; init; }

        public DateTime? AcceptDeadline { get; init; }

        public string SenderName { get; init; } = "";
    }
}
