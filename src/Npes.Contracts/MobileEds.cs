namespace Npes.Contracts;

/// <summary>Starts mobile signing on the holder's phone.</summary>
/// <param name="Phone">The phone number registered for mobile EDS, e.g. <c>+375291234567</c>.</param>
public sealed record MobileStartRequest(string? Phone);

/// <summary>A signing request sent to the phone; poll it with <see cref="RequestId"/> and <see cref="PollSecret"/>.</summary>
/// <param name="RequestId">Opaque id for the poll request.</param>
/// <param name="ExpiresAt">After this instant the request is expired whatever the phone does.</param>
/// <param name="DisplayText">The text shown on the phone; it carries <see cref="VerificationCode"/>.</param>
/// <param name="VerificationCode">Shown on the phone prompt too: the holder approves only a prompt carrying the code shown where they started.</param>
/// <param name="PollSecret">Known only to the client that started the request: a poll without it is refused.</param>
public sealed record MobileStartResponse(string RequestId, DateTimeOffset ExpiresAt, string DisplayText, string VerificationCode, string PollSecret);

/// <summary>Asks where a mobile signing request stands.</summary>
/// <param name="RequestId">From the start response.</param>
/// <param name="PollSecret">From the start response; binds the poll to the client that started the request.</param>
public sealed record MobilePollRequest(string? RequestId, string? PollSecret);

/// <summary>The phone has not answered yet; poll again.</summary>
public sealed record MobilePendingResponse(string RequestId, string Status, DateTimeOffset ExpiresAt);
