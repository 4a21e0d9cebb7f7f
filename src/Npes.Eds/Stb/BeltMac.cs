using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>Message authentication <c>belt-mac</c> (STB 34.101.31): a 64-bit tag in the OMAC style.</summary>
public static class BeltMac
{
    public const int TagSize = 8;

    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var tag = new byte[TagSize];
        Compute(key, data, tag);
        return tag;
    }

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> tag)
    {
        if (key.Length != BeltBlock.KeySize)
        {
            throw new ArgumentException($"A belt key is {BeltBlock.KeySize} bytes; got {key.Length}.", nameof(key));
        }

        if (tag.Length != TagSize)
        {
            throw new ArgumentException($"A belt-mac tag is {TagSize} bytes; the destination has {tag.Length}.", nameof(tag));
        }

        var k = BeltKey.FromBytes(key);

        // r = belt-block(0) = r1 ‖ r2 ‖ r3 ‖ r4 masks the last block.
        uint r1 = 0, r2 = 0, r3 = 0, r4 = 0;
        BeltBlock.Encrypt(ref r1, ref r2, ref r3, ref r4, in k);

        uint s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        while (data.Length > BeltBlock.BlockSize)
        {
            s0 ^= BinaryPrimitives.ReadUInt32LittleEndian(data);
            s1 ^= BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            s2 ^= BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
            s3 ^= BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
            BeltBlock.Encrypt(ref s0, ref s1, ref s2, ref s3, in k);
            data = data[BeltBlock.BlockSize..];
        }

        Span<byte> last = stackalloc byte[BeltBlock.BlockSize];
        data.CopyTo(last);
        if (data.Length == BeltBlock.BlockSize)
        {
            // A full last block: s ⊕ X ⊕ (r2 ‖ r3 ‖ r4 ‖ r1 ⊕ r2).
            s0 ^= r2;
            s1 ^= r3;
            s2 ^= r4;
            s3 ^= r1 ^ r2;
        }
        else
        {
            // A partial (or empty) last block, padded with one 1 bit (0x80) and zeros: s ⊕ X ⊕ (r1 ⊕ r4 ‖ r1 ‖ r2 ‖ r3).
            last[data.Length] = 0x80;
            s0 ^= r1 ^ r4;
            s1 ^= r1;
            s2 ^= r2;
            s3 ^= r3;
        }

        s0 ^= BinaryPrimitives.ReadUInt32LittleEndian(last);
        s1 ^= BinaryPrimitives.ReadUInt32LittleEndian(last[4..]);
        s2 ^= BinaryPrimitives.ReadUInt32LittleEndian(last[8..]);
        s3 ^= BinaryPrimitives.ReadUInt32LittleEndian(last[12..]);
        BeltBlock.Encrypt(ref s0, ref s1, ref s2, ref s3, in k);
        BinaryPrimitives.WriteUInt32LittleEndian(tag, s0);
        BinaryPrimitives.WriteUInt32LittleEndian(tag[4..], s1);
        CryptographicOperations.ZeroMemory(last);
        k.Clear();
    }
}
