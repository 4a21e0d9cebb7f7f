using Dapper;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Webhooks;

internal sealed class WebhookStore(NpgsqlDataSource dataSource) : IWebhookStore
{
    // An open delivery: neither delivered, cancelled nor given up (the predicate of the index webhook_deliveries_open).
    private const string Open = "d.delivered_at is null and d.cancelled_at is null and d.given_up_at is null";

    public async Task SubscribeAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into webhook_subscriptions (party_id, url, secret, created_at) values (@PartyId, @Url, @Secret, @CreatedAt)
            on conflict (party_id) do update set url = excluded.url, secret = excluded.secret, created_at = excluded.created_at,
                consecutive_failures = 0, failing_since = null, next_attempt_at = '-infinity', disabled_at = null, disabled_reason = null
            """,
            new { subscription.PartyId, Url = subscription.Url.AbsoluteUri, subscription.Secret, CreatedAt = Time.ToDb(subscription.CreatedAt) },
            cancellationToken: cancellationToken));
    }

    public async Task<WebhookSubscription?> FindAsync(Guid partyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            """
            select party_id as PartyId, url as Url, secret as Secret, created_at as CreatedAt, consecutive_failures as ConsecutiveFailures,
                failing_since as FailingSince, case when next_attempt_at = '-infinity' then null else next_attempt_at end as NextAttemptAt,
                disabled_at as DisabledAt, disabled_reason as DisabledReason
            from webhook_subscriptions where party_id = @partyId
            """,
            new { partyId },
            cancellationToken: cancellationToken));
        return rows.Select(r => new WebhookSubscription(r.PartyId, new Uri(r.Url), r.Secret, Time.FromDb(r.CreatedAt))
        {
            Health = new WebhookHealth(r.ConsecutiveFailures, Time.FromDb(r.FailingSince), Time.FromDb(r.NextAttemptAt), Time.FromDb(r.DisabledAt), r.DisabledReason),
        }).SingleOrDefault();
    }

    public async Task<bool> UnsubscribeAsync(Guid partyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "delete from webhook_subscriptions where party_id = @partyId", new { partyId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            $"update webhook_deliveries d set cancelled_at = @now where d.party_id = @partyId and {Open}",
            new { partyId, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    public async Task<IReadOnlyList<ClaimedSubscriber>> ClaimSubscribersAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, IReadOnlyCollection<Guid> exclude, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid PartyId, string Url, byte[] Secret, int ConsecutiveFailures)>(new CommandDefinition(
            $"""
            with ready as (
                select s.party_id from webhook_subscriptions s
                where s.disabled_at is null and s.next_attempt_at <= @now and s.lease_until <= @now and s.party_id <> all(@exclude)
                  and exists (select 1 from webhook_deliveries d where d.party_id = s.party_id and {Open} and d.next_attempt_at <= @now)
                order by s.next_attempt_at, s.party_id
                limit @limit
                for update of s skip locked)
            update webhook_subscriptions s set lease_until = @leaseUntil
            from ready where s.party_id = ready.party_id
            returning s.party_id, s.url, s.secret, s.consecutive_failures
            """,
            new { now = Time.ToDb(now), leaseUntil = Time.ToDb(leaseUntil), exclude = exclude.ToArray(), limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => new ClaimedSubscriber(r.PartyId, new Uri(r.Url), r.Secret, r.ConsecutiveFailures)).ToList();
    }

    public async Task<WebhookDelivery?> NextDueAsync(Guid partyId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, Guid PartyId, byte[] Payload, int Attempts)>(new CommandDefinition(
            $"""
            with next as (
                select d.id from webhook_deliveries d
                where d.party_id = @partyId and {Open} and d.next_attempt_at <= @now
                order by d.global_seq
                limit 1
                for update skip locked)
            update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = @leaseUntil
            from next where d.id = next.id
            returning d.id, d.party_id, d.payload, d.attempts
            """,
            new { partyId, now = Time.ToDb(now), leaseUntil = Time.ToDb(leaseUntil) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new WebhookDelivery(r.Id, r.PartyId, r.Payload, r.Attempts)).SingleOrDefault();
    }

    public async Task MarkDeliveredAsync(WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BatchRows.Command(
            "update webhook_deliveries set delivered_at = $1, last_error = null where id = $2", Time.ToDb(now), delivery.Id));
        batch.BatchCommands.Add(BatchRows.Command(
            "update webhook_subscriptions set consecutive_failures = 0, failing_since = null, next_attempt_at = '-infinity' where party_id = $1 and consecutive_failures <> 0",
            delivery.PartyId));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(WebhookDelivery delivery, WebhookFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        var now = Time.ToDb(failure.Now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BatchRows.Command(
            "update webhook_deliveries set next_attempt_at = $1, last_error = $2, given_up_at = case when $3 then $4 end where id = $5",
            Time.ToDb(failure.NextAttemptAt), failure.Error, failure.GiveUp, now, delivery.Id));
        batch.BatchCommands.Add(BatchRows.Command(
            """
            update webhook_subscriptions set consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, $1),
                next_attempt_at = $2, disabled_at = case when $3::text is null then null else $1 end, disabled_reason = $3
            where party_id = $4
            """,
            now, Time.ToDb(failure.NextAttemptAt), (object?)failure.DisableReason ?? DBNull.Value, delivery.PartyId));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(Guid partyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_subscriptions set lease_until = '-infinity' where party_id = @partyId", new { partyId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<WebhookDeliveryStatus>> RecentAsync(Guid partyId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            """
            select id as Id, letter_id as LetterId, global_seq as GlobalSeq, attempts as Attempts, next_attempt_at as NextAttemptAt,
                delivered_at as DeliveredAt, last_error as LastError, cancelled_at as CancelledAt, given_up_at as GivenUpAt
            from webhook_deliveries where party_id = @partyId order by created_at desc, global_seq desc limit @limit
            """,
            new { partyId, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => new WebhookDeliveryStatus(
            r.Id, r.LetterId, r.GlobalSeq, r.Attempts, Time.FromDb(r.NextAttemptAt), Time.FromDb(r.DeliveredAt), r.LastError, Time.FromDb(r.CancelledAt), Time.FromDb(r.GivenUpAt))).ToList();
    }

    private sealed class SubscriptionRow
    {
        public Guid PartyId { get; init; }

        public string Url { get; init; } = string.Empty;

        public byte[] Secret { get; init; } = [];

        public DateTime CreatedAt { get; init; }

        public int ConsecutiveFailures { get; init; }

        public DateTime? FailingSince { get; init; }

        public DateTime? NextAttemptAt { get; init; }

        public DateTime? DisabledAt { get; init; }

        public string? DisabledReason { get; init; }
    }

    private sealed class DeliveryRow
    {
        public Guid Id { get; init; }

        public Guid LetterId { get; init; }

        public long GlobalSeq { get; init; }

        public int Attempts { get; init; }

        public DateTime NextAttemptAt { get; init; }

        public DateTime? DeliveredAt { get; init; }

        public string? LastError { get; init; }

        public DateTime? CancelledAt { get; init; }

        public DateTime? GivenUpAt { get; init; }
    }
}
