using System.Security.Cryptography;
using Npes.Eds.Keys;
using Org.BouncyCastle.Math.EC.Multiplier;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Npes.Eds.GostEds;

/// <summary>
/// A GOST R 34.10-2012 private key d (little-endian, 32 or 64 bytes) in pinned memory (the garbage collector never copies
/// it), zeroed by <see cref="Dispose"/>. It signs but never hands d out, except to <see cref="GostKeyContainer"/> for
/// encryption. BouncyCastle computes with its own immutable <see cref="BigInteger"/>: while a signature is made, d exists
/// there too, in ordinary managed memory that cannot be wiped and is left to the garbage collector.
/// </summary>
internal sealed class GostPrivateKey : ISigningKey
{
    private readonly byte[] _d;
    private int _disposed;

    private GostPrivateKey(GostParameterSet set, byte[] pinnedPrivateKey)
    {
        Set = set;
        _d = pinnedPrivateKey;
        PublicKey = GostPublicKey.FromPoint(set, new FixedPointCombMultiplier().Multiply(set.Domain.G, Gost3410.ReadLittleEndian(_d)));
    }

    public GostParameterSet Set { get; }

    /// <summary>The public key Q = d·G.</summary>
    public GostPublicKey PublicKey { get; }

    /// <summary>A fresh key on <paramref name="set"/>: d uniformly random in [1, q − 1] (rejection sampling).</summary>
    public static GostPrivateKey Generate(GostParameterSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pinned = GC.AllocateArray<byte>(set.Size, pinned: true);
        var topBits = set.Domain.N.BitLength % 8;
        while (true)
        {
            RandomNumberGenerator.Fill(pinned);
            if (topBits != 0)
            {
                pinned[^1] &= (byte)((1 << topBits) - 1); // little-endian: the last byte is the most significant
            }

            if (InRange(set, pinned))
            {
                return new GostPrivateKey(set, pinned);
            }
        }
    }

    /// <summary>Copies <paramref name="privateKey"/> (d little-endian, <see cref="GostParameterSet.Size"/> bytes, 0 &lt; d &lt; q) into pinned memory.</summary>
    /// <exception cref="ArgumentException">The key has the wrong size or is out of range.</exception>
    public static GostPrivateKey Import(GostParameterSet set, ReadOnlySpan<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (privateKey.Length != set.Size)
        {
            throw new ArgumentException($"A {set.Name} private key is {set.Size} bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        var pinned = GC.AllocateArray<byte>(set.Size, pinned: true);
        privateKey.CopyTo(pinned);
        if (!InRange(set, pinned))
        {
            CryptographicOperations.ZeroMemory(pinned);
            throw new ArgumentException($"A {set.Name} private key must satisfy 0 < d < q.", nameof(privateKey));
        }

        return new GostPrivateKey(set, pinned);
    }

    /// <summary>Whether this key's public key is <paramref name="publicKey"/>.</summary>
    public bool Matches(GostPublicKey publicKey) => PublicKey.Matches(publicKey);

    /// <summary>GOST R 34.10-2012 over <paramref name="data"/>: Streebog of the set's size, then a signature s ‖ r with a random k.</summary>
    public byte[] SignData(ReadOnlySpan<byte> data) => SignHash(Set.Hash(data));

    /// <summary>Signs a Streebog digest (s ‖ r); k comes from the operating system's random generator.</summary>
    public byte[] SignHash(ReadOnlySpan<byte> digest)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Gost3410.Sign(Set, Gost3410.ReadLittleEndian(_d), digest);
    }

    /// <summary>Copies d into <paramref name="destination"/> for encryption by <see cref="GostKeyContainer"/>.</summary>
    internal void CopyPrivateKeyTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _d.CopyTo(destination);
    }

    private static bool InRange(GostParameterSet set, ReadOnlySpan<byte> d)
    {
        var value = Gost3410.ReadLittleEndian(d);
        return value.SignValue > 0 && value.CompareTo(set.Domain.N) < 0;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CryptographicOperations.ZeroMemory(_d);
        }
    }
}
