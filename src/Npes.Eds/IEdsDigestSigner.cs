using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds;

/// <summary>
/// A provider whose private keys live outside this process (on a PKCS#11 token) yet sign digests as .NET's ECDsa and RSA
/// do, so that .NET's SignedCms can make ECDSA and RSA CMS signatures with them.
/// </summary>
public interface IEdsDigestSigner
{
    /// <summary>
    /// The private key of <paramref name="certificate"/> as an <see cref="ECDsa"/> or <see cref="RSA"/> that signs digests
    /// through the provider (nothing private can be exported from it); null when the provider holds no ECDSA or RSA key for
    /// the certificate. The caller disposes it.
    /// </summary>
    AsymmetricAlgorithm? OpenPrivateKey(X509Certificate2 certificate);
}
