using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>
/// The hash function <c>belt-hash</c> (STB 34.101.31): 256-bit values from <c>belt-compress</c> over 32-byte
/// blocks. Use an instance to hash a stream piece by piece, or <see cref="HashData(ReadOnlySpan{byte})"/>.
/// </summary>
public sealed class BeltHash
{
    public const int HashSize = 32;

    /// <summary>The DER encoding of the OID of belt-hash (1.2.112.0.2.0.34.101.31.81), tag and length included.</summary>
    public static ReadOnlySpan<byte> OidDer => [0x06, 0x09, 0x2A, 0x70, 0x00, 0x02, 0x00, 0x22, 0x65, 0x1F, 0x51];

    private BeltHashCore _core = BeltHashCore.Create();

    /// <summary>Feeds more data.</summary>
    public void Append(ReadOnlySpan<byte> data) => _core.Append(data);

    /// <summary>Writes the hash of everything appended so far into <paramref name="destination"/> (32 bytes) and starts over.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length != HashSize)
        {
            throw new ArgumentException($"A belt-hash value is {HashSize} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        _core.Finish(destination);
        _core = BeltHashCore.Create();
    }

    /// <summary>Returns the hash of everything appended so far and starts over.</summary>
    public byte[] Finish()
    {
        var hash = new byte[HashSize];
        Finish(hash);
        return hash;
    }

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        HashData(data, hash);
        return hash;
    }

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length != HashSize)
        {
            throw new ArgumentException($"A belt-hash value is {HashSize} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        var core = BeltHashCore.Create();
        core.Append(data);
        core.Finish(destination);
    }
}

/// <summary>The belt-hash state as a value type, so that one-shot hashing does not allocate.</summary>
internal struct BeltHashCore
{
    // h: the chaining value (8 words); s: the XOR of the compress outputs S (4 words).
    private uint _h0, _h1, _h2, _h3, _h4, _h5, _h6, _h7;
    private uint _s0, _s1, _s2, _s3;
    private ulong _length;
    private int _buffered;
    private Block32 _buffer;

    [InlineArray(32)]
    private struct Block32
    {
        private byte _element;
    }

    /// <summary>The initial state: h = BeltH(0, 32), s = 0.</summary>
    public static BeltHashCore Create()
    {
        var h = BeltBlock.H;
        return new BeltHashCore
        {
            _h0 = BinaryPrimitives.ReadUInt32LittleEndian(h),
            _h1 = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
            _h2 = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]),
            _h3 = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]),
            _h4 = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]),
            _h5 = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]),
            _h6 = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]),
            _h7 = BinaryPrimitives.ReadUInt32LittleEndian(h[28..]),
        };
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            var take = Math.Min(32 - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < 32)
            {
                return;
            }

            Step(buffer);
            _buffered = 0;
        }

        while (data.Length >= 32)
        {
            Step(data);
            data = data[32..];
        }

        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    public void Finish(Span<byte> destination)
    {
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            // The last block is padded with zeros.
            buffer[_buffered..].Clear();
            Step(buffer);
        }

        // Final block r ‖ s ‖ h with r = ⟨|X| in bits⟩₁₂₈; only h is kept.
        var bits = (UInt128)_length * 8;
        var m0 = (uint)bits;
        var m1 = (uint)(bits >> 32);
        var m2 = (uint)(bits >> 64);
        var m3 = (uint)(bits >> 96);
        Compress(m0, m1, m2, m3, _s0, _s1, _s2, _s3, out _, out _, out _, out _);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, _h0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], _h1);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], _h2);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], _h3);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], _h4);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], _h5);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], _h6);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], _h7);

        // The state may have absorbed secrets (bign-genk hashes the private key).
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(new Span<BeltHashCore>(ref this)));
    }

    private void Step(ReadOnlySpan<byte> block)
    {
        Compress(
            BinaryPrimitives.ReadUInt32LittleEndian(block),
            BinaryPrimitives.ReadUInt32LittleEndian(block[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[28..]),
            out var t0,
            out var t1,
            out var t2,
            out var t3);
        _s0 ^= t0;
        _s1 ^= t1;
        _s2 ^= t2;
        _s3 ^= t3;
    }

    /// <summary>
    /// belt-compress(X1 ‖ X2 ‖ X3 ‖ X4) with X1 ‖ X2 = m and X3 ‖ X4 = h; replaces h with Y and returns S:
    /// S = belt-block(X3 ⊕ X4, X1 ‖ X2) ⊕ X3 ⊕ X4, Y1 = belt-block(X1, S ‖ X4) ⊕ X1,
    /// Y2 = belt-block(X2, (S ⊕ 1¹²⁸) ‖ X3) ⊕ X2.
    /// </summary>
    private void Compress(uint m0, uint m1, uint m2, uint m3, uint m4, uint m5, uint m6, uint m7, out uint s0, out uint s1, out uint s2, out uint s3)
    {
        uint x0 = _h0 ^ _h4, x1 = _h1 ^ _h5, x2 = _h2 ^ _h6, x3 = _h3 ^ _h7;
        uint a = x0, b = x1, c = x2, d = x3;
        var key = new BeltKey { K0 = m0, K1 = m1, K2 = m2, K3 = m3, K4 = m4, K5 = m5, K6 = m6, K7 = m7 };
        BeltBlock.Encrypt(ref a, ref b, ref c, ref d, in key);
        s0 = a ^ x0;
        s1 = b ^ x1;
        s2 = c ^ x2;
        s3 = d ^ x3;

        // Y1 and Y2 depend only on S and h: encrypt them side by side.
        a = m0;
        b = m1;
        c = m2;
        d = m3;
        uint a2 = m4, b2 = m5, c2 = m6, d2 = m7;
        key = new BeltKey { K0 = s0, K1 = s1, K2 = s2, K3 = s3, K4 = _h4, K5 = _h5, K6 = _h6, K7 = _h7 };
        var key2 = new BeltKey { K0 = ~s0, K1 = ~s1, K2 = ~s2, K3 = ~s3, K4 = _h0, K5 = _h1, K6 = _h2, K7 = _h3 };
        BeltBlock.Encrypt2(ref a, ref b, ref c, ref d, in key, ref a2, ref b2, ref c2, ref d2, in key2);
        _h0 = a ^ m0;
        _h1 = b ^ m1;
        _h2 = c ^ m2;
        _h3 = d ^ m3;
        _h4 = a2 ^ m4;
        _h5 = b2 ^ m5;
        _h6 = c2 ^ m6;
        _h7 = d2 ^ m7;
    }
}
