namespace Npes.Webhooks;

/// <summary>A sender's webhook endpoint, its signing secret and its health.</summary>
internal sealed record WebhookSubscription(Guid PartyId, Uri Url, byte[] Secret, DateTimeOffset CreatedAt)
{
    public WebhookHealth Health { get; init; } = WebhookHealth.Healthy;
}

/// <summary>
/// How a subscriber is doing: consecutive failed attempts, since when, when the next attempt may start, and — once
/// it failed for too long — when and why deliveries to it were disabled (a new PUT enables it again).
/// </summary>
internal sealed record WebhookHealth(int ConsecutiveFailures, DateTimeOffset? FailingSince, DateTimeOffset? NextAttemptAt, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public static readonly WebhookHealth Healthy = new(0, null, null, null, null);

    /// <summary>The wire name of the state: active, backing-off or disabled.</summary>
    public string State => DisabledAt is not null ? "disabled" : ConsecutiveFailures > 0 ? "backing-off" : "active";
}

/// <summary>A subscriber claimed by a dispatcher: it alone delivers to this endpoint until the lease ends.</summary>
internal sealed record ClaimedSubscriber(Guid PartyId, Uri Url, byte[] Secret, int ConsecutiveFailures);

/// <summary>One event to deliver to one endpoint; <see cref="Attempts"/> counts this attempt.</summary>
internal sealed record WebhookDelivery(Guid Id, Guid PartyId, byte[] Payload, int Attempts);

/// <summary>What a failed attempt changes: the delivery's next try, and the subscriber's backoff or disabling.</summary>
internal sealed record WebhookFailure(string Error, DateTimeOffset Now, DateTimeOffset NextAttemptAt, bool GiveUp, string? DisableReason);

/// <summary>A delivery as the sender may inspect it.</summary>
internal sealed record WebhookDeliveryStatus(
    Guid Id, Guid LetterId, long GlobalSeq, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, DateTimeOffset? CancelledAt, DateTimeOffset? GivenUpAt)
{
    public string State => DeliveredAt is not null ? "delivered" : CancelledAt is not null ? "cancelled" : GivenUpAt is not null ? "given-up" : "pending";
}

/// <summary>Persistence of webhook subscriptions and the delivery outbox.</summary>
internal interface IWebhookStore
{
    /// <summary>Registers or replaces the endpoint; a replaced endpoint starts healthy (this also re-enables a disabled one).</summary>
    Task SubscribeAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<WebhookSubscription?> FindAsync(Guid partyId, CancellationToken cancellationToken);

    /// <summary>Deletes the subscription and cancels its pending deliveries, in one transaction.</summary>
    Task<bool> UnsubscribeAsync(Guid partyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> enabled subscribers that are not backing off, not leased, and have a due
    /// delivery, until <paramref name="leaseUntil"/>. Rows of deleted or disabled subscribers are never looked at.
    /// </summary>
    Task<IReadOnlyList<ClaimedSubscriber>> ClaimSubscribersAsync(DateTimeOffset now, DateTimeOffset leaseUntil, IReadOnlyCollection<Guid> exclude, int limit, CancellationToken cancellationToken);

    /// <summary>Takes the subscriber's oldest due delivery and counts the attempt.</summary>
    Task<WebhookDelivery?> NextDueAsync(Guid partyId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Marks the delivery delivered and the subscriber healthy.</summary>
    Task MarkDeliveredAsync(WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt on the delivery and the subscriber.</summary>
    Task MarkFailedAsync(WebhookDelivery delivery, WebhookFailure failure, CancellationToken cancellationToken);

    /// <summary>Ends the subscriber's lease.</summary>
    Task ReleaseAsync(Guid partyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDeliveryStatus>> RecentAsync(Guid partyId, int limit, CancellationToken cancellationToken);
}
