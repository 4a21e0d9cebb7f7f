using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>
/// Digital signatures <c>bign-with-hbelt</c> (STB 34.101.45) on bign-curve256v1. All byte strings follow the
/// standard: integers little-endian, private key d of 32 bytes, public key Q = x ‖ y of 64 bytes, signature
/// S = s0 ‖ s1 of 48 bytes, and the signed value is a 32-byte belt-hash of the message.
/// </summary>
public static class Bign
{
    public const int PrivateKeySize = 32;
    public const int PublicKeySize = 64;
    public const int SignatureSize = 48;
    public const int HashSize = 32;

    /// <summary>The DER encoding of the OID of bign-with-hbelt (1.2.112.0.2.0.34.101.45.12).</summary>
    public static ReadOnlySpan<byte> SignatureOidDer => [0x06, 0x09, 0x2A, 0x70, 0x00, 0x02, 0x00, 0x22, 0x65, 0x2D, 0x0C];

    /// <summary>The DER encoding of the OID of bign-curve256v1 (1.2.112.0.2.0.34.101.45.3.1).</summary>
    public static ReadOnlySpan<byte> CurveOidDer => [0x06, 0x0A, 0x2A, 0x70, 0x00, 0x02, 0x00, 0x22, 0x65, 0x2D, 0x03, 0x01];

    /// <summary>A fresh private key: uniformly random in [1, q − 1].</summary>
    public static byte[] GeneratePrivateKey()
    {
        var d = new byte[PrivateKeySize];
        Span<ulong> scalar = stackalloc ulong[Zq.Limbs];
        RandomScalar(scalar);
        Zq.ToBytes(scalar, d);
        Wipe(scalar);
        return d;
    }

    /// <summary>The public key Q = d·G of a private key.</summary>
    public static byte[] GetPublicKey(ReadOnlySpan<byte> privateKey)
    {
        var publicKey = new byte[PublicKeySize];
        GetPublicKey(privateKey, publicKey);
        return publicKey;
    }

