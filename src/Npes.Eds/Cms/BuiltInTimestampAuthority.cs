using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Cms;

/// <summary>
/// The operator's own RFC 3161 TSA with an ECDSA (or RSA) key: a TSTInfo over the hash, signed by the TSA key with the
/// ESS signing-certificate-v2 attribute, as <c>openssl ts -verify</c> expects. <see cref="BignTimestampAuthority"/> is
/// the same with a bign key.
/// </summary>
internal sealed class BuiltInTimestampAuthority : ITimestampAuthority, IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly Oid _policy;
    private readonly TimeProvider _time;

    public BuiltInTimestampAuthority(X509Certificate2 certificate, string policyOid, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(time);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The TSA certificate {certificate.Subject} has no private key.", nameof(certificate));
        }

        TimestampTokens.RequireTimeStampingUsage(certificate, nameof(certificate));
        _certificate = certificate;
        _policy = TimestampTokens.Policy(policyOid, nameof(policyOid));
        _time = time;
    }

    public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var info = TimestampTokens.EncodeTstInfo(sha256, _policy, now);
        var signed = new SignedCms(new ContentInfo(new Oid(Asn.TstInfoContentType), info), detached: false);
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
