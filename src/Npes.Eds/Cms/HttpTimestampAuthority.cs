using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Npes.Eds.Cms;

/// <summary>An external RFC 3161 TSA reached over HTTP (<c>application/timestamp-query</c>).</summary>
internal sealed class HttpTimestampAuthority(HttpClient http, Uri url) : ITimestampAuthority
{
    private const int MaxResponseBytes = 64 * 1024;

    public async Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(8);
        var request = Rfc3161TimestampRequest.CreateFromHash(sha256, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await http.PostAsync(url, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new EdsException($"The TSA at {url} answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength is > MaxResponseBytes)
        {
            throw new EdsException($"The TSA at {url} sent more than {MaxResponseBytes} bytes.");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length > MaxResponseBytes)
        {
            throw new EdsException($"The TSA at {url} sent more than {MaxResponseBytes} bytes.");
        }

        try
        {
            // ProcessResponse checks status, the hash, the nonce, and the token's signature.
            var token = request.ProcessResponse(body, out _);
            return token.AsSignedCms().Encode();
        }
        catch (CryptographicException e)
        {
            throw new EdsException($"The TSA at {url} sent an unusable response: {e.Message}", e);
        }
    }
}
