namespace Npes.Eds.Cms;

/// <summary>An RFC 3161 time-stamping authority: the built-in one, or an external one over HTTP.</summary>
public interface ITimestampAuthority
{
    /// <summary>Returns a DER-encoded timestamp token (CMS ContentInfo with TSTInfo) over a SHA-256 hash.</summary>
    Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken);
}

/// <summary>Signs receipts and evidence with the postal operator's service key.</summary>
public interface IEvidenceSigner
{
    /// <summary>The operator's service certificate (public part).</summary>
    System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate { get; }

    /// <summary>
    /// CMS SignedData (RFC 5652) over <paramref name="content"/>, SHA-256, with signing time and the ESS
    /// signing-certificate-v2 attribute, and an RFC 3161 timestamp over the signature as unsigned attribute.
    /// </summary>
    /// <param name="content">The bytes to sign.</param>
    /// <param name="detached">True to leave the content out of the CMS (the verifier supplies it).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<byte[]> SignAsync(ReadOnlyMemory<byte> content, bool detached, CancellationToken cancellationToken);
}
