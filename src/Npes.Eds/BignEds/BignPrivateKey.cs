using System.Security.Cryptography;
using Npes.Eds.Keys;
using Npes.Eds.Stb;

namespace Npes.Eds.BignEds;

/// <summary>
/// A bign-curve256v1 private key d in pinned memory (the garbage collector never copies it), zeroed by
/// <see cref="Dispose"/>. It signs but never hands d out, except to <see cref="BignKeyContainer"/> for encryption.
/// </summary>
internal sealed class BignPrivateKey : ISigningKey
{
    /// <summary>Size of the random extra data t mixed into <c>bign-genk</c> (hedged signatures).</summary>
    private const int HedgeSize = 32;

    private readonly byte[] _d;
    private readonly byte[] _publicKey;
    private int _disposed;

    private BignPrivateKey(byte[] pinnedPrivateKey)
    {
        _d = pinnedPrivateKey;
        try
        {
            _publicKey = Bign.GetPublicKey(_d);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(_d);
            throw;
        }
    }

    /// <summary>The public key Q = d·G (64 bytes, x ‖ y little-endian).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>A fresh random key.</summary>
    public static BignPrivateKey Generate()
    {
        var generated = Bign.GeneratePrivateKey();
        try
        {
            return Import(generated);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(generated);
        }
    }

    /// <summary>Copies <paramref name="privateKey"/> (32 bytes, 0 &lt; d &lt; q) into pinned memory; the caller zeroes its own copy.</summary>
    /// <exception cref="ArgumentException">The key has the wrong size or is out of range.</exception>
    public static BignPrivateKey Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Bign.PrivateKeySize)
        {
            throw new ArgumentException($"A bign private key is {Bign.PrivateKeySize} bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        var pinned = GC.AllocateArray<byte>(Bign.PrivateKeySize, pinned: true);
        privateKey.CopyTo(pinned);
        return new BignPrivateKey(pinned);
    }

    /// <summary>Whether this key's public key is <paramref name="publicKey"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> publicKey) => _publicKey.AsSpan().SequenceEqual(publicKey);

    /// <summary><c>bign-with-hbelt</c> over <paramref name="data"/>: belt-hash, then a hedged signature (48 bytes).</summary>
    public byte[] SignData(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[BeltHash.HashSize];
        BeltHash.HashData(data, hash);
        return SignHash(hash);
    }

    /// <summary>
    /// Signs a belt-hash value. k comes from <c>bign-genk</c> over d, the hash and 32 fresh random bytes t: unpredictable
    /// like a random k, and still safe if the random generator were weak (k then depends on d and the hash).
    /// </summary>
    public byte[] SignHash(ReadOnlySpan<byte> hash)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Span<byte> hedge = stackalloc byte[HedgeSize];
        RandomNumberGenerator.Fill(hedge);
        var signature = Bign.SignDeterministic(hash, _d, hedge);
        CryptographicOperations.ZeroMemory(hedge);
        return signature;
    }

    /// <summary>Copies d into <paramref name="destination"/> (32 bytes) for encryption by <see cref="BignKeyContainer"/>.</summary>
    internal void CopyPrivateKeyTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _d.CopyTo(destination);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CryptographicOperations.ZeroMemory(_d);
        }
    }
}
