using Dapper;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Webhooks;

internal sealed class WebhookStore(NpgsqlDataSource dataSource) : IWebhookStore
{
    public async Task SubscribeAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into webhook_subscriptions (party_id, url, secret, created_at) values (@PartyId, @Url, @Secret, @CreatedAt)
            on conflict (party_id) do update set url = excluded.url, secret = excluded.secret, created_at = excluded.created_at
            """,
            new { subscription.PartyId, Url = subscription.Url.AbsoluteUri, subscription.Secret, CreatedAt = Time.ToDb(subscription.CreatedAt) },
            cancellationToken: cancellationToken));
    }

    public async Task<WebhookSubscription?> FindAsync(Guid partyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid PartyId, string Url, byte[] Secret, DateTime CreatedAt)>(new CommandDefinition(
            "select party_id, url, secret, created_at from webhook_subscriptions where party_id = @partyId", new { partyId }, cancellationToken: cancellationToken));
        return rows.Select(r => new WebhookSubscription(r.PartyId, new Uri(r.Url), r.Secret, Time.FromDb(r.CreatedAt))).SingleOrDefault();
    }

    public async Task<bool> UnsubscribeAsync(Guid partyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from webhook_subscriptions where party_id = @partyId", new { partyId }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, Guid PartyId, string Url, byte[] Secret, byte[] Payload, int Attempts)>(new CommandDefinition(
            """
            with due as (
                select d.id from webhook_deliveries d
                where d.delivered_at is null and d.next_attempt_at <= @now and d.attempts < @maxAttempts
                order by d.next_attempt_at, d.global_seq
                limit @limit
                for update skip locked)
            update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = @leaseUntil
            from due, webhook_subscriptions s
            where d.id = due.id and s.party_id = d.party_id
            returning d.id, d.party_id, s.url, s.secret, d.payload, d.attempts
            """,
            new { now = Time.ToDb(now), leaseUntil = Time.ToDb(leaseUntil), maxAttempts, limit },
            cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).Select(r => new WebhookDelivery(r.Id, r.PartyId, new Uri(r.Url), r.Secret, r.Payload, r.Attempts)).ToList();
    }

    public async Task MarkDeliveredAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_deliveries set delivered_at = @now, last_error = null where id = @id", new { id, now = Time.ToDb(now) }, cancellationToken: cancellationToken));
    }

    public async Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_deliveries set next_attempt_at = @next, last_error = @error where id = @id",
            new { id, next = Time.ToDb(nextAttemptAt), error },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<WebhookDeliveryStatus>> RecentAsync(Guid partyId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, Guid LetterId, long GlobalSeq, int Attempts, DateTime NextAttemptAt, DateTime? DeliveredAt, string? LastError)>(new CommandDefinition(
            """
            select id, letter_id, global_seq, attempts, next_attempt_at, delivered_at, last_error
            from webhook_deliveries where party_id = @partyId order by created_at desc, global_seq desc limit @limit
            """,
            new { partyId, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => new WebhookDeliveryStatus(r.Id, r.LetterId, r.GlobalSeq, r.Attempts, Time.FromDb(r.NextAttemptAt), Time.FromDb(r.DeliveredAt), r.LastError)).ToList();
    }
}
