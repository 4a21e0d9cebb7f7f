using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;

namespace Npes.Eds.Cms;

/// <summary>
/// The operator's own RFC 3161 TSA with a bign key (STB 34.101.45): the same TSTInfo as
/// <see cref="BuiltInTimestampAuthority"/>, in a <see cref="BignCms"/> SignedData (eContentType id-ct-TSTInfo,
/// belt-hash, bign-with-hbelt, signed attributes content-type, signing-time, message-digest and ESS
/// signing-certificate-v2) that carries the TSA certificate and its CA certificates. The private key stays in the bign
/// provider; this class holds only the certificates.
/// </summary>
internal sealed class BignTimestampAuthority : ITimestampAuthority, IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _chain;
    private readonly IEdsProvider _provider;
    private readonly Oid _policy;
    private readonly TimeProvider _time;

    /// <param name="certificate">The TSA's bign certificate (public part), for time-stamping only.</param>
    /// <param name="chain">CA certificates included after it.</param>
    /// <param name="provider">The bign provider holding the certificate's private key.</param>
    /// <param name="policyOid">The TSA policy written into every token.</param>
    /// <param name="time">Clock of genTime and the signing-time attribute.</param>
    public BignTimestampAuthority(X509Certificate2 certificate, X509Certificate2Collection chain, BignEdsProvider provider, string policyOid, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(time);
        if (!provider.Supports(certificate))
        {
            throw new ArgumentException($"The TSA certificate {certificate.Subject} has no bign-curve256v1 key.", nameof(certificate));
        }

        TimestampTokens.RequireTimeStampingUsage(certificate, nameof(certificate));
        if (!provider.HasKey(certificate))
        {
            throw new ArgumentException($"The bign provider holds no private key for the TSA certificate {certificate.Subject}.", nameof(certificate));
        }

        _policy = TimestampTokens.Policy(policyOid, nameof(policyOid));
        _certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        _chain = chain;
        _provider = provider;
        _time = time;
    }

    public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var info = TimestampTokens.EncodeTstInfo(sha256, _policy, now);
        var token = BignCms.Sign(info, detached: false, _certificate, _chain, _provider, now, Asn.TstInfoContentType);
        return Task.FromResult(token.Encode());
    }

    public void Dispose() => _certificate.Dispose();
}
