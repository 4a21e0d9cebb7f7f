using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Auth;
using Npes.Core.Errors;
using Npes.Eds;
using Npes.Eds.Input;
using Npes.Server.Hosting;

namespace Npes.Server.Auth;

/// <summary>Issues a single-use login challenge bound to the caller's certificate and to this server's origin.</summary>
internal sealed class IssueChallenge(IChallengeStore challenges, IEdsProviderRegistry providers, RateLimits limits, IOptions<AuthOptions> options, IOptions<RateLimitOptions> rateLimits, TimeProvider time)
{
    /// <summary>An anonymous request: counted against the client's address before anything is written.</summary>
    public async Task<ChallengeResponse> HandleAnonymousAsync(ChallengeRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await limits.CheckAsync("challenge:ip:" + RateLimits.ClientOf(context), rateLimits.Value.ChallengesPerIp, "login challenges from this address", cancellationToken);
        return await HandleAsync(request, OriginOf(context.Request), cancellationToken);
    }

    /// <param name="requestOrigin">The origin the request arrived at (scheme and host, after trusted forwarded headers).</param>
    public async Task<ChallengeResponse> HandleAsync(ChallengeRequest request, string requestOrigin, CancellationToken cancellationToken)
    {
        using var certificate = CertificateInput.Parse(request.Certificate, "certificate");
        if (providers.Find(certificate) is null)
        {
            throw new NpesException(NpesErrors.CertificateUnsupported, "No configured EDS provider handles this certificate's key algorithm.");
        }

        var now = time.GetUtcNow();
        var challenge = new LoginChallenge(
            Guid.CreateVersion7(now),
            OriginFor(requestOrigin),
            RandomNumberGenerator.GetBytes(32),
            CertificateInput.Thumbprint(certificate),
            now,
            now + options.Value.ChallengeLifetime,
            null);
        await challenges.AddAsync(challenge, cancellationToken);
        return new ChallengeResponse(challenge.Id, Convert.ToBase64String(challenge.ToBeSigned), challenge.ExpiresAt, SignatureFormatOf(certificate));
    }

    /// <summary>The origin the statement names: the request's when it is a configured origin (or none is configured), else the first configured.</summary>
    public string OriginFor(string requestOrigin)
    {
        var configured = options.Value.Origins;
        if (configured.Count == 0)
        {
            return LoginStatement.IsOrigin(requestOrigin)
                ? requestOrigin
                : throw new NpesException(NpesErrors.ValidationFailed, "The request's host does not form an origin; the server's Npes:Auth:Origins must be configured.");
        }

        return configured.FirstOrDefault(o => string.Equals(o, requestOrigin, StringComparison.OrdinalIgnoreCase)) ?? configured[0];
    }

    /// <summary>The origin of <paramref name="request"/>: scheme, host and port as the client addressed this server.</summary>
    public static string OriginOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Uri.TryCreate(request.Scheme + "://" + request.Host.Value, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : string.Empty;
    }

    private static string SignatureFormatOf(X509Certificate2 certificate) => certificate.GetKeyAlgorithm() switch
    {
        "1.2.840.10045.2.1" => "ECDSA over SHA-256 (P-256), SHA-384 (P-384) or SHA-512 (P-521); IEEE P1363 r||s or DER",
        "1.2.840.113549.1.1.1" => "RSA PKCS#1 v1.5 over SHA-256",
        "1.2.112.0.2.0.34.101.45.2.1" => "bign-with-hbelt (STB 34.101.45) over belt-hash; 48 bytes s0||s1",
        var oid => "as defined by the EDS provider for key algorithm " + oid,
    };
}
