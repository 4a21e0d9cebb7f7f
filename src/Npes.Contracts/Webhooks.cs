namespace Npes.Contracts;

/// <summary>Registers the sender's webhook endpoint.</summary>
/// <param name="Url">Absolute https URL (http only where configured); every evidence event of the sender's letters is POSTed there.</param>
public sealed record WebhookRequest(string? Url);

/// <summary>The registered endpoint. The secret is shown only when it is created (each PUT makes a new one).</summary>
public sealed record WebhookDto(string Url, DateTimeOffset CreatedAt, string? Secret);

/// <summary>A delivery attempt record.</summary>
public sealed record WebhookDeliveryDto(Guid Id, Guid LetterId, long GlobalSeq, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);
