using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Npes.Eds.GostEds;

/// <summary>
/// GOST R 34.10-2012 signatures over a Streebog digest, with BouncyCastle's <see cref="ECGost3410Signer"/> doing
/// the arithmetic and this class fixing every encoding (RFC 9215, RFC 4491, GOST R 34.10-2012 itself):
/// <list type="bullet">
/// <item>the digest is the Streebog output as bytes; the number α of the standard is those bytes read little-endian
/// (BouncyCastle reverses them), e = α mod q, and e = 1 when that is 0;</item>
/// <item>a signature is s ‖ r, each big-endian in <see cref="GostParameterSet.Size"/> bytes;</item>
/// <item>a public key is x ‖ y, each little-endian in <see cref="GostParameterSet.Size"/> bytes.</item>
/// </list>
/// Nothing here throws for bad input on the verifying side: a malformed key or signature is simply not valid.
/// </summary>
internal static class Gost3410
{
    /// <summary>The k of each signature comes straight from the operating system's generator.</summary>
    private static readonly SecureRandom SystemRandom = new(new CryptoApiRandomGenerator());

    /// <summary>
    /// Reads x ‖ y (little-endian) as a point of the set's curve: both coordinates below p, on the curve, not at infinity,
    /// and of order q (checked by multiplication on the curves with cofactor 4).
    /// </summary>
    public static bool TryDecodePoint(GostParameterSet set, ReadOnlySpan<byte> encoded, out ECPoint point)
    {
        ArgumentNullException.ThrowIfNull(set);
        point = set.Domain.Curve.Infinity;
        if (encoded.Length != set.DoubleSize)
        {
            return false;
        }

        var p = set.Domain.Curve.Field.Characteristic;
        var x = ReadLittleEndian(encoded[..set.Size]);
        var y = ReadLittleEndian(encoded[set.Size..]);
        if (x.CompareTo(p) >= 0 || y.CompareTo(p) >= 0)
        {
            return false;
        }

        var candidate = set.Domain.Curve.CreatePoint(x, y);
        if (candidate.IsInfinity || !candidate.IsValid()
            || (!set.Domain.H.Equals(BigInteger.One) && !candidate.Multiply(set.Domain.N).IsInfinity))
        {
            return false;
        }

        point = candidate;
        return true;
    }

    /// <summary>x ‖ y of an affine point, each little-endian in <see cref="GostParameterSet.Size"/> bytes.</summary>
    public static byte[] EncodePoint(GostParameterSet set, ECPoint point)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(point);
        var normal = point.Normalize();
        if (normal.IsInfinity)
        {
            throw new ArgumentException("The point at infinity has no GOST encoding.", nameof(point));
        }

        var encoded = new byte[set.DoubleSize];
        WriteLittleEndian(normal.AffineXCoord.ToBigInteger(), encoded.AsSpan(0, set.Size));
        WriteLittleEndian(normal.AffineYCoord.ToBigInteger(), encoded.AsSpan(set.Size));
        return encoded;
    }

    /// <summary>Whether <paramref name="signature"/> (s ‖ r) is a valid signature of <paramref name="digest"/> under <paramref name="publicKey"/>.</summary>
    public static bool Verify(GostParameterSet set, ECPoint publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (digest.Length != set.Size || signature.Length != set.DoubleSize)
        {
            return false;
        }

        var s = new BigInteger(1, signature[..set.Size].ToArray());
        var r = new BigInteger(1, signature[set.Size..].ToArray());
        try
        {
            var signer = new ECGost3410Signer();
            signer.Init(false, new ECPublicKeyParameters(publicKey, set.Domain));
            return signer.VerifySignature(Message(set, digest), r, s);
        }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Signs a Streebog digest with private key <paramref name="d"/> (0 &lt; d &lt; q); k comes from
    /// <paramref name="random"/>, by default the operating system's generator. Returns s ‖ r.
    /// </summary>
    public static byte[] Sign(GostParameterSet set, BigInteger d, ReadOnlySpan<byte> digest, SecureRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(d);
        if (digest.Length != set.Size)
        {
            throw new ArgumentException($"A {set.Name} signature is made over a {set.DigestName} digest of {set.Size} bytes; got {digest.Length}.", nameof(digest));
        }

        if (d.SignValue <= 0 || d.CompareTo(set.Domain.N) >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(d), "A GOST private key d must satisfy 0 < d < q.");
        }

        var signer = new ECGost3410Signer();
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, set.Domain), random ?? SystemRandom));
        var rs = signer.GenerateSignature(Message(set, digest));
        var signature = new byte[set.DoubleSize];
        BigIntegers.AsUnsignedByteArray(rs[1], signature, 0, set.Size);
        BigIntegers.AsUnsignedByteArray(rs[0], signature, set.Size, set.Size);
        return signature;
    }

    /// <summary>Reads a little-endian unsigned integer (the temporary big-endian copy is zeroed: it may be a private key).</summary>
    public static BigInteger ReadLittleEndian(ReadOnlySpan<byte> bytes)
    {
        var bigEndian = bytes.ToArray();
        try
        {
            Array.Reverse(bigEndian);
            return new BigInteger(1, bigEndian);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bigEndian);
        }
    }

    /// <summary>Writes <paramref name="value"/> little-endian into all of <paramref name="destination"/>.</summary>
    public static void WriteLittleEndian(BigInteger value, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bigEndian = BigIntegers.AsUnsignedByteArray(destination.Length, value);
        bigEndian.CopyTo(destination);
        destination.Reverse();
    }

    /// <summary>
    /// The digest as BouncyCastle's signer wants it (it reads the bytes little-endian), except that a digest whose e would
    /// be 0 becomes the digest of e = 1, as GOST R 34.10-2012 (6.1 step 2, 6.2 step 3) requires.
    /// </summary>
    private static byte[] Message(GostParameterSet set, ReadOnlySpan<byte> digest)
    {
        if (ReadLittleEndian(digest).Mod(set.Domain.N).SignValue != 0)
        {
            return digest.ToArray();
        }

        var one = new byte[set.Size];
        one[0] = 1;
        return one;
    }
}
