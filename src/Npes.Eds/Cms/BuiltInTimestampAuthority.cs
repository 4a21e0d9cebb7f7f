using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Cms;

/// <summary>
/// The operator's own RFC 3161 TSA: a TSTInfo over the hash, signed by the TSA key with the ESS
/// signing-certificate-v2 attribute, as <c>openssl ts -verify</c> expects.
/// </summary>
internal sealed class BuiltInTimestampAuthority : ITimestampAuthority, IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly Oid _policy;
    private readonly TimeProvider _time;

    public BuiltInTimestampAuthority(X509Certificate2 certificate, string policyOid, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The TSA certificate {certificate.Subject} has no private key.", nameof(certificate));
        }

        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        if (eku is null || !eku.Critical || eku.EnhancedKeyUsages.Count != 1 || eku.EnhancedKeyUsages[0].Value != "1.3.6.1.5.5.7.3.8")
        {
            throw new ArgumentException($"The TSA certificate {certificate.Subject} must have exactly one, critical, extended key usage: timeStamping (RFC 3161 §2.3).", nameof(certificate));
        }

        _certificate = certificate;
        _policy = new Oid(policyOid);
        _time = time;
    }

    public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A timestamp request carries a SHA-256 hash of 32 bytes.", nameof(sha256));
        }

        var now = _time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive and minimal in DER: no leading zero byte
        var info = new Rfc3161TimestampTokenInfo(
            _policy,
            new Oid(Asn.Sha256Oid),
            sha256,
            serial,
            now,
            accuracyInMicroseconds: 1_000_000);
        var signed = new SignedCms(new ContentInfo(new Oid(Asn.TstInfoContentType), info.Encode()), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate)
        {
            DigestAlgorithm = new Oid(Asn.Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(now.UtcDateTime));
        signer.SignedAttributes.Add(Asn.SigningCertificateV2(_certificate));
        signed.ComputeSignature(signer, silent: true);
        return Task.FromResult(signed.Encode());
    }

    public void Dispose() => _certificate.Dispose();
}
