using System.Security.Cryptography.X509Certificates;

namespace Npes.Eds;

/// <summary>
/// One family of electronic digital signatures (ЭЦП): software X.509 keys, STB bign tokens, mobile EDS, ...
/// A provider signs with keys it holds (private keys never leave it), verifies signatures made by
/// certificates of its family, and says whose certificate it is.
/// </summary>
public interface IEdsProvider
{
    /// <summary>Stable identifier, e.g. <c>x509</c>; used in configuration and stored with signatures.</summary>
    string Id { get; }

    /// <summary>Whether this provider understands the certificate's key and signature algorithms.</summary>
    bool Supports(X509Certificate2 certificate);

    /// <summary>
    /// Signs <paramref name="data"/> with the private key bound to <paramref name="signer"/>.
    /// Throws <see cref="EdsException"/> when the key is absent or unsupported.
    /// </summary>
    byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/> with the certificate's public key.
    /// Returns false for a signature that does not verify or cannot be decoded; throws <see cref="EdsException"/>
    /// only for an unsupported certificate.
    /// </summary>
    bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>Reads the holder's identity from the certificate (person or organisation).</summary>
    SignerIdentity Describe(X509Certificate2 certificate);
}

/// <summary>
/// A provider that signs with software keys it reads from password-protected key files (the bign provider's key
/// containers). An imported key stays inside the provider: <see cref="IEdsProvider.Sign"/> uses it, nothing returns it.
/// </summary>
public interface IEdsKeyStore
{
    /// <summary>
    /// Opens <paramref name="keyFile"/> with <paramref name="password"/> and keeps its private key for
    /// <paramref name="certificate"/>, replacing an earlier one. Throws <see cref="EdsException"/> when the file cannot
    /// be opened or holds the key of another certificate, <see cref="ArgumentException"/> for a certificate or password
    /// the provider cannot use.
    /// </summary>
    void ImportKey(X509Certificate2 certificate, ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password);

    /// <summary>Whether a private key for <paramref name="certificate"/> has been imported.</summary>
    bool HasKey(X509Certificate2 certificate);

    /// <summary>Forgets (and wipes) the private key for <paramref name="certificate"/>; false when there was none.</summary>
    bool RemoveKey(X509Certificate2 certificate);
}
