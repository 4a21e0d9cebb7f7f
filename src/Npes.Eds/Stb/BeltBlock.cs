using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>
/// The belt block cipher (STB 34.101.31, <c>belt-block</c>): 128-bit blocks, 256-bit keys, eight rounds of the
/// G5/G13/G21 transformations. Blocks and keys are little-endian 32-bit words, as the standard reads them.
/// </summary>
public static class BeltBlock
{
    public const int BlockSize = 16;
    public const int KeySize = 32;

    /// <summary>
    /// The S-box H. Its first bytes are also the constants BeltH(offset, length) the standard uses as initial
    /// values and test inputs.
    /// </summary>
    internal static ReadOnlySpan<byte> H =>
    [
        0xB1, 0x94, 0xBA, 0xC8, 0x0A, 0x08, 0xF5, 0x3B, 0x36, 0x6D, 0x00, 0x8E, 0x58, 0x4A, 0x5D, 0xE4,
        0x85, 0x04, 0xFA, 0x9D, 0x1B, 0xB6, 0xC7, 0xAC, 0x25, 0x2E, 0x72, 0xC2, 0x02, 0xFD, 0xCE, 0x0D,
        0x5B, 0xE3, 0xD6, 0x12, 0x17, 0xB9, 0x61, 0x81, 0xFE, 0x67, 0x86, 0xAD, 0x71, 0x6B, 0x89, 0x0B,
        0x5C, 0xB0, 0xC0, 0xFF, 0x33, 0xC3, 0x56, 0xB8, 0x35, 0xC4, 0x05, 0xAE, 0xD8, 0xE0, 0x7F, 0x99,
        0xE1, 0x2B, 0xDC, 0x1A, 0xE2, 0x82, 0x57, 0xEC, 0x70, 0x3F, 0xCC, 0xF0, 0x95, 0xEE, 0x8D, 0xF1,
        0xC1, 0xAB, 0x76, 0x38, 0x9F, 0xE6, 0x78, 0xCA, 0xF7, 0xC6, 0xF8, 0x60, 0xD5, 0xBB, 0x9C, 0x4F,
        0xF3, 0x3C, 0x65, 0x7B, 0x63, 0x7C, 0x30, 0x6A, 0xDD, 0x4E, 0xA7, 0x79, 0x9E, 0xB2, 0x3D, 0x31,
        0x3E, 0x98, 0xB5, 0x6E, 0x27, 0xD3, 0xBC, 0xCF, 0x59, 0x1E, 0x18, 0x1F, 0x4C, 0x5A, 0xB7, 0x93,
        0xE9, 0xDE, 0xE7, 0x2C, 0x8F, 0x0C, 0x0F, 0xA6, 0x2D, 0xDB, 0x49, 0xF4, 0x6F, 0x73, 0x96, 0x47,
        0x06, 0x07, 0x53, 0x16, 0xED, 0x24, 0x7A, 0x37, 0x39, 0xCB, 0xA3, 0x83, 0x03, 0xA9, 0x8B, 0xF6,
        0x92, 0xBD, 0x9B, 0x1C, 0xE5, 0xD1, 0x41, 0x01, 0x54, 0x45, 0xFB, 0xC9, 0x5E, 0x4D, 0x0E, 0xF2,
        0x68, 0x20, 0x80, 0xAA, 0x22, 0x7D, 0x64, 0x2F, 0x26, 0x87, 0xF9, 0x34, 0x90, 0x40, 0x55, 0x11,
        0xBE, 0x32, 0x97, 0x13, 0x43, 0xFC, 0x9A, 0x48, 0xA0, 0x2A, 0x88, 0x5F, 0x19, 0x4B, 0x09, 0xA1,
        0x7E, 0xCD, 0xA4, 0xD0, 0x15, 0x44, 0xAF, 0x8C, 0xA5, 0x84, 0x50, 0xBF, 0x66, 0xD2, 0xE8, 0x8A,
        0xA2, 0xD7, 0x46, 0x52, 0x42, 0xA8, 0xDF, 0xB3, 0x69, 0x74, 0xC5, 0x51, 0xEB, 0x23, 0x29, 0x21,
        0xD4, 0xEF, 0xD9, 0xB4, 0x3A, 0x62, 0x28, 0x75, 0x91, 0x14, 0x10, 0xEA, 0x77, 0x6C, 0xDA, 0x1D,
    ];

