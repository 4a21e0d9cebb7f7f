using System.Buffers.Binary;

namespace Npes.Eds.Stb;

/// <summary>
/// Arithmetic modulo the group order q of bign-curve256v1 on four little-endian 64-bit limbs held in spans
/// (so that secret values can be wiped). q = 2²⁵⁶ − c with c &lt; 2¹²⁶, so a 512-bit product reduces by folding
/// the high part as high·c twice. No step branches on or indexes by the values.
/// </summary>
internal static class Zq
{
    public const int Limbs = 4;

    // c = 2²⁵⁶ − q.
    private const ulong C0 = 0x81A54066D9C299F9;
    private const ulong C1 = 0x26A37129F204B203;

    public static ReadOnlySpan<ulong> Q => [0x7E5ABF99263D6607, 0xD95C8ED60DFB4DFC, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF];

    public static void FromBytes(ReadOnlySpan<byte> bytes, Span<ulong> r)
    {
        for (var i = 0; i < Limbs; i++)
        {
            r[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
        }
    }

    public static void ToBytes(ReadOnlySpan<ulong> a, Span<byte> bytes)
    {
        for (var i = 0; i < Limbs; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(8 * i)..], a[i]);
        }
    }

    /// <summary>All ones when a &lt; q, otherwise zero.</summary>
    public static ulong IsBelowQMask(ReadOnlySpan<ulong> a)
    {
        ulong borrow = 0;
        for (var i = 0; i < Limbs; i++)
        {
            Fp.SubBorrow(a[i], Q[i], ref borrow);
        }

        return 0 - borrow;
    }

    /// <summary>All ones when a = 0, otherwise zero.</summary>
    public static ulong IsZeroMask(ReadOnlySpan<ulong> a)
    {
        var x = a[0] | a[1] | a[2] | a[3];
        return ((x | (0 - x)) >> 63) - 1;
    }

    /// <summary>True when 0 &lt; a &lt; q (evaluated without branches on the value).</summary>
    public static bool IsValidNonZero(ReadOnlySpan<ulong> a) => (IsBelowQMask(a) & ~IsZeroMask(a)) != 0;

    /// <summary>r = a mod q for any 256-bit a (a &lt; 2q, so at most one q is subtracted).</summary>
    public static void Reduce(ReadOnlySpan<ulong> a, Span<ulong> r) => Normalize(a, 0, r);

    public static void Add(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> r)
    {
        Span<ulong> s = stackalloc ulong[Limbs];
        ulong carry = 0;
        for (var i = 0; i < Limbs; i++)
        {
            s[i] = Fp.AddCarry(a[i], b[i], ref carry);
        }

        Normalize(s, carry, r);
    }

    public static void Sub(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> r)
    {
        ulong borrow = 0;
        for (var i = 0; i < Limbs; i++)
        {
            r[i] = Fp.SubBorrow(a[i], b[i], ref borrow);
        }

        // On borrow r = a − b + 2²⁵⁶; adding q means subtracting c, which cannot borrow again.
        var mask = 0 - borrow;
        borrow = 0;
        r[0] = Fp.SubBorrow(r[0], C0 & mask, ref borrow);
        r[1] = Fp.SubBorrow(r[1], C1 & mask, ref borrow);
        r[2] = Fp.SubBorrow(r[2], 0, ref borrow);
        r[3] = Fp.SubBorrow(r[3], 0, ref borrow);
    }

    public static void Mul(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> r)
    {
        Span<ulong> product = stackalloc ulong[2 * Limbs];
        MulWide(a, b, product);

        // Fold 1: lo + hi·c < 2²⁵⁶ + 2³⁸² fits six limbs.
        Span<ulong> folded = stackalloc ulong[6];
        MulWide(product[4..], [C0, C1], folded);
        ulong carry = 0;
        for (var i = 0; i < 6; i++)
        {
            folded[i] = Fp.AddCarry(folded[i], i < Limbs ? product[i] : 0, ref carry);
        }

        // Fold 2: lo + hi·c with hi < 2¹²⁷, so hi·c < 2²⁵³ and the sum is below 2²⁵⁷.
        Span<ulong> high = stackalloc ulong[Limbs];
        MulWide(folded[4..6], [C0, C1], high);
        carry = 0;
        for (var i = 0; i < Limbs; i++)
        {
            high[i] = Fp.AddCarry(high[i], folded[i], ref carry);
        }

        Normalize(high, carry, r);
        product.Clear();
        folded.Clear();
        high.Clear();
    }

    /// <summary>Schoolbook product of two limb strings into a.Length + b.Length limbs.</summary>
    private static void MulWide(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> r)
    {
        r[..(a.Length + b.Length)].Clear();
        for (var i = 0; i < a.Length; i++)
        {
            ulong carry = 0;
            for (var j = 0; j < b.Length; j++)
            {
                carry = Fp.MulAdd(a[i], b[j], r[i + j], carry, out r[i + j]);
            }

            r[i + b.Length] = carry;
        }
    }

    /// <summary>
    /// Reduces carry·2²⁵⁶ + s, known to be below 2q, to [0, q): subtracting q is adding c modulo 2²⁵⁶, due exactly
    /// when there was a carry or adding c carries.
    /// </summary>
    private static void Normalize(ReadOnlySpan<ulong> s, ulong carry, Span<ulong> r)
    {
        Span<ulong> t = stackalloc ulong[Limbs];
        ulong c2 = 0;
        t[0] = Fp.AddCarry(s[0], C0, ref c2);
        t[1] = Fp.AddCarry(s[1], C1, ref c2);
        t[2] = Fp.AddCarry(s[2], 0, ref c2);
        t[3] = Fp.AddCarry(s[3], 0, ref c2);
        var mask = 0 - (carry | c2);
        for (var i = 0; i < Limbs; i++)
        {
            r[i] = (t[i] & mask) | (s[i] & ~mask);
        }

        t.Clear();
    }
}
