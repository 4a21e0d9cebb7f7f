namespace Npes.Webhooks;

/// <summary>A sender's webhook endpoint and its signing secret.</summary>
internal sealed record WebhookSubscription(Guid PartyId, Uri Url, byte[] Secret, DateTimeOffset CreatedAt);

/// <summary>One event to deliver to one endpoint, claimed by a dispatcher for a while.</summary>
internal sealed record WebhookDelivery(Guid Id, Guid PartyId, Uri Url, byte[] Secret, byte[] Payload, int Attempts);

/// <summary>A delivery as the sender may inspect it.</summary>
internal sealed record WebhookDeliveryStatus(Guid Id, Guid LetterId, long GlobalSeq, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

/// <summary>Persistence of webhook subscriptions and the delivery outbox.</summary>
internal interface IWebhookStore
{
    Task SubscribeAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<WebhookSubscription?> FindAsync(Guid partyId, CancellationToken cancellationToken);

    Task<bool> UnsubscribeAsync(Guid partyId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries until <paramref name="leaseUntil"/> (a crashed dispatcher's
    /// claims fall due again then) and counts the attempt.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, int limit, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDeliveryStatus>> RecentAsync(Guid partyId, int limit, CancellationToken cancellationToken);
}
