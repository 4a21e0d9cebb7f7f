using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Storage.Jobs;

namespace Npes.Webhooks;

/// <summary>
/// Posts due webhook deliveries, signed, with exponential backoff. Deliveries are claimed under a lease, so a
/// dispatcher that dies mid-way leaves them due again for this or another server; a delivery is at-least-once.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IWebhookStore store,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : IRecurringDuty
{
    public const string HttpClientName = "npes-webhooks";
    private const int BatchSize = 50;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public const string Id = "webhooks-dispatch";

    public async Task RunAsync(CancellationToken cancellationToken) => await DispatchDueAsync(cancellationToken);

    /// <summary>Delivers everything due now; returns how many deliveries succeeded.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var batch = await store.ClaimDueAsync(now, now + Lease, options.Value.MaxAttempts, BatchSize, cancellationToken);
            foreach (var delivery in batch)
            {
                if (await DeliverAsync(delivery, cancellationToken))
                {
                    delivered++;
                }
            }

            if (batch.Count < BatchSize)
            {
                return delivered;
            }
        }
    }

    /// <summary>Delay before attempt n+1: 5 s, 30 s, 2 min, 10 min, 30 min, then hourly.</summary>
    public static TimeSpan Backoff(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromSeconds(5),
        2 => TimeSpan.FromSeconds(30),
        3 => TimeSpan.FromMinutes(2),
        4 => TimeSpan.FromMinutes(10),
        5 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromHours(1),
    };

    private async Task<bool> DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var id = delivery.Id.ToString("D");
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, id, timestamp, delivery.Payload));
        string error;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                await store.MarkDeliveredAsync(delivery.Id, time.GetUtcNow(), cancellationToken);
                return true;
            }

            error = $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            error = "connection failed: " + e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {options.Value.Timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
        }

        var next = time.GetUtcNow() + Backoff(delivery.Attempts);
        await store.MarkFailedAsync(delivery.Id, next, error, cancellationToken);
        LogAttemptFailed(logger, delivery.Id, delivery.Attempts, error);
        return false;
    }

    /// <summary>
    /// Connects only to public addresses unless private networks are allowed: the check runs on the address
    /// actually connected to, after DNS, so a name that resolves to an internal host is refused too.
    /// </summary>
    internal static SocketsHttpHandler CreateHandler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => options.AllowPrivateNetworks || IsPublic(a)).ToList();
            if (allowed.Count == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address; private networks are not allowed for webhooks.");
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

    internal static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
        {
            return false;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6None);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 127 || b[0] == 0 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {Id} attempt {Attempt} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid id, int attempt, string error);
}
