using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Auth;
using Npes.Core.Errors;
using Npes.Eds;
using Npes.Eds.Input;

namespace Npes.Server.Auth;

/// <summary>Issues a single-use login challenge bound to the caller's certificate.</summary>
internal sealed class IssueChallenge(IChallengeStore challenges, IEdsProviderRegistry providers, IOptions<AuthOptions> options, TimeProvider time)
{
    public async Task<ChallengeResponse> HandleAsync(ChallengeRequest request, CancellationToken cancellationToken)
    {
        using var certificate = CertificateInput.Parse(request.Certificate, "certificate");
        if (providers.Find(certificate) is null)
        {
            throw new NpesException(NpesErrors.CertificateUnsupported, "No configured EDS provider handles this certificate's key algorithm.");
        }

        var now = time.GetUtcNow();
        var challenge = new LoginChallenge(
            Guid.CreateVersion7(now),
            RandomNumberGenerator.GetBytes(32),
            CertificateInput.Thumbprint(certificate),
            now,
            now + options.Value.ChallengeLifetime,
            null);
        await challenges.AddAsync(challenge, cancellationToken);
        return new ChallengeResponse(challenge.Id, Convert.ToBase64String(challenge.ToBeSigned), challenge.ExpiresAt, SignatureFormatOf(certificate));
    }

    private static string SignatureFormatOf(X509Certificate2 certificate) => certificate.GetKeyAlgorithm() switch
    {
        "1.2.840.10045.2.1" => "ECDSA over SHA-256 (P-256), SHA-384 (P-384) or SHA-512 (P-521); IEEE P1363 r||s or DER",
        "1.2.840.113549.1.1.1" => "RSA PKCS#1 v1.5 over SHA-256",
        "1.2.112.0.2.0.34.101.45.2.1" => "bign-with-hbelt (STB 34.101.45) over belt-hash; 48 bytes s0||s1",
        var oid => "as defined by the EDS provider for key algorithm " + oid,
    };
}
