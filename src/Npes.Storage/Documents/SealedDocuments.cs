using System.Security.Cryptography;

namespace Npes.Storage.Documents;

/// <summary>Plaintext sealed under a fresh content key: the key (wrapped by the master key) and each part, in order.</summary>
public sealed record SealedSet(WrappedKey Key, IReadOnlyList<byte[]> Parts);

/// <summary>
/// Encryption at rest for everything that holds sender content — letters' documents, print pieces, batch files — in
/// one place. Every content key is random per owner (letter or batch), AES-GCM wraps it under the active master key,
/// each part is bound to its owner and position, and every unwrapped key is zeroed as soon as the call returns.
/// </summary>
public sealed class SealedDocuments
{
    private readonly DocumentCipher _cipher;

    internal SealedDocuments(DocumentCipher cipher) => _cipher = cipher;

    /// <summary>Fails now, with the setting to fix, when no usable master key is configured.</summary>
    public void EnsureConfigured() => _cipher.EnsureConfigured();

    /// <summary>Seals <paramref name="parts"/> (positions 0, 1, …) under a new content key of <paramref name="ownerId"/>.</summary>
    public SealedSet Seal(Guid ownerId, IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var (key, wrapped) = _cipher.NewLetterKey(ownerId);
        try
        {
            return new SealedSet(wrapped, parts.Select((part, position) => DocumentCipher.EncryptDocument(key, ownerId, position, part)).ToList());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Seals parts at the positions given (each bound to its position) under a new content key of
    /// <paramref name="ownerId"/>: for an owner whose parts are not numbered 0, 1, … (a document and its rendition).
    /// </summary>
    public SealedSet SealAt(Guid ownerId, IReadOnlyList<(int Position, byte[] Part)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Select(p => p.Position).Distinct().Count() != parts.Count)
        {
            throw new ArgumentException("Every part needs a position of its own.", nameof(parts));
        }

        var (key, wrapped) = _cipher.NewLetterKey(ownerId);
        try
        {
            return new SealedSet(wrapped, parts.Select(p => DocumentCipher.EncryptDocument(key, ownerId, p.Position, p.Part)).ToList());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens one part sealed under <paramref name="ownerId"/>'s content key.</summary>
    public byte[] Unseal(Guid ownerId, WrappedKey key, int position, byte[] sealedPart) =>
        UnsealAll(ownerId, key, [(position, sealedPart)])[0];

    /// <summary>Opens several parts of one owner with one unwrap of its key.</summary>
    public IReadOnlyList<byte[]> UnsealAll(Guid ownerId, WrappedKey key, IReadOnlyList<(int Position, byte[] Sealed)> parts)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(parts);
        var content = _cipher.UnwrapLetterKey(ownerId, key);
        try
        {
            return parts.Select(p => DocumentCipher.DecryptDocument(content, ownerId, p.Position, p.Sealed)).ToList();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }
}
