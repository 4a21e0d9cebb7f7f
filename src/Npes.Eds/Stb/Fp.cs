using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Npes.Eds.Stb;

/// <summary>An element of GF(p), p = 2²⁵⁶ − 189, as four little-endian 64-bit limbs, always fully reduced (&lt; p).</summary>
internal struct Fe
{
    public ulong L0, L1, L2, L3;

    public Fe(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }
}

/// <summary>
/// Arithmetic modulo p = 2²⁵⁶ − 189, specialised for the shape of p: since 2²⁵⁶ ≡ 189 (mod p), the high half of
/// a 512-bit product folds back as 189 · high. Every operation takes and returns fully reduced values, without
/// branches or memory accesses that depend on the values (carries are computed, never branched on).
/// </summary>
internal static class Fp
{
    /// <summary>2²⁵⁶ mod p.</summary>
    private const ulong C = 189;

    public static readonly Fe One = new(1, 0, 0, 0);

    /// <summary>The coefficient b of bign-curve256v1 (a = p − 3).</summary>
    public static readonly Fe B = new(0xB22E7D6BD69C03F1, 0x4CF55069978B9253, 0xD2C13AABE4D8FBBE, 0x77CE6C1515F3A8ED);

    /// <summary>Reads 32 little-endian bytes; false when the number is not below p.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Fe r)
    {
        r = new Fe(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));

