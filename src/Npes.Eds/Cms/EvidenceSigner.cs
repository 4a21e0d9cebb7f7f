using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds.Cms;

/// <summary>The operator's service key signing CMS with a timestamp from the configured TSA.</summary>
internal sealed class EvidenceSigner : IEvidenceSigner, IDisposable
{
    private readonly X509Certificate2 _key;
    private readonly X509Certificate2Collection _chain;
    private readonly ITimestampAuthority _tsa;
    private readonly TimeProvider _time;

    public EvidenceSigner(X509Certificate2 key, X509Certificate2Collection chain, ITimestampAuthority tsa, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(tsa);
        if (!key.HasPrivateKey)
        {
            throw new ArgumentException($"The operator certificate {key.Subject} has no private key.", nameof(key));
        }

        _key = key;
        _chain = chain;
        _tsa = tsa;
        _time = time;
        Certificate = X509CertificateLoader.LoadCertificate(key.RawData);
    }

    public X509Certificate2 Certificate { get; }

    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> content, bool detached, CancellationToken cancellationToken)
    {
        var cms = new SignedCms(new ContentInfo(content.ToArray()), detached);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _key)
        {
            DigestAlgorithm = new Oid(Asn.Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(_chain);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(_time.GetUtcNow().UtcDateTime));
        signer.SignedAttributes.Add(Asn.SigningCertificateV2(_key));
        cms.ComputeSignature(signer, silent: true);

        // A signature timestamp (RFC 3161 appendix A): the TSA dates the signature value itself.
        var signerInfo = cms.SignerInfos[0];
        var token = await _tsa.TimestampAsync(SHA256.HashData(signerInfo.GetSignature()), cancellationToken);
        signerInfo.AddUnsignedAttribute(new AsnEncodedData(Asn.TimestampTokenOid, token));
        return cms.Encode();
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}