    /// <summary>Writes the public key Q = d·G of a private key into 64 bytes.</summary>
    public static void GetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            throw new ArgumentException($"A bign public key is {PublicKeySize} bytes; the destination has {publicKey.Length}.", nameof(publicKey));
        }

        Span<ulong> d = stackalloc ulong[Zq.Limbs];
        ReadPrivateKey(privateKey, d);
        BignCurve.MulBaseSecret(d, out var point);
        BignCurve.ToAffine(in point, out var q);
        Fp.ToBytes(in q.X, publicKey);
        Fp.ToBytes(in q.Y, publicKey[32..]);
        Wipe(d);
        BignCurve.Wipe(ref point);
    }

    /// <summary>
    /// <c>bign-valpubkey</c>: true when the 64 bytes encode a point of the curve: both coordinates below p and
    /// y² = x³ − 3x + b. (The point at infinity has no encoding; the all-zero string is not on the curve.)
    /// </summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == PublicKeySize && TryDecodePublicKey(publicKey, out _);

    /// <summary>Signs a 32-byte belt-hash value with a random ephemeral key k.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey)
    {
        var signature = new byte[SignatureSize];
        Sign(hash, privateKey, signature);
        return signature;
    }

    /// <summary>Signs a 32-byte belt-hash value with a random ephemeral key k into 48 bytes.</summary>
    public static void Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        CheckSignArguments(hash, signature);
        Span<ulong> d = stackalloc ulong[Zq.Limbs];
        Span<ulong> k = stackalloc ulong[Zq.Limbs];
        ReadPrivateKey(privateKey, d);
        RandomScalar(k);
        SignCore(hash, d, k, signature);
        Wipe(d);
        Wipe(k);
    }

    /// <summary>
    /// Signs deterministically: k comes from <c>bign-genk</c> over d, the hash and the optional extra data
    /// <paramref name="extra"/> (t), so the same inputs always give the same signature.
    /// </summary>
    public static byte[] SignDeterministic(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> extra = default)
    {
        var signature = new byte[SignatureSize];
        SignDeterministic(hash, privateKey, extra, signature);
        return signature;
    }

    /// <summary>Signs deterministically (<c>bign-genk</c>) into 48 bytes.</summary>
    public static void SignDeterministic(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> extra, Span<byte> signature)
    {
        CheckSignArguments(hash, signature);
        Span<ulong> d = stackalloc ulong[Zq.Limbs];
        Span<ulong> k = stackalloc ulong[Zq.Limbs];
        ReadPrivateKey(privateKey, d);
        GenerateK(privateKey, hash, extra, k);
        SignCore(hash, d, k, signature);
        Wipe(d);
        Wipe(k);
    }

    /// <summary>
    /// <c>bign-vfy</c>: true when <paramref name="signature"/> is a valid signature of <paramref name="hash"/>
    /// under <paramref name="publicKey"/>. A signature of the wrong length, s1 ≥ q, or an invalid public key
    /// make it false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        CheckHash(hash);
        if (publicKey.Length != PublicKeySize)
        {
            throw new ArgumentException($"A bign public key is {PublicKeySize} bytes; got {publicKey.Length}.", nameof(publicKey));
        }

        if (signature.Length != SignatureSize)
        {
            return false;
        }

        Span<ulong> s1 = stackalloc ulong[Zq.Limbs];
        Zq.FromBytes(signature[16..], s1);
        if (Zq.IsBelowQMask(s1) == 0 || !TryDecodePublicKey(publicKey, out var q))
        {
            return false;
        }

        // R = ((s1 + H) mod q)·G + (s0 + 2¹²⁸)·Q.
        Span<ulong> h = stackalloc ulong[Zq.Limbs];
        Zq.FromBytes(hash, h);
        Zq.Reduce(h, h);
        Span<ulong> u1 = stackalloc ulong[Zq.Limbs];
        Zq.Add(s1, h, u1);
        Span<ulong> u2 = stackalloc ulong[3];
        u2[0] = BinaryPrimitives.ReadUInt64LittleEndian(signature);
        u2[1] = BinaryPrimitives.ReadUInt64LittleEndian(signature[8..]);
        u2[2] = 1;

        BignCurve.MulDoubleVartime(u1, u2, in q, out var r);
        if (r.IsInfinity)
        {
            return false;
        }

        BignCurve.ToAffine(in r, out var rAffine);
        Span<byte> t = stackalloc byte[HashSize];
        ChallengeHash(in rAffine.X, hash, t);
        return CryptographicOperations.FixedTimeEquals(t[..16], signature[..16]);
    }

    /// <summary>
    /// <c>bign-genk</c>: θ = belt-hash(OID(belt-hash) ‖ d ‖ t); starting from r = H, belt-wblock steps under θ
    /// (with a running step counter) until, after a whole wblock of 4 steps, 0 &lt; [r] &lt; q.
    /// </summary>
    internal static void GenerateK(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> extra, Span<ulong> k)
    {
        Span<byte> theta = stackalloc byte[BeltBlock.KeySize];
        var hasher = BeltHashCore.Create();
        hasher.Append(BeltHash.OidDer);
        hasher.Append(privateKey);
        hasher.Append(extra);
        hasher.Finish(theta);
        var key = BeltKey.FromBytes(theta);

        // r = r1 ‖ r2 (two blocks): step i sets r1 ← belt-block(r1) ⊕ r2 ⊕ ⟨i⟩, r2 ← old r1.
        Span<uint> r = stackalloc uint[8];
        for (var w = 0; w < 8; w++)
        {
            r[w] = BinaryPrimitives.ReadUInt32LittleEndian(hash[(4 * w)..]);
        }

        Span<byte> candidate = stackalloc byte[PrivateKeySize];
        for (uint i = 1; ; i++)
        {
            uint a = r[0], b = r[1], c = r[2], e = r[3];
            BeltBlock.Encrypt(ref a, ref b, ref c, ref e, in key);
            var s0 = r[0];
            var s1 = r[1];
            var s2 = r[2];
            var s3 = r[3];
            r[0] = a ^ r[4] ^ i;
            r[1] = b ^ r[5];
            r[2] = c ^ r[6];
            r[3] = e ^ r[7];
            r[4] = s0;
            r[5] = s1;
            r[6] = s2;
            r[7] = s3;
            if (i % 4 == 0)
            {
                for (var w = 0; w < 8; w++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(candidate[(4 * w)..], r[w]);
                }

                Zq.FromBytes(candidate, k);
                if (Zq.IsValidNonZero(k))
                {
                    break;
                }
            }
        }

        CryptographicOperations.ZeroMemory(theta);
        CryptographicOperations.ZeroMemory(candidate);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(r));
        key.Clear();
    }

    /// <summary>Signing with a given ephemeral key k (the standard's vectors fix k); 0 &lt; k &lt; q.</summary>
    internal static void SignWithK(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ephemeralKey, Span<byte> signature)
    {
        CheckSignArguments(hash, signature);
        Span<ulong> d = stackalloc ulong[Zq.Limbs];
        Span<ulong> k = stackalloc ulong[Zq.Limbs];
        ReadPrivateKey(privateKey, d);
        Zq.FromBytes(ephemeralKey, k);
        if (!Zq.IsValidNonZero(k))
        {
            throw new ArgumentException("The ephemeral key k must satisfy 0 < k < q.", nameof(ephemeralKey));
        }

        SignCore(hash, d, k, signature);
        Wipe(d);
        Wipe(k);
    }

    /// <summary>R = k·G; s0 = first 16 bytes of belt-hash(OID ‖ x_R ‖ H); s1 = (k − H − (s0 + 2¹²⁸)·d) mod q.</summary>
    private static void SignCore(ReadOnlySpan<byte> hash, ReadOnlySpan<ulong> d, ReadOnlySpan<ulong> k, Span<byte> signature)
    {
        BignCurve.MulBaseSecret(k, out var r);
        BignCurve.ToAffine(in r, out var rAffine);
        Span<byte> challenge = stackalloc byte[HashSize];
        ChallengeHash(in rAffine.X, hash, challenge);

        Span<ulong> h = stackalloc ulong[Zq.Limbs];
        Zq.FromBytes(hash, h);
        Zq.Reduce(h, h);
        Span<ulong> s0 = stackalloc ulong[Zq.Limbs];
        Zq.FromBytes(challenge, s0);
        s0[2] = 1;
        s0[3] = 0;
        Span<ulong> s1 = stackalloc ulong[Zq.Limbs];
        Zq.Mul(s0, d, s1);
        Span<ulong> t = stackalloc ulong[Zq.Limbs];
        Zq.Sub(k, h, t);
        Zq.Sub(t, s1, s1);

        challenge[..16].CopyTo(signature);
        Zq.ToBytes(s1, signature[16..]);
        Wipe(s1);
        Wipe(t);
        BignCurve.Wipe(ref r);
        BignCurve.Wipe(ref rAffine);
    }

    /// <summary>belt-hash(OID(belt-hash) ‖ x_R ‖ H).</summary>
    private static void ChallengeHash(in Fe x, ReadOnlySpan<byte> hash, Span<byte> output)
    {
        Span<byte> xBytes = stackalloc byte[32];
        Fp.ToBytes(in x, xBytes);
        var hasher = BeltHashCore.Create();
        hasher.Append(BeltHash.OidDer);
        hasher.Append(xBytes);
        hasher.Append(hash);
        hasher.Finish(output);
    }

    private static bool TryDecodePublicKey(ReadOnlySpan<byte> publicKey, out AffinePoint q)
    {
        q = default;
        return Fp.TryFromBytes(publicKey[..32], out q.X)
            && Fp.TryFromBytes(publicKey[32..], out q.Y)
            && BignCurve.IsOnCurve(in q);
    }

    private static void ReadPrivateKey(ReadOnlySpan<byte> privateKey, Span<ulong> d)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"A bign private key is {PrivateKeySize} bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        Zq.FromBytes(privateKey, d);
        if (!Zq.IsValidNonZero(d))
        {
            Wipe(d);
            throw new ArgumentException("The private key d must satisfy 0 < d < q.", nameof(privateKey));
        }
    }

    private static void CheckHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HashSize)
        {
            throw new ArgumentException($"The signed value is a {HashSize}-byte belt-hash; got {hash.Length} bytes.", nameof(hash));
        }
    }

    private static void CheckSignArguments(ReadOnlySpan<byte> hash, Span<byte> signature)
    {
        CheckHash(hash);
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"A bign signature is {SignatureSize} bytes; the destination has {signature.Length}.", nameof(signature));
        }
    }

    /// <summary>A uniformly random scalar in [1, q − 1] by rejection sampling.</summary>
    private static void RandomScalar(Span<ulong> k)
    {
        do
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(k));
        }
        while (!Zq.IsValidNonZero(k));
    }

    private static void Wipe(Span<ulong> limbs) => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(limbs));
}