        // x < p  ⇔  x + 189 does not carry out of 256 bits.
        ulong carry = 0;
        AddCarry(r.L0, C, ref carry);
        AddCarry(r.L1, 0, ref carry);
        AddCarry(r.L2, 0, ref carry);
        AddCarry(r.L3, 0, ref carry);
        return carry == 0;
    }

    public static void ToBytes(in Fe a, Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, a.L0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], a.L1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], a.L2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], a.L3);
    }

    /// <summary>All ones when a = 0, otherwise zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IsZeroMask(in Fe a)
    {
        var x = a.L0 | a.L1 | a.L2 | a.L3;
        return ((x | (0 - x)) >> 63) - 1;
    }

    public static bool IsZero(in Fe a) => (a.L0 | a.L1 | a.L2 | a.L3) == 0;

    public static bool Equal(in Fe a, in Fe b) => ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;

    /// <summary>r = mask ? a : b, for mask all ones or zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Select(ulong mask, in Fe a, in Fe b, out Fe r)
    {
        r.L0 = (a.L0 & mask) | (b.L0 & ~mask);
        r.L1 = (a.L1 & mask) | (b.L1 & ~mask);
        r.L2 = (a.L2 & mask) | (b.L2 & ~mask);
        r.L3 = (a.L3 & mask) | (b.L3 & ~mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fe a, in Fe b, out Fe r)
    {
        ulong carry = 0;
        var s0 = AddCarry(a.L0, b.L0, ref carry);
        var s1 = AddCarry(a.L1, b.L1, ref carry);
        var s2 = AddCarry(a.L2, b.L2, ref carry);
        var s3 = AddCarry(a.L3, b.L3, ref carry);
        Normalize(s0, s1, s2, s3, carry, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fe a, in Fe b, out Fe r)
    {
        ulong borrow = 0;
        var d0 = SubBorrow(a.L0, b.L0, ref borrow);
        var d1 = SubBorrow(a.L1, b.L1, ref borrow);
        var d2 = SubBorrow(a.L2, b.L2, ref borrow);
        var d3 = SubBorrow(a.L3, b.L3, ref borrow);

        // On borrow the limbs hold a − b + 2²⁵⁶; adding p means subtracting 189 more, which cannot borrow again
        // because a − b + p ≥ 1.
        var fix = C & (0 - borrow);
        borrow = 0;
        r.L0 = SubBorrow(d0, fix, ref borrow);
        r.L1 = SubBorrow(d1, 0, ref borrow);
        r.L2 = SubBorrow(d2, 0, ref borrow);
        r.L3 = SubBorrow(d3, 0, ref borrow);
    }

    public static void Neg(in Fe a, out Fe r)
    {
        var zero = default(Fe);
        Sub(in zero, in a, out r);
    }

    public static void Mul(in Fe a, in Fe b, out Fe r)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3;
        ulong r0, r1, r2, r3, r4, r5, r6, r7, c;

        // Schoolbook 4×4 → 8 limbs, one row per limb of a.
        c = MulAdd(a0, b0, 0, 0, out r0);
        c = MulAdd(a0, b1, c, 0, out r1);
        c = MulAdd(a0, b2, c, 0, out r2);
        r4 = MulAdd(a0, b3, c, 0, out r3);

        c = MulAdd(a1, b0, r1, 0, out r1);
        c = MulAdd(a1, b1, r2, c, out r2);
        c = MulAdd(a1, b2, r3, c, out r3);
        r5 = MulAdd(a1, b3, r4, c, out r4);

        c = MulAdd(a2, b0, r2, 0, out r2);
        c = MulAdd(a2, b1, r3, c, out r3);
        c = MulAdd(a2, b2, r4, c, out r4);
        r6 = MulAdd(a2, b3, r5, c, out r5);

        c = MulAdd(a3, b0, r3, 0, out r3);
        c = MulAdd(a3, b1, r4, c, out r4);
        c = MulAdd(a3, b2, r5, c, out r5);
        r7 = MulAdd(a3, b3, r6, c, out r6);

        Reduce(r0, r1, r2, r3, r4, r5, r6, r7, out r);
    }

    public static void Sqr(in Fe a, out Fe r)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t1, t2, t3, t4, t5, t6, t7, c;

        // The cross products a_i·a_j (i < j) once ...
        c = MulAdd(a0, a1, 0, 0, out t1);
        c = MulAdd(a0, a2, c, 0, out t2);
        t4 = MulAdd(a0, a3, c, 0, out t3);
        c = MulAdd(a1, a2, t3, 0, out t3);
        t5 = MulAdd(a1, a3, t4, c, out t4);
        t6 = MulAdd(a2, a3, t5, 0, out t5);

        // ... doubled ...
        t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;

        // ... plus the squares a_i².
        var h0 = MulAdd(a0, a0, 0, 0, out var r0);
        var h1 = MulAdd(a1, a1, 0, 0, out var l1);
        var h2 = MulAdd(a2, a2, 0, 0, out var l2);
        var h3 = MulAdd(a3, a3, 0, 0, out var l3);
        ulong carry = 0;
        t1 = AddCarry(t1, h0, ref carry);
        t2 = AddCarry(t2, l1, ref carry);
        t3 = AddCarry(t3, h1, ref carry);
        t4 = AddCarry(t4, l2, ref carry);
        t5 = AddCarry(t5, h2, ref carry);
        t6 = AddCarry(t6, l3, ref carry);
        t7 = AddCarry(t7, h3, ref carry);

        Reduce(r0, t1, t2, t3, t4, t5, t6, t7, out r);
    }

    /// <summary>r = a·2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Twice(in Fe a, out Fe r) => Add(in a, in a, out r);

    /// <summary>r = a^(p−2) = a⁻¹ (zero for zero), by a fixed addition chain: no secret-dependent steps.</summary>
    public static void Invert(in Fe a, out Fe r)
    {
        // p − 2 = 2²⁵⁶ − 191: 248 one bits followed by the byte 0x41 = 0100 0001.
        // x_k denotes a^(2^k − 1).
        Sqr(in a, out var t);
        Mul(in t, in a, out var x2);
        SqrN(in x2, 2, out t);
        Mul(in t, in x2, out var x4);
        SqrN(in x4, 4, out t);
        Mul(in t, in x4, out var x8);
        SqrN(in x8, 8, out t);
        Mul(in t, in x8, out var x16);
        SqrN(in x16, 16, out t);
        Mul(in t, in x16, out var x32);
        SqrN(in x32, 32, out t);
        Mul(in t, in x32, out var x64);
        SqrN(in x64, 64, out t);
        Mul(in t, in x64, out var x128);

        // x248 = x128 · 2^120 chain: 248 = 128 + 64 + 32 + 16 + 8.
        SqrN(in x128, 64, out t);
        Mul(in t, in x64, out var acc);
        SqrN(in acc, 32, out t);
        Mul(in t, in x32, out acc);
        SqrN(in acc, 16, out t);
        Mul(in t, in x16, out acc);
        SqrN(in acc, 8, out t);
        Mul(in t, in x8, out acc);

        // The low byte 01000001: shift in 0 1 0 0 0 0 0 1.
        SqrN(in acc, 2, out t);
        Mul(in t, in a, out acc);
        SqrN(in acc, 6, out t);
        Mul(in t, in a, out r);
    }

    /// <summary>r = a^(2^n).</summary>
    public static void SqrN(in Fe a, int n, out Fe r)
    {
        Sqr(in a, out r);
        for (var i = 1; i < n; i++)
        {
            Sqr(in r, out r);
        }
    }

    /// <summary>Reduces the 512-bit value r0..r7 modulo p: lo + 189·hi, then the small overflow, then one p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(ulong r0, ulong r1, ulong r2, ulong r3, ulong r4, ulong r5, ulong r6, ulong r7, out Fe r)
    {
        var c = MulAdd(r4, C, r0, 0, out r0);
        c = MulAdd(r5, C, r1, c, out r1);
        c = MulAdd(r6, C, r2, c, out r2);
        c = MulAdd(r7, C, r3, c, out r3);

        // Now value = c·2²⁵⁶ + r with c ≤ 189: fold once more.
        ulong carry = 0;
        r0 = AddCarry(r0, c * C, ref carry);
        r1 = AddCarry(r1, 0, ref carry);
        r2 = AddCarry(r2, 0, ref carry);
        r3 = AddCarry(r3, 0, ref carry);
        Normalize(r0, r1, r2, r3, carry, out r);
    }

    /// <summary>
    /// Reduces carry·2²⁵⁶ + s (with the value below 2p) to [0, p): subtracting p is adding 189 modulo 2²⁵⁶, and it
    /// is due exactly when there was a carry or adding 189 carries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Normalize(ulong s0, ulong s1, ulong s2, ulong s3, ulong carry, out Fe r)
    {
        ulong c2 = 0;
        var t0 = AddCarry(s0, C, ref c2);
        var t1 = AddCarry(s1, 0, ref c2);
        var t2 = AddCarry(s2, 0, ref c2);
        var t3 = AddCarry(s3, 0, ref c2);
        var mask = 0 - (carry | c2);
        r.L0 = (t0 & mask) | (s0 & ~mask);
        r.L1 = (t1 & mask) | (s1 & ~mask);
        r.L2 = (t2 & mask) | (s2 & ~mask);
        r.L3 = (t3 & mask) | (s3 & ~mask);
    }

    /// <summary>Returns the high word of a·b + c + d (which cannot overflow 128 bits); the low word goes to <paramref name="low"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulAdd(ulong a, ulong b, ulong c, ulong d, out ulong low)
    {
        // With BMI2 the high word comes from MULX and the low word from IMUL, both in registers; the portable
        // Math.BigMul passes the low word through memory.
        ulong high, l;
        if (Bmi2.X64.IsSupported)
        {
            high = Bmi2.X64.MultiplyNoFlags(a, b);
            l = a * b;
        }
        else
        {
            high = Math.BigMul(a, b, out l);
        }

        l += c;
        high += l < c ? 1UL : 0UL;
        l += d;
        high += l < d ? 1UL : 0UL;
        low = l;
        return high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        var s = a + b;
        var c1 = s < a ? 1UL : 0UL;
        var t = s + carry;
        var c2 = t < s ? 1UL : 0UL;
        carry = c1 | c2;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        var d = a - b;
        var b1 = a < b ? 1UL : 0UL;
        var t = d - borrow;
        var b2 = d < borrow ? 1UL : 0UL;
        borrow = b1 | b2;
        return t;
    }
}
