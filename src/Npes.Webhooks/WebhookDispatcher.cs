using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Storage.Jobs;

namespace Npes.Webhooks;

/// <summary>
/// Posts due webhook deliveries, signed. Subscribers are served in parallel, each by one worker at a time (a
/// subscriber lease), oldest event first, with a short timeout per POST; a failure backs the subscriber off
/// exponentially and ends its turn, so a slow, dead or tarpitting endpoint costs only its own time. A subscriber
/// that keeps failing is disabled (the sender sees it in <c>GET /api/v1/webhook</c>). Leases expire, so a dispatcher
/// that dies mid-way leaves its work due again for this or another server; a delivery is at-least-once.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IWebhookStore store,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : IRecurringDuty
{
    public const string HttpClientName = "npes-webhooks";
    public const string Id = "webhooks-dispatch";

    /// <summary>Subscribers claimed at once.</summary>
    private const int ClaimBatch = 100;

    /// <summary>Deliveries to one subscriber in one turn, so a busy subscriber cannot hold its worker forever.</summary>
    private const int TurnLimit = 200;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task RunAsync(CancellationToken cancellationToken) => await DispatchDueAsync(cancellationToken);

    /// <summary>Delivers everything due now; returns how many deliveries succeeded.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        var served = new HashSet<Guid>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelSubscribers, CancellationToken = cancellationToken };
        while (true)
        {
            var now = time.GetUtcNow();
            var claimed = await store.ClaimSubscribersAsync(now, now + Lease, served, ClaimBatch, cancellationToken);
            await Parallel.ForEachAsync(claimed, parallel, async (subscriber, token) =>
            {
                var count = await ServeAsync(subscriber, token);
                Interlocked.Add(ref delivered, count);
            });
            served.UnionWith(claimed.Select(s => s.PartyId));
            if (claimed.Count < ClaimBatch)
            {
                return delivered;
            }
        }
    }

    /// <summary>Delay before the next attempt after n consecutive failures: 5 s, 30 s, 2 min, 10 min, 30 min, then hourly.</summary>
    public static TimeSpan Backoff(int failures) => failures switch
    {
        <= 1 => TimeSpan.FromSeconds(5),
        2 => TimeSpan.FromSeconds(30),
        3 => TimeSpan.FromMinutes(2),
        4 => TimeSpan.FromMinutes(10),
        5 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromHours(1),
    };

    /// <summary>One subscriber's turn: its due deliveries in order until one fails, the turn's limit, or half the lease.</summary>
    private async Task<int> ServeAsync(ClaimedSubscriber subscriber, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var failures = subscriber.ConsecutiveFailures;
        var delivered = 0;
        try
        {
            for (var i = 0; i < TurnLimit && time.GetUtcNow() - started < Lease / 2; i++)
            {
                var now = time.GetUtcNow();
                var delivery = await store.NextDueAsync(subscriber.PartyId, now, now + Lease, cancellationToken);
                if (delivery is null)
                {
                    break;
                }

                var error = await PostAsync(subscriber, delivery, cancellationToken);
                if (error is null)
                {
                    await store.MarkDeliveredAsync(delivery, time.GetUtcNow(), cancellationToken);
                    failures = 0;
                    delivered++;
                    continue;
                }

                failures++;
                var failedAt = time.GetUtcNow();
                var disable = failures >= options.Value.DisableAfterFailures
                    ? string.Create(CultureInfo.InvariantCulture, $"{failures} consecutive failed attempts; the last: {error}. PUT /api/v1/webhook enables deliveries again.")
                    : null;
                var giveUp = delivery.Attempts >= options.Value.MaxAttempts;
                await store.MarkFailedAsync(delivery, new WebhookFailure(error, failedAt, failedAt + Backoff(failures), giveUp, disable), cancellationToken);
                LogAttemptFailed(logger, delivery.Id, subscriber.PartyId, delivery.Attempts, error);
                if (disable is not null)
                {
                    LogDisabled(logger, subscriber.PartyId, failures);
                }

                break;
            }
        }
        finally
        {
            await store.ReleaseAsync(subscriber.PartyId, CancellationToken.None);
        }

        return delivered;
    }

    /// <summary>POSTs one delivery; null when the endpoint answered 2xx, else a coarse error category.</summary>
    private async Task<string?> PostAsync(ClaimedSubscriber subscriber, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var id = delivery.Id.ToString("D");
        using var request = new HttpRequestMessage(HttpMethod.Post, subscriber.Url) { Content = new ByteArrayContent(delivery.Payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(subscriber.Secret, id, timestamp, delivery.Payload));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : WebhookErrors.Http((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WebhookErrors.Timeout;
        }
        catch (HttpRequestException e)
        {
            LogConnectFailed(logger, delivery.Id, e.HttpRequestError, e);
            return WebhookErrors.Classify(e);
        }
    }

    /// <summary>
    /// The handler of webhook POSTs: no proxy (the guard must see the address actually connected to), no redirects,
    /// and a connect step that resolves the host itself and connects only to addresses in global unicast space
    /// (<see cref="GlobalUnicast"/>) unless private networks are allowed — so a name that resolves, or later
    /// re-resolves, to an internal host is refused at connect time as well as at registration.
    /// </summary>
    internal static SocketsHttpHandler CreateHandler(WebhookOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        resolve ??= Dns.GetHostAddressesAsync;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            Proxy = null,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 16,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await resolve(context.DnsEndPoint.Host, cancellationToken);
                var allowed = addresses.Where(a => options.AllowPrivateNetworks || GlobalUnicast.IsAllowed(a)).ToList();
                if (allowed.Count == 0)
                {
                    var reason = addresses.Select(GlobalUnicast.Refusal).FirstOrDefault(r => r is not null) ?? "no address";
                    throw new WebhookAddressRefusedException($"{context.DnsEndPoint.Host} resolves to no global unicast address ({reason}); webhooks connect to the public internet only.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed[0], context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {Id} to party {PartyId}, attempt {Attempt}, failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid id, Guid partyId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery {Id} could not connect ({Kind})")]
    private static partial void LogConnectFailed(ILogger logger, Guid id, HttpRequestError kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries to party {PartyId} disabled after {Failures} consecutive failures")]
    private static partial void LogDisabled(ILogger logger, Guid partyId, int failures);
}

/// <summary>The connect step refused every address of the endpoint's host.</summary>
internal sealed class WebhookAddressRefusedException(string message) : IOException(message);

/// <summary>
/// The only words a sender reads about a failed attempt: timeout, refused, tls, or the HTTP status. Nothing finer —
/// no exception text, resolver answer or socket error — so the delivery log cannot serve as a port scanner.
/// </summary>
internal static class WebhookErrors
{
    public const string Timeout = "timeout";
    public const string Refused = "refused";
    public const string Tls = "tls";

    public static string Http(int status) => string.Create(CultureInfo.InvariantCulture, $"http {status}");

    public static string Classify(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.HttpRequestError == HttpRequestError.SecureConnectionError || Inner<AuthenticationException>(exception))
        {
            return Tls;
        }

        return Refused;
    }

    private static bool Inner<T>(Exception exception) where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }
}
