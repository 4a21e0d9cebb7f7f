using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.X509;

namespace Npes.Eds.Keys;

/// <summary>A private key held in memory by a provider: it signs, and wipes itself when disposed.</summary>
internal interface ISigningKey : IDisposable
{
    /// <summary>Hashes <paramref name="data"/> and signs the hash, as the key's signature algorithm defines.</summary>
    byte[] SignData(ReadOnlySpan<byte> data);
}

/// <summary>
/// A provider of signatures whose private keys are software keys imported from password-protected key containers
/// (bign, GOST): the keys it has imported, one per certificate (by SHA-256 of its DER), and everything that does not
/// depend on the algorithm. A key replaced or removed is disposed (wiped) at once; <see cref="Dispose"/> wipes them all.
/// </summary>
/// <typeparam name="TKey">The private key type.</typeparam>
/// <typeparam name="TPublicKey">The public key as read from a certificate.</typeparam>
internal abstract class SoftwareKeyProvider<TKey, TPublicKey> : IEdsProvider, IEdsKeyStore, IDisposable
    where TKey : class, ISigningKey
    where TPublicKey : class
{
    private readonly ConcurrentDictionary<string, TKey> _keys = new(StringComparer.Ordinal);
    private readonly string _family;
    private readonly string _supportedKeys;

    /// <param name="id">The provider id.</param>
    /// <param name="family">The algorithm family in messages ("bign", "GOST").</param>
    /// <param name="supportedKeys">What keys the provider supports, in messages.</param>
    protected SoftwareKeyProvider(string id, string family, string supportedKeys)
    {
        Id = id;
        _family = family;
        _supportedKeys = supportedKeys;
    }

    public string Id { get; }

    public bool Supports(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return TryGetPublicKey(certificate, out _);
    }

    public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var publicKey = RequireSupported(signer);
        if (!_keys.TryGetValue(KeyId(signer), out var key) || !Matches(key, publicKey))
        {
            throw new EdsException($"No {_family} private key has been imported for certificate '{signer.Subject}'.");
        }

        try
        {
            return key.SignData(data);
        }
        catch (ObjectDisposedException ex)
        {
            throw new EdsException($"The {_family} private key of certificate '{signer.Subject}' was removed while signing.", ex);
        }
    }

    public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return VerifyData(RequireSupported(signer), data, signature);
    }

    public SignerIdentity Describe(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return CertificateIdentity.Describe(certificate, Id);
    }

    public void ImportKey(X509Certificate2 certificate, ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!Supports(certificate))
        {
            throw new ArgumentException(
                $"Certificate '{certificate.Subject}' has no {_supportedKeys} public key; the {_family} provider cannot hold its key.", nameof(certificate));
        }

        if (password.IsEmpty)
        {
            throw new ArgumentException($"The password of a {_family} key container must not be empty.", nameof(password));
        }

        ImportKey(certificate, Decrypt(keyFile, password));
    }

    /// <summary>Keeps <paramref name="key"/> (taking ownership) for <paramref name="certificate"/>; the key must match it.</summary>
    internal void ImportKey(X509Certificate2 certificate, TKey key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        if (!TryGetPublicKey(certificate, out var publicKey) || !Matches(key, publicKey))
        {
            key.Dispose();
            throw new EdsException($"The {_family} private key is not the key of certificate '{certificate.Subject}'.");
        }

        TKey? replaced = null;
        _keys.AddOrUpdate(KeyId(certificate), key, (_, old) =>
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

        GC.SuppressFinalize(this);
    }

    /// <summary>The certificate's public key if the provider supports it; false (never an exception) otherwise.</summary>
    protected abstract bool TryGetPublicKey(X509Certificate2 certificate, out TPublicKey publicKey);

    /// <summary>Whether <paramref name="key"/> is the private key of <paramref name="publicKey"/>.</summary>
    protected abstract bool Matches(TKey key, TPublicKey publicKey);

    /// <summary>Hashes and verifies; false for a signature that does not verify or cannot be decoded.</summary>
    protected abstract bool VerifyData(TPublicKey publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>Opens a key container; throws <see cref="EdsException"/> when it cannot.</summary>
    protected abstract TKey Decrypt(ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password);

    private TPublicKey RequireSupported(X509Certificate2 certificate) =>
        TryGetPublicKey(certificate, out var publicKey)
            ? publicKey
            : throw new EdsException(
                $"Certificate '{certificate.Subject}' has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key "
                + $"that the {_family} provider does not support ({_supportedKeys}).");

    private static string KeyId(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span));
}
