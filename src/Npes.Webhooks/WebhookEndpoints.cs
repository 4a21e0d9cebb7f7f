using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;

namespace Npes.Webhooks;

internal static class WebhookEndpoints
{
    public const int MaxUrlLength = 2000;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/webhook")
            .WithTags("Webhooks")
            .RequireAuthorization(Roles.PartyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(16 * 1024))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPut("/", PutAsync)
            .WithName("SetWebhook")
            .WithSummary("Register (or replace) the endpoint that hears of every evidence event of your letters")
            .WithDescription("Each event is POSTed as JSON with headers webhook-id, webhook-timestamp and webhook-signature "
                + "(v1,base64 HMAC-SHA256 of '{id}.{timestamp}.{body}' with the secret, in the manner of Standard Webhooks), oldest first, one at a time. "
                + "A failure backs the endpoint off (5 s, 30 s, 2 min, 10 min, 30 min, then hourly); after Npes:Webhooks:DisableAfterFailures "
                + "consecutive failures it is disabled (state 'disabled' in GET) until the next PUT. The URL must reach global unicast "
                + "space: special-purpose IPv4/IPv6 addresses are refused here and again at every connect. "
                + "The response carries a new secret; keep it, it is not shown again.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", GetAsync).WithName("GetWebhook").WithSummary("Your registered endpoint (without its secret) and its state: active, backing-off or disabled");
        group.MapDelete("/", DeleteAsync).WithName("DeleteWebhook").WithSummary("Stop webhook deliveries; pending deliveries are cancelled");
        group.MapGet("/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("Recent deliveries, with attempts, state and the last error's category (timeout, refused, tls, http NNN)");
        return endpoints;
    }

    private static async Task<Ok<WebhookDto>> PutAsync(WebhookRequest request, ClaimsPrincipal user, IWebhookStore store, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var url = Validate(request.Url, options.Value);
        var secret = WebhookSignature.NewSecret();
        var subscription = new WebhookSubscription(user.PartyId(), url, WebhookSignature.SecretBytes(secret), time.GetUtcNow());
        await store.SubscribeAsync(subscription, cancellationToken);
        return TypedResults.Ok(ToDto(subscription, secret));
    }

    private static async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, IWebhookStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(user.PartyId(), cancellationToken) is { } subscription
            ? TypedResults.Ok(ToDto(subscription, null))
            : Problems.Result(NpesErrors.WebhookNotFound, "Register one with PUT /api/v1/webhook.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ClaimsPrincipal user, IWebhookStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.UnsubscribeAsync(user.PartyId(), time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Result(NpesErrors.WebhookNotFound, "No webhook is registered.");

    private static async Task<Ok<IReadOnlyList<WebhookDeliveryDto>>> DeliveriesAsync(ClaimsPrincipal user, IWebhookStore store, int? limit, CancellationToken cancellationToken)
    {
        var recent = await store.RecentAsync(user.PartyId(), Math.Clamp(limit ?? 50, 1, 500), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WebhookDeliveryDto>>(recent.Select(d => new WebhookDeliveryDto(d.Id, d.LetterId, d.GlobalSeq, d.Attempts, d.NextAttemptAt, d.DeliveredAt, d.LastError, d.State)).ToList());
    }

    private static WebhookDto ToDto(WebhookSubscription s, string? secret) => new(
        s.Url.AbsoluteUri, s.CreatedAt, secret, s.Health.State, s.Health.ConsecutiveFailures, s.Health.FailingSince, s.Health.NextAttemptAt, s.Health.DisabledAt, s.Health.DisabledReason);

    private static Uri Validate(string? text, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxUrlLength || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url))
        {
            throw new NpesException(NpesErrors.WebhookUrlInvalid, $"'url' must be an absolute URL of at most {MaxUrlLength} characters.");
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && !options.RequireHttps))
        {
            throw new NpesException(NpesErrors.WebhookUrlInvalid, options.RequireHttps ? "'url' must use https." : "'url' must use http or https.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new NpesException(NpesErrors.WebhookUrlInvalid, "'url' must not carry credentials or a fragment.");
        }

        if (!options.AllowPrivateNetworks && Literal(url) is { } literal && GlobalUnicast.Refusal(literal) is { } refusal)
        {
            throw new NpesException(NpesErrors.WebhookUrlInvalid, $"'url' points outside global unicast space: {refusal}.");
        }

        return url;
    }

    /// <summary>The IP address a URL names literally (brackets and any IPv6 zone removed), or null for a host name.</summary>
    private static IPAddress? Literal(Uri url)
    {
        if (url.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return null;
        }

        var host = url.Host.Trim('[', ']');
        var zone = host.IndexOf('%', StringComparison.Ordinal);
        return IPAddress.TryParse(zone < 0 ? host : host[..zone], out var address)
            ? address
            : throw new NpesException(NpesErrors.WebhookUrlInvalid, "'url' has an IP address that cannot be read.");
    }
}
