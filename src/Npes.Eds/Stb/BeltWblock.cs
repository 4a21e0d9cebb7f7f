using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>
/// Wide-block encryption <c>belt-wblock</c> (STB 34.101.31): every byte of a block of 32 bytes or more
/// affects every byte of the result. It is the core of key wrapping and of deterministic signing.
/// </summary>
public static class BeltWblock
{
    public const int MinimumSize = 2 * BeltBlock.BlockSize;

    /// <summary>Encrypts <paramref name="data"/> (at least 32 bytes) in place under a 32-byte key.</summary>
    public static void Encrypt(Span<byte> data, ReadOnlySpan<byte> key)
    {
        CheckArguments(data, key);
        var k = BeltKey.FromBytes(key);
        Encrypt(data, in k);
        k.Clear();
    }

    /// <summary>Decrypts <paramref name="data"/> (at least 32 bytes) in place under a 32-byte key (<c>belt-wblock-inv</c>).</summary>
    public static void Decrypt(Span<byte> data, ReadOnlySpan<byte> key)
    {
        CheckArguments(data, key);
        var k = BeltKey.FromBytes(key);
        Decrypt(data, in k);
        k.Clear();
    }

    private static void CheckArguments(Span<byte> data, ReadOnlySpan<byte> key)
    {
        if (data.Length < MinimumSize)
        {
            throw new ArgumentException($"belt-wblock needs at least {MinimumSize} bytes; got {data.Length}.", nameof(data));
        }

        if (key.Length != BeltBlock.KeySize)
        {
            throw new ArgumentException($"A belt key is {BeltBlock.KeySize} bytes; got {key.Length}.", nameof(key));
        }
    }

    // r is split into blocks r1, ..., rn (the last may be partial) and r* denotes its last 16 bytes, which
    // overlap r(n-1) when the length is not a multiple of 16. One step of 2n:
    //   s ← r1 ⊕ … ⊕ r(n-1);  r* ← r* ⊕ belt-block(s) ⊕ ⟨i⟩;  r ← r without r1, followed by s.
    internal static void Encrypt(Span<byte> r, in BeltKey key)
    {
        var length = r.Length;
        var n = (length + BeltBlock.BlockSize - 1) / BeltBlock.BlockSize;
        Span<byte> s = stackalloc byte[BeltBlock.BlockSize];
        for (var i = 1; i <= 2 * n; i++)
        {
            XorOfLeadingBlocks(r, 0, n - 1, s);
            MixIntoTail(r, s, i, in key);
            r[BeltBlock.BlockSize..].CopyTo(r);
            s.CopyTo(r[(length - BeltBlock.BlockSize)..]);
        }

        CryptographicOperations.ZeroMemory(s);
    }

    // The step undone: s is the last block; shift the rest back up, undo the tail mix, and recover r1 as
    // s ⊕ r2 ⊕ … ⊕ r(n-1).
    internal static void Decrypt(Span<byte> r, in BeltKey key)
    {
        var length = r.Length;
        var n = (length + BeltBlock.BlockSize - 1) / BeltBlock.BlockSize;
        Span<byte> s = stackalloc byte[BeltBlock.BlockSize];
        Span<byte> first = stackalloc byte[BeltBlock.BlockSize];
        for (var i = 2 * n; i >= 1; i--)
        {
            r[(length - BeltBlock.BlockSize)..].CopyTo(s);
            r[..(length - BeltBlock.BlockSize)].CopyTo(r[BeltBlock.BlockSize..]);
            MixIntoTail(r, s, i, in key);
            XorOfLeadingBlocks(r, 1, n - 1, first);
            for (var j = 0; j < BeltBlock.BlockSize; j++)
            {
                r[j] = (byte)(first[j] ^ s[j]);
            }
        }

        CryptographicOperations.ZeroMemory(s);
        CryptographicOperations.ZeroMemory(first);
    }

    /// <summary>XOR of the full blocks r[from], ..., r[to - 1] (0-based) into <paramref name="sum"/>.</summary>
    private static void XorOfLeadingBlocks(ReadOnlySpan<byte> r, int from, int to, Span<byte> sum)
    {
        sum.Clear();
        for (var block = from; block < to; block++)
        {
            var offset = block * BeltBlock.BlockSize;
            for (var j = 0; j < BeltBlock.BlockSize; j++)
            {
                sum[j] ^= r[offset + j];
            }
        }
    }

    /// <summary>r* ← r* ⊕ belt-block(s) ⊕ ⟨i⟩₁₂₈.</summary>
    private static void MixIntoTail(Span<byte> r, ReadOnlySpan<byte> s, int i, in BeltKey key)
    {
        var a = BinaryPrimitives.ReadUInt32LittleEndian(s);
        var b = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
        var c = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
        var d = BinaryPrimitives.ReadUInt32LittleEndian(s[12..]);
        BeltBlock.Encrypt(ref a, ref b, ref c, ref d, in key);
        var tail = r[(r.Length - BeltBlock.BlockSize)..];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, BinaryPrimitives.ReadUInt32LittleEndian(tail) ^ a ^ (uint)i);
        BinaryPrimitives.WriteUInt32LittleEndian(tail[4..], BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) ^ b);
        BinaryPrimitives.WriteUInt32LittleEndian(tail[8..], BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]) ^ c);
        BinaryPrimitives.WriteUInt32LittleEndian(tail[12..], BinaryPrimitives.ReadUInt32LittleEndian(tail[12..]) ^ d);
    }
}