    /// <summary>
    /// G_r(x) = RotHi(H(x1) ‖ H(x2) ‖ H(x3) ‖ H(x4), r) splits into four lookups: table (r, i) holds
    /// RotL(H(b) &lt;&lt; 8i, r) for every byte b. Twelve tables of 256 words: r ∈ {5, 13, 21} × byte position.
    /// </summary>
    private static readonly uint[] GTables = BuildGTables();

    private static uint[] BuildGTables()
    {
        var tables = new uint[12 * 256];
        ReadOnlySpan<int> rotations = [5, 13, 21];
        for (var r = 0; r < 3; r++)
        {
            for (var position = 0; position < 4; position++)
            {
                for (var b = 0; b < 256; b++)
                {
                    tables[(((r * 4) + position) * 256) + b] = uint.RotateLeft((uint)H[b] << (8 * position), rotations[r]);
                }
            }
        }

        return tables;
    }

    /// <summary>Encrypts one 16-byte block under a 32-byte key.</summary>
    public static void Encrypt(ReadOnlySpan<byte> block, ReadOnlySpan<byte> key, Span<byte> output) =>
        Transform(block, key, output, inverse: false);

    /// <summary>Decrypts one 16-byte block under a 32-byte key (<c>belt-block-inv</c>).</summary>
    public static void Decrypt(ReadOnlySpan<byte> block, ReadOnlySpan<byte> key, Span<byte> output) =>
        Transform(block, key, output, inverse: true);

