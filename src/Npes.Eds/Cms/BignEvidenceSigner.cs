using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;

namespace Npes.Eds.Cms;

/// <summary>
/// The operator's bign service key signing CMS (<see cref="BignCms"/>: belt-hash, bign-with-hbelt) with a timestamp
/// from the configured TSA. The private key stays in the bign provider; this class holds only the certificate.
/// </summary>
internal sealed class BignEvidenceSigner : IEvidenceSigner, IDisposable
{
    private readonly X509Certificate2Collection _chain;
    private readonly IEdsProvider _provider;
    private readonly ITimestampAuthority _tsa;
    private readonly TimeProvider _time;

    /// <param name="certificate">The operator's bign certificate (public part).</param>
    /// <param name="chain">CA certificates included after it.</param>
    /// <param name="provider">The bign provider holding the certificate's private key.</param>
    /// <param name="tsa">Where signature timestamps come from.</param>
    /// <param name="time">Clock of the signing-time attribute.</param>
    public BignEvidenceSigner(X509Certificate2 certificate, X509Certificate2Collection chain, BignEdsProvider provider, ITimestampAuthority tsa, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(tsa);
        ArgumentNullException.ThrowIfNull(time);
        if (!provider.Supports(certificate))
        {
            throw new ArgumentException($"The operator certificate {certificate.Subject} has no bign-curve256v1 key.", nameof(certificate));
        }

        if (!provider.HasKey(certificate))
        {
            throw new ArgumentException($"The bign provider holds no private key for the operator certificate {certificate.Subject}.", nameof(certificate));
        }

        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        _chain = chain;
        _provider = provider;
        _tsa = tsa;
        _time = time;
    }

    public X509Certificate2 Certificate { get; }

    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> content, bool detached, CancellationToken cancellationToken)
    {
        var signed = BignCms.Sign(content, detached, Certificate, _chain, _provider, _time.GetUtcNow());

        // A signature timestamp (RFC 3161 appendix A): the TSA dates the signature value itself.
        var token = await _tsa.TimestampAsync(SHA256.HashData(signed.Signature), cancellationToken);
        return signed.Encode(token);
    }

    public void Dispose() => Certificate.Dispose();
}
