using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Stb;
using Npes.Eds.X509;

namespace Npes.Eds.BignEds;

/// <summary>
/// STB 34.101.45 signatures: certificates whose key is bign-pubkey on bign-curve256v1, signatures bign-with-hbelt
/// (belt-hash of the data, then bign; 48 bytes s0 ‖ s1). Private keys are imported from password-protected
/// <see cref="BignKeyContainer"/> files and stay here, in pinned memory wiped on removal and disposal.
/// </summary>
internal sealed class BignEdsProvider : IEdsProvider, IEdsKeyStore, IDisposable
{
    public const string ProviderId = "bign";

    private readonly ConcurrentDictionary<string, BignPrivateKey> _keys = new(StringComparer.Ordinal);

    public string Id => ProviderId;

    public bool Supports(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return BignCertificates.TryGetPublicKey(certificate, out _);
    }

    public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var publicKey = RequireSupported(signer);
        if (!_keys.TryGetValue(KeyId(signer), out var key) || !key.Matches(publicKey))
        {
            throw new EdsException($"No bign private key has been imported for certificate '{signer.Subject}'.");
        }

        try
        {
            return key.SignData(data);
        }
        catch (ObjectDisposedException ex)
        {
            throw new EdsException($"The bign private key of certificate '{signer.Subject}' was removed while signing.", ex);
        }
    }

    public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var publicKey = RequireSupported(signer);
        if (signature.Length != Bign.SignatureSize)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[BeltHash.HashSize];
        BeltHash.HashData(data, hash);
        return Bign.Verify(hash, signature, publicKey);
    }

    public SignerIdentity Describe(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return CertificateIdentity.Describe(certificate, ProviderId);
    }

    public void ImportKey(X509Certificate2 certificate, ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!Supports(certificate))
        {
            throw new ArgumentException(
                $"Certificate '{certificate.Subject}' has no bign-curve256v1 public key; the bign provider cannot hold its key.", nameof(certificate));
        }

        if (password.IsEmpty)
        {
            throw new ArgumentException("The password of a bign key container must not be empty.", nameof(password));
        }

        ImportKey(certificate, BignKeyContainer.Decrypt(keyFile, password));
    }

    /// <summary>Keeps <paramref name="key"/> (taking ownership) for <paramref name="certificate"/>; the key must match it.</summary>
    internal void ImportKey(X509Certificate2 certificate, BignPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        if (!BignCertificates.TryGetPublicKey(certificate, out var publicKey) || !key.Matches(publicKey))
        {
            key.Dispose();
            throw new EdsException($"The bign private key is not the key of certificate '{certificate.Subject}'.");
        }

        var id = KeyId(certificate);
        BignPrivateKey? replaced = null;
        _keys.AddOrUpdate(id, key, (_, old) =>
        {
            replaced = old;
            return key;
        });
        if (!ReferenceEquals(replaced, key))
        {
            replaced?.Dispose();
        }
    }

    public bool HasKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return _keys.ContainsKey(KeyId(certificate));
    }

    public bool RemoveKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!_keys.TryRemove(KeyId(certificate), out var key))
        {
            return false;
        }

        key.Dispose();
        return true;
    }

    public void Dispose()
    {
        foreach (var id in _keys.Keys)
        {
            if (_keys.TryRemove(id, out var key))
            {
                key.Dispose();
            }
        }
    }

    private static string KeyId(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span));

    private static byte[] RequireSupported(X509Certificate2 certificate) =>
        BignCertificates.TryGetPublicKey(certificate, out var publicKey)
            ? publicKey
            : throw new EdsException(
                $"Certificate '{certificate.Subject}' has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key "
                + "that the bign provider does not support (bign-pubkey on bign-curve256v1).");
}
