using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Npes.Notifications.Sending;

/// <summary>The seam to an SMS provider: one short text to one mobile number.</summary>
internal interface ISmsGateway
{
    bool Enabled { get; }

    Task<SendResult> SendAsync(string to, string text, Guid reference, CancellationToken cancellationToken);
}

/// <summary>
/// An HTTP SMS gateway: <c>POST {url}</c> with JSON <c>{from, to, text, reference}</c> and a bearer token; the answer
/// <c>{id}</c> is read up to 4 KiB. 2xx: accepted; 408, 429 and 5xx: try again; other 4xx: the gateway refuses for good.
/// The reference is the notice's id, so a gateway can drop a repeat after a lost answer.
/// </summary>
internal sealed class HttpSmsGateway(IHttpClientFactory clients, IOptions<NotificationsOptions> options) : ISmsGateway
{
    public const string HttpClientName = "npes-sms";
    public const int MaxResponseBytes = 4096;

    public bool Enabled => options.Value.Sms.Enabled;

    public async Task<SendResult> SendAsync(string to, string text, Guid reference, CancellationToken cancellationToken)
    {
        var settings = options.Value.Sms;
        if (settings.Url is null)
        {
            return SendResult.Permanent("SMS notices are not configured");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new { from = settings.Sender, to, text, reference = reference.ToString("D") }),
        };
        if (!string.IsNullOrEmpty(settings.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadBoundedAsync(response.Content, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendResult.Sent(MessageId(body));
            }

            var error = $"HTTP {status}";
            return status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500
                ? SendResult.Transient(error)
                : SendResult.Permanent(error);
        }
        catch (HttpRequestException e)
        {
            return SendResult.Transient("SMS gateway unavailable: " + (e.HttpRequestError == HttpRequestError.Unknown ? e.GetType().Name : e.HttpRequestError.ToString()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Transient($"no answer from the SMS gateway within {settings.Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return buffer[..read];
    }

    /// <summary>The gateway's id of the message, when its answer is a JSON object with a short string <c>id</c>.</summary>
    private static string? MessageId(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 and <= 200 } value && value.All(c => c is > ' ' and < (char)127)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