    private static void Transform(ReadOnlySpan<byte> block, ReadOnlySpan<byte> key, Span<byte> output, bool inverse)
    {
        CheckArguments(block, key, output);
        var k = BeltKey.FromBytes(key);
        var a = BinaryPrimitives.ReadUInt32LittleEndian(block);
        var b = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
        var c = BinaryPrimitives.ReadUInt32LittleEndian(block[8..]);
        var d = BinaryPrimitives.ReadUInt32LittleEndian(block[12..]);
        if (inverse)
        {
            Decrypt(ref a, ref b, ref c, ref d, in k);
        }
        else
        {
            Encrypt(ref a, ref b, ref c, ref d, in k);
        }

        k.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(output, a);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], b);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], c);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], d);
    }

    private static void CheckArguments(ReadOnlySpan<byte> block, ReadOnlySpan<byte> key, Span<byte> output)
    {
        if (block.Length != BlockSize)
        {
            throw new ArgumentException($"A belt block is {BlockSize} bytes; got {block.Length}.", nameof(block));
        }

        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A belt key is {KeySize} bytes; got {key.Length}.", nameof(key));
        }

        if (output.Length != BlockSize)
        {
            throw new ArgumentException($"The output block must be {BlockSize} bytes; got {output.Length}.", nameof(output));
        }
    }

    /// <summary>Encrypts the block held in place as four words.</summary>
    internal static void Encrypt(ref uint a, ref uint b, ref uint c, ref uint d, in BeltKey key)
    {
        // Locals rather than the ref parameters keep the state in registers through the inlined rounds.
        ref var t = ref MemoryMarshal.GetArrayDataReference(GTables);
        uint wa = a, wb = b, wc = c, wd = d;
        uint k0 = key.K0, k1 = key.K1, k2 = key.K2, k3 = key.K3, k4 = key.K4, k5 = key.K5, k6 = key.K6, k7 = key.K7;

        // Round i uses the key words k[7i-6..7i] of Rep(K, 7), i.e. key words (7(i-1) + j) mod 8.
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k0, k1, k2, k3, k4, k5, k6, 1);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k7, k0, k1, k2, k3, k4, k5, 2);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k6, k7, k0, k1, k2, k3, k4, 3);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k5, k6, k7, k0, k1, k2, k3, 4);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k4, k5, k6, k7, k0, k1, k2, 5);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k3, k4, k5, k6, k7, k0, k1, 6);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k2, k3, k4, k5, k6, k7, k0, 7);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, k1, k2, k3, k4, k5, k6, k7, 8);

        // Each round ends with a↔b, c↔d, b↔c, which Round applies by writing back (b, d, a, c); the output is
        // b ‖ d ‖ a ‖ c of the final state.
        a = wb;
        b = wd;
        c = wa;
        d = wc;
    }

    /// <summary>
    /// Encrypts two independent blocks under two keys with their rounds interleaved: each block is a long chain
    /// of dependent table lookups, and interleaving lets the processor overlap the two chains (belt-hash needs
    /// exactly this for the two halves of belt-compress).
    /// </summary>
    internal static void Encrypt2(ref uint a, ref uint b, ref uint c, ref uint d, in BeltKey key, ref uint a2, ref uint b2, ref uint c2, ref uint d2, in BeltKey key2)
    {
        ref var t = ref MemoryMarshal.GetArrayDataReference(GTables);
        uint wa = a, wb = b, wc = c, wd = d;
        uint xa = a2, xb = b2, xc = c2, xd = d2;
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K0, key.K1, key.K2, key.K3, key.K4, key.K5, key.K6, 1);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K0, key2.K1, key2.K2, key2.K3, key2.K4, key2.K5, key2.K6, 1);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K7, key.K0, key.K1, key.K2, key.K3, key.K4, key.K5, 2);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K7, key2.K0, key2.K1, key2.K2, key2.K3, key2.K4, key2.K5, 2);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K6, key.K7, key.K0, key.K1, key.K2, key.K3, key.K4, 3);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K6, key2.K7, key2.K0, key2.K1, key2.K2, key2.K3, key2.K4, 3);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K5, key.K6, key.K7, key.K0, key.K1, key.K2, key.K3, 4);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K5, key2.K6, key2.K7, key2.K0, key2.K1, key2.K2, key2.K3, 4);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K4, key.K5, key.K6, key.K7, key.K0, key.K1, key.K2, 5);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K4, key2.K5, key2.K6, key2.K7, key2.K0, key2.K1, key2.K2, 5);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K3, key.K4, key.K5, key.K6, key.K7, key.K0, key.K1, 6);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K3, key2.K4, key2.K5, key2.K6, key2.K7, key2.K0, key2.K1, 6);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K2, key.K3, key.K4, key.K5, key.K6, key.K7, key.K0, 7);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K2, key2.K3, key2.K4, key2.K5, key2.K6, key2.K7, key2.K0, 7);
        Round(ref t, ref wa, ref wb, ref wc, ref wd, key.K1, key.K2, key.K3, key.K4, key.K5, key.K6, key.K7, 8);
        Round(ref t, ref xa, ref xb, ref xc, ref xd, key2.K1, key2.K2, key2.K3, key2.K4, key2.K5, key2.K6, key2.K7, 8);
        a = wb;
        b = wd;
        c = wa;
        d = wc;
        a2 = xb;
        b2 = xd;
        c2 = xa;
        d2 = xc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint t, ref uint a, ref uint b, ref uint c, ref uint d, uint k1, uint k2, uint k3, uint k4, uint k5, uint k6, uint k7, uint i)
    {
        uint wa = a, wb = b, wc = c, wd = d;
        wb ^= G5(ref t, wa + k1);
        wc ^= G21(ref t, wd + k2);
        wa -= G13(ref t, wb + k3);
        var e = G21(ref t, wb + wc + k4) ^ i;
        wb += e;
        wc -= e;
        wd += G13(ref t, wc + k5);
        wb ^= G21(ref t, wa + k6);
        wc ^= G5(ref t, wd + k7);

        // a↔b, c↔d, b↔c.
        a = wb;
        b = wd;
        c = wa;
        d = wc;
    }

    internal static void Decrypt(ref uint a, ref uint b, ref uint c, ref uint d, in BeltKey key)
    {
        Span<uint> k = stackalloc uint[8];
        key.CopyTo(k);
        ref var t = ref MemoryMarshal.GetArrayDataReference(GTables);
        for (var i = 8; i >= 1; i--)
        {
            // Key words k[7i], k[7i-1], ..., k[7i-6] of Rep(K, 7); word n (1-based) is k[(n - 1) mod 8].
            var baseIndex = (7 * i) - 1;
            uint wa = a, wb = b, wc = c, wd = d;
            wb ^= G5(ref t, wa + k[baseIndex & 7]);
            wc ^= G21(ref t, wd + k[(baseIndex - 1) & 7]);
            wa -= G13(ref t, wb + k[(baseIndex - 2) & 7]);
            var e = G21(ref t, wb + wc + k[(baseIndex - 3) & 7]) ^ (uint)i;
            wb += e;
            wc -= e;
            wd += G13(ref t, wc + k[(baseIndex - 4) & 7]);
            wb ^= G21(ref t, wa + k[(baseIndex - 5) & 7]);
            wc ^= G5(ref t, wd + k[(baseIndex - 6) & 7]);

            // a↔b, c↔d, a↔d.
            a = wc;
            b = wa;
            c = wd;
            d = wb;
        }

        // The output is c ‖ a ‖ d ‖ b.
        (a, b, c, d) = (c, a, d, b);
        k.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G5(ref uint tables, uint x) => G(ref tables, x, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G13(ref uint tables, uint x) => G(ref tables, x, 4 * 256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G21(ref uint tables, uint x) => G(ref tables, x, 8 * 256);

    /// <summary>
    /// G_r(x) by four lookups in the tables of r (starting at <paramref name="table"/>). The caller holds the
    /// reference to the tables in a local, and the indices are bytes, always inside the 12×256 words: no bounds
    /// checks and constant offsets that fold into the addressing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(ref uint tables, uint x, nuint table) =>
        Unsafe.Add(ref tables, table + (x & 0xFF))
        ^ Unsafe.Add(ref tables, table + 256 + ((x >> 8) & 0xFF))
        ^ Unsafe.Add(ref tables, table + 512 + ((x >> 16) & 0xFF))
        ^ Unsafe.Add(ref tables, table + 768 + (x >> 24));
}

/// <summary>A belt key as eight little-endian words.</summary>
internal struct BeltKey
{
    public uint K0, K1, K2, K3, K4, K5, K6, K7;

    public static BeltKey FromBytes(ReadOnlySpan<byte> key) => new()
    {
        K0 = BinaryPrimitives.ReadUInt32LittleEndian(key),
        K1 = BinaryPrimitives.ReadUInt32LittleEndian(key[4..]),
        K2 = BinaryPrimitives.ReadUInt32LittleEndian(key[8..]),
        K3 = BinaryPrimitives.ReadUInt32LittleEndian(key[12..]),
        K4 = BinaryPrimitives.ReadUInt32LittleEndian(key[16..]),
        K5 = BinaryPrimitives.ReadUInt32LittleEndian(key[20..]),
        K6 = BinaryPrimitives.ReadUInt32LittleEndian(key[24..]),
        K7 = BinaryPrimitives.ReadUInt32LittleEndian(key[28..]),
    };

    public readonly void CopyTo(Span<uint> words)
    {
        words[0] = K0;
        words[1] = K1;
        words[2] = K2;
        words[3] = K3;
        words[4] = K4;
        words[5] = K5;
        words[6] = K6;
        words[7] = K7;
    }

    /// <summary>Wipes the key words (through memory the JIT cannot treat as dead).</summary>
    public void Clear() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(new Span<BeltKey>(ref this)));
}
