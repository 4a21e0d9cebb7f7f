namespace Npes.Contracts;

/// <summary>Registers the sender's webhook endpoint.</summary>
/// <param name="Url">Absolute https URL (http only where configured); every evidence event of the sender's letters is POSTed there.</param>
public sealed record WebhookRequest(string? Url);

/// <summary>The registered endpoint. The secret is shown only when it is created (each PUT makes a new one).</summary>
/// <param name="State">active, backing-off (recent attempts failed; the next waits until NextAttemptAt) or disabled
/// (failed for too long; nothing is delivered until a new PUT, pending deliveries are kept).</param>
public sealed record WebhookDto(
    string Url,
    DateTimeOffset CreatedAt,
    string? Secret,
    string State = "active",
    int ConsecutiveFailures = 0,
    DateTimeOffset? FailingSince = null,
    DateTimeOffset? NextAttemptAt = null,
    DateTimeOffset? DisabledAt = null,
    string? DisabledReason = null);

/// <summary>A delivery attempt record.</summary>
/// <param name="State">pending, delivered, cancelled (the subscription was deleted) or given-up (too many attempts).</param>
/// <param name="LastError">Coarse only: timeout, refused, tls or "http NNN".</param>
public sealed record WebhookDeliveryDto(
    Guid Id, Guid LetterId, long GlobalSeq, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, string State = "pending");
