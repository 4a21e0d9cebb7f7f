using Org.BouncyCastle.Math.EC;

namespace Npes.Eds.GostEds;

/// <summary>
/// A validated GOST R 34.10-2012 public key: its parameter set, the point Q, and Q's encoding x ‖ y (little-endian), as
/// the OCTET STRING inside a certificate's subjectPublicKey carries it.
/// </summary>
internal sealed class GostPublicKey
{
    private readonly byte[] _encoded;

    private GostPublicKey(GostParameterSet set, byte[] encoded, ECPoint point)
    {
        Set = set;
        _encoded = encoded;
        Point = point;
    }

    public GostParameterSet Set { get; }

    /// <summary>x ‖ y, each little-endian (64 or 128 bytes).</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    public ECPoint Point { get; }

    /// <summary>
    /// The key <paramref name="encoded"/> (x ‖ y) on <paramref name="set"/>'s curve; false — never an exception — when it
    /// has the wrong length or is not a point of order q (<see cref="Gost3410.TryDecodePoint"/>).
    /// </summary>
    public static bool TryCreate(GostParameterSet set, ReadOnlySpan<byte> encoded, out GostPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(set);
        publicKey = null!;
        if (!Gost3410.TryDecodePoint(set, encoded, out var point))
        {
            return false;
        }

        publicKey = new GostPublicKey(set, encoded.ToArray(), point);
        return true;
    }

    /// <summary>The key of point <paramref name="point"/>, which the caller computed as d·G.</summary>
    internal static GostPublicKey FromPoint(GostParameterSet set, ECPoint point)
    {
        var normal = point.Normalize();
        return new GostPublicKey(set, Gost3410.EncodePoint(set, normal), normal);
    }

    /// <summary>Whether <paramref name="other"/> is the same key on the same parameter set.</summary>
    public bool Matches(GostPublicKey? other) =>
        other is not null && ReferenceEquals(other.Set, Set) && other.Encoded.SequenceEqual(Encoded);

    /// <summary>Verifies s ‖ r over a Streebog digest computed by the caller.</summary>
    public bool VerifyHash(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) =>
        Gost3410.Verify(Set, Point, digest, signature);

    /// <summary>Verifies s ‖ r over <paramref name="data"/>: Streebog of the set's size, then GOST R 34.10-2012.</summary>
    public bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == Set.DoubleSize && VerifyHash(Set.Hash(data), signature);
}
