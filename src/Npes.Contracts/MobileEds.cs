namespace Npes.Contracts;

/// <summary>Starts mobile signing on the holder's phone.</summary>
/// <param name="Phone">The phone number registered for mobile EDS, e.g. <c>+375291234567</c>.</param>
public sealed record MobileStartRequest(string? Phone);

/// <summary>A signing request sent to the phone; poll it with <see cref="RequestId"/>.</summary>
/// <param name="RequestId">Opaque id for the poll request.</param>
/// <param name="ExpiresAt">After this instant the request is expired whatever the phone does.</param>
/// <param name="DisplayText">The text shown on the phone.</param>
public sealed record MobileStartResponse(string RequestId, DateTimeOffset ExpiresAt, string DisplayText);

/// <summary>Asks where a mobile signing request stands.</summary>
public sealed record MobilePollRequest(string? RequestId);

/// <summary>The phone has not answered yet; poll again.</summary>
public sealed record MobilePendingResponse(string RequestId, string Status, DateTimeOffset ExpiresAt);
