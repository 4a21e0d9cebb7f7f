using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Npes.Eds.MobileEds;

/// <summary>The mobile signing service over JSON/HTTP (protocol in docs/mobile-eds.md), with timeouts and bounded responses.</summary>
internal sealed class HttpMobileSigningService(HttpClient http, IOptions<MobileEdsOptions> options) : IMobileSigningService
{
    public const int MaxPhoneChars = 32;
    public const int MaxDataBytes = 4096;
    public const int MaxDisplayTextChars = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<X509Certificate2?> FindCertificateAsync(string phone, CancellationToken cancellationToken)
    {
        CheckPhone(phone);
        using var response = await SendAsync(HttpMethod.Get, $"phones/{Uri.EscapeDataString(phone)}/certificate", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await ReadAsync<CertificateBody>(response, cancellationToken);
        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body.Certificate ?? throw Bad("no certificate")));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new EdsException($"The mobile signing service sent an unreadable certificate for {phone}.", e);
        }
    }

    public async Task<string?> StartAsync(string phone, ReadOnlyMemory<byte> data, string displayText, CancellationToken cancellationToken)
    {
        CheckPhone(phone);
        if (data.IsEmpty || data.Length > MaxDataBytes)
        {
            throw new ArgumentException($"The data to sign must be 1 to {MaxDataBytes} bytes long.", nameof(data));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(displayText);
        if (displayText.Length > MaxDisplayTextChars)
        {
            throw new ArgumentException($"The display text is longer than {MaxDisplayTextChars} characters.", nameof(displayText));
        }

        var request = new StartBody(phone, Convert.ToBase64String(data.Span), displayText);
        using var response = await SendAsync(HttpMethod.Post, "requests", JsonContent.Create(request, options: Json), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await ReadAsync<StartedBody>(response, cancellationToken);
        return string.IsNullOrWhiteSpace(body.RequestId) || body.RequestId.Length > 128 ? throw Bad("no usable request id") : body.RequestId;
    }

    public async Task<MobileSigningResult> PollAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        using var response = await SendAsync(HttpMethod.Get, $"requests/{Uri.EscapeDataString(requestId)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return MobileSigningResult.Expired;
        }

        var body = await ReadAsync<StatusBody>(response, cancellationToken);
        return body.Status switch
        {
            "pending" => MobileSigningResult.Pending,
            "refused" => MobileSigningResult.Refused,
            "expired" => MobileSigningResult.Expired,
            "signed" => Signed(body),
            _ => throw Bad($"unknown status '{body.Status}'"),
        };
    }

    private static MobileSigningResult Signed(StatusBody body)
    {
        try
        {
            return new MobileSigningResult(
                MobileSigningState.Signed,
                Convert.FromBase64String(body.Signature ?? throw Bad("a signed request without signature")),
                Convert.FromBase64String(body.Certificate ?? throw Bad("a signed request without certificate")));
        }
        catch (FormatException e)
        {
            throw new EdsException("The mobile signing service sent a signature or certificate that is not base64.", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var baseUrl = settings.Url ?? throw new EdsException("Mobile EDS is not configured (Npes:MobileEds:Url).");
        var url = new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.NotFound && !response.IsSuccessStatusCode)
            {
                response.Dispose();
                throw new EdsException($"The mobile signing service at {baseUrl} answered {(int)response.StatusCode} to {method} {path}.");
            }

            return response;
        }
        catch (HttpRequestException e)
        {
            throw new EdsException($"The mobile signing service at {baseUrl} is unreachable: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdsException($"The mobile signing service at {baseUrl} did not answer within {settings.Timeout}.", e);
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw Bad($"more than {max} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[max + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > max)
        {
            throw Bad($"more than {max} bytes");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), Json) ?? throw Bad("an empty body");
        }
        catch (JsonException e)
        {
            throw new EdsException("The mobile signing service sent malformed JSON.", e);
        }
    }

    private static void CheckPhone(string phone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        if (phone.Length > MaxPhoneChars)
        {
            throw new ArgumentException($"A phone number is at most {MaxPhoneChars} characters long.", nameof(phone));
        }
    }

    private static EdsException Bad(string what) => new($"The mobile signing service sent {what}.");

    private sealed record CertificateBody([property: JsonPropertyName("certificate")] string? Certificate);

    private sealed record StartBody(string Phone, string DataToBeSigned, string DisplayText);

    private sealed record StartedBody(string? RequestId);

    private sealed record StatusBody(string? Status, string? Signature, string? Certificate);
}
