using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Npes.Eds.Stb;

/// <summary>A point in Jacobian coordinates: (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is the point at infinity.</summary>
internal struct JacobianPoint
{
    public Fe X, Y, Z;

    public static JacobianPoint Infinity => new() { X = Fp.One, Y = Fp.One };

    public readonly bool IsInfinity => Fp.IsZero(in Z);

    public static JacobianPoint FromAffine(in AffinePoint p) => new() { X = p.X, Y = p.Y, Z = Fp.One };
}

/// <summary>A finite point in affine coordinates.</summary>
internal struct AffinePoint
{
    public Fe X, Y;
}

/// <summary>
/// The group of bign-curve256v1: y² = x³ − 3x + b over GF(2²⁵⁶ − 189), prime order q, generator G = (0, y_G).
/// Secret scalars go through <see cref="MulBaseSecret"/> (a fixed-base comb with constant-time table reads);
/// verification uses <see cref="MulDoubleVartime"/> (comb for G plus a wNAF window for the public key).
/// </summary>
internal static class BignCurve
{
    /// <summary>Bits per comb digit: the scalar (below 2²⁵⁵) is split into 43 signed radix-64 digits.</summary>
    private const int CombBits = 6;

    private const int CombRows = 43;

    /// <summary>Entries per row: j·64ⁱ·G for j = 1..32 (digits are in [−31, 32]).</summary>
    private const int CombEntries = 1 << (CombBits - 1);

    /// <summary>Width of the wNAF of the public-key scalar: odd multiples Q, 3Q, …, 15Q.</summary>
    private const int WnafWidth = 5;

    public static readonly AffinePoint G = new()
    {
        X = default,
        Y = new Fe(0x1E29CF1804516A93, 0x78913966C408F652, 0x5CE4C9A351D6835D, 0x6BF7FC3CFB16D69F),
    };

    /// <summary>The comb table: entry 32i + j − 1 holds j·64ⁱ·G in affine form (88 KB).</summary>
    private static readonly AffinePoint[] Comb = BuildComb();

    /// <summary>True when (x, y) satisfies y² = x³ − 3x + b.</summary>
    public static bool IsOnCurve(in AffinePoint p)
    {
        Fp.Sqr(in p.Y, out var left);
        Fp.Sqr(in p.X, out var x2);
        Fp.Mul(in x2, in p.X, out var x3);
        Fp.Twice(in p.X, out var threeX);
        Fp.Add(in threeX, in p.X, out threeX);
        Fp.Sub(in x3, in threeX, out var right);
        Fp.Add(in right, in Fp.B, out right);
        return Fp.Equal(in left, in right);
    }

    /// <summary>Converts to affine coordinates; the point must not be infinity.</summary>
    public static void ToAffine(in JacobianPoint p, out AffinePoint r)
    {
        Fp.Invert(in p.Z, out var zInv);
        Fp.Sqr(in zInv, out var zInv2);
        Fp.Mul(in zInv2, in zInv, out var zInv3);
        Fp.Mul(in p.X, in zInv2, out r.X);
        Fp.Mul(in p.Y, in zInv3, out r.Y);
    }

    /// <summary>
    /// r = 2p ("dbl-2001-b", a = −3): δ = Z², γ = Y², β = Xγ, α = 3(X − δ)(X + δ), X' = α² − 8β,
    /// Z' = (Y + Z)² − γ − δ, Y' = α(4β − X') − 8γ². Infinity (Z = 0) stays infinity.
    /// </summary>
    public static void Double(in JacobianPoint p, out JacobianPoint r)
    {
        Fp.Sqr(in p.Z, out var delta);
        Fp.Sqr(in p.Y, out var gamma);
        Fp.Mul(in p.X, in gamma, out var beta);
        Fp.Sub(in p.X, in delta, out var t0);
        Fp.Add(in p.X, in delta, out var t1);
        Fp.Mul(in t0, in t1, out var alpha);
        Fp.Twice(in alpha, out t0);
        Fp.Add(in t0, in alpha, out alpha);

        Fp.Add(in p.Y, in p.Z, out t0);
        Fp.Sqr(in t0, out t0);
        Fp.Sub(in t0, in gamma, out t0);
        Fp.Sub(in t0, in delta, out var z3);

        Fp.Twice(in beta, out beta);
        Fp.Twice(in beta, out beta);
        Fp.Sqr(in alpha, out var x3);
        Fp.Twice(in beta, out t0);
        Fp.Sub(in x3, in t0, out x3);

        Fp.Sub(in beta, in x3, out t0);
        Fp.Mul(in alpha, in t0, out var y3);
        Fp.Sqr(in gamma, out t1);
        Fp.Twice(in t1, out t1);
        Fp.Twice(in t1, out t1);
        Fp.Twice(in t1, out t1);
        Fp.Sub(in y3, in t1, out y3);

        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    /// <summary>
    /// r = p + q for affine q ("madd-2007-bl"). Only valid when p ≠ ±q and p is finite; callers take care of
    /// those cases. Returns H = U2 − X1, which is zero exactly when p = ±q.
    /// </summary>
    public static void AddMixed(in JacobianPoint p, in AffinePoint q, out JacobianPoint r, out Fe h)
    {
        Fp.Sqr(in p.Z, out var z1z1);
        Fp.Mul(in q.X, in z1z1, out var u2);
        Fp.Mul(in p.Z, in z1z1, out var t0);
        Fp.Mul(in q.Y, in t0, out var s2);
        Fp.Sub(in u2, in p.X, out h);
        Fp.Sqr(in h, out var hh);
        Fp.Twice(in hh, out var i);
        Fp.Twice(in i, out i);
        Fp.Mul(in h, in i, out var j);
        Fp.Sub(in s2, in p.Y, out var rr);
        Fp.Twice(in rr, out rr);
        Fp.Mul(in p.X, in i, out var v);

        Fp.Sqr(in rr, out var x3);
        Fp.Sub(in x3, in j, out x3);
        Fp.Twice(in v, out t0);
        Fp.Sub(in x3, in t0, out x3);

        Fp.Sub(in v, in x3, out t0);
        Fp.Mul(in rr, in t0, out var y3);
        Fp.Mul(in p.Y, in j, out t0);
        Fp.Twice(in t0, out t0);
        Fp.Sub(in y3, in t0, out y3);

        Fp.Add(in p.Z, in h, out t0);
        Fp.Sqr(in t0, out t0);
        Fp.Sub(in t0, in z1z1, out t0);
        Fp.Sub(in t0, in hh, out var z3);

        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    /// <summary>r = p + q for any p, q (public data: branches on special cases).</summary>
    public static void AddMixedVartime(in JacobianPoint p, in AffinePoint q, out JacobianPoint r)
    {
        if (p.IsInfinity)
        {
            r = JacobianPoint.FromAffine(in q);
            return;
        }

        AddMixed(in p, in q, out var sum, out var h);
        if (!Fp.IsZero(in h))
        {
            r = sum;
        }
        else
        {
            // Same x: p = q (double) or p = −q (infinity).
            var qj = JacobianPoint.FromAffine(in q);
            Fp.Sqr(in p.Z, out var z1z1);
            Fp.Mul(in p.Z, in z1z1, out var z1z1z1);
            Fp.Mul(in q.Y, in z1z1z1, out var s2);
            if (Fp.Equal(in s2, in p.Y))
            {
                Double(in qj, out r);
            }
            else
            {
                r = JacobianPoint.Infinity;
            }
        }
    }

    /// <summary>r = p + q for any p, q in Jacobian form ("add-2007-bl" plus the special cases; public data).</summary>
    public static void AddVartime(in JacobianPoint p, in JacobianPoint q, out JacobianPoint r)
    {
        if (p.IsInfinity)
        {
            r = q;
            return;
        }

        if (q.IsInfinity)
        {
            r = p;
            return;
        }

        Fp.Sqr(in p.Z, out var z1z1);
        Fp.Sqr(in q.Z, out var z2z2);
        Fp.Mul(in p.X, in z2z2, out var u1);
        Fp.Mul(in q.X, in z1z1, out var u2);
        Fp.Mul(in q.Z, in z2z2, out var t0);
        Fp.Mul(in p.Y, in t0, out var s1);
        Fp.Mul(in p.Z, in z1z1, out t0);
        Fp.Mul(in q.Y, in t0, out var s2);
        Fp.Sub(in u2, in u1, out var h);
        Fp.Sub(in s2, in s1, out var rr);
        if (Fp.IsZero(in h))
        {
            if (Fp.IsZero(in rr))
            {
                Double(in p, out r);
            }
            else
            {
                r = JacobianPoint.Infinity;
            }

            return;
        }

        Fp.Twice(in h, out t0);
        Fp.Sqr(in t0, out var i);
        Fp.Mul(in h, in i, out var j);
        Fp.Twice(in rr, out rr);
        Fp.Mul(in u1, in i, out var v);

        Fp.Sqr(in rr, out var x3);
        Fp.Sub(in x3, in j, out x3);
        Fp.Twice(in v, out t0);
        Fp.Sub(in x3, in t0, out x3);

        Fp.Sub(in v, in x3, out t0);
        Fp.Mul(in rr, in t0, out var y3);
        Fp.Mul(in s1, in j, out t0);
        Fp.Twice(in t0, out t0);
        Fp.Sub(in y3, in t0, out y3);

        Fp.Add(in p.Z, in q.Z, out t0);
        Fp.Sqr(in t0, out t0);
        Fp.Sub(in t0, in z1z1, out t0);
        Fp.Sub(in t0, in z2z2, out t0);
        Fp.Mul(in t0, in h, out var z3);

        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    /// <summary>
    /// r = k·G for a secret k with 0 &lt; k &lt; q, in constant time: the same sequence of field operations and
    /// memory accesses for every k. The comb needs no doublings: r = Σ dᵢ·64ⁱ·G over the signed digits of k.
    /// </summary>
    public static void MulBaseSecret(ReadOnlySpan<ulong> k, out JacobianPoint r)
    {
        // Work with k' = k or q − k, whichever is below 2²⁵⁵, and negate the result for q − k: then the top
        // digit never carries out, and every partial sum is smaller in magnitude than the next term, so the
        // incomplete mixed addition never meets p = ±q (see the comment in the loop).
        Span<ulong> scalar = stackalloc ulong[Zq.Limbs];
        var negate = 0 - (k[3] >> 63);
        Zq.Sub(Zq.Q, k, scalar);
        for (var i = 0; i < Zq.Limbs; i++)
        {
            scalar[i] = (scalar[i] & negate) | (k[i] & ~negate);
        }

        Span<sbyte> digits = stackalloc sbyte[CombRows];
        Recode(scalar, digits);

        var acc = JacobianPoint.Infinity;
        AffinePoint entry = default;
        JacobianPoint sum = default;
        Fe negY = default;
        for (var row = 0; row < CombRows; row++)
        {
            int digit = digits[row];
            var sign = (ulong)(long)(digit >> 31);
            var magnitude = (digit ^ (int)sign) - (int)sign;
            SelectEntry(row, magnitude, out entry);
            Fp.Neg(in entry.Y, out negY);
            Fp.Select(sign, in negY, in entry.Y, out entry.Y);

            // |Σ_{j<row} dⱼ64ʲ| < 64^row ≤ |d_row|·64^row and all of it stays below q, so acc ≠ ±entry here.
            AddMixed(in acc, in entry, out sum, out _);

            // acc = ∞ (no non-zero digit yet): the sum is the entry itself.
            var accIsInfinity = Fp.IsZeroMask(in acc.Z);
            Fp.Select(accIsInfinity, in entry.X, in sum.X, out sum.X);
            Fp.Select(accIsInfinity, in entry.Y, in sum.Y, out sum.Y);
            Fp.Select(accIsInfinity, in Fp.One, in sum.Z, out sum.Z);

            // A zero digit adds nothing.
            var take = 0 - (((ulong)(uint)magnitude | (0 - (ulong)(uint)magnitude)) >> 63);
            Fp.Select(take, in sum.X, in acc.X, out acc.X);
            Fp.Select(take, in sum.Y, in acc.Y, out acc.Y);
            Fp.Select(take, in sum.Z, in acc.Z, out acc.Z);
        }

        Fp.Neg(in acc.Y, out var negAccY);
        Fp.Select(negate, in negAccY, in acc.Y, out acc.Y);
        r = acc;

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(scalar));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(digits));
        Wipe(ref acc);
        Wipe(ref sum);
        Wipe(ref entry);
        Wipe(ref negAccY);
        Wipe(ref negY);
    }

    /// <summary>
    /// r = u1·G + u2·Q for public scalars (verification): the comb for G with direct table reads, and a width-5
    /// wNAF for Q, whose scalar in bign is only 129 bits long.
    /// </summary>
    public static void MulDoubleVartime(ReadOnlySpan<ulong> u1, ReadOnlySpan<ulong> u2, in AffinePoint q, out JacobianPoint r)
    {
        MulBaseVartime(u1, out var p1);
        MulVartime(u2, in q, out var p2);
        AddVartime(in p1, in p2, out r);
    }

    /// <summary>r = u·G for a public u &lt; q.</summary>
    public static void MulBaseVartime(ReadOnlySpan<ulong> u, out JacobianPoint r)
    {
        Span<ulong> scalar = stackalloc ulong[Zq.Limbs];
        var negate = u[3] >> 63 != 0;
        if (negate)
        {
            Zq.Sub(Zq.Q, u, scalar);
        }
        else
        {
            u.CopyTo(scalar);
        }

        Span<sbyte> digits = stackalloc sbyte[CombRows];
        Recode(scalar, digits);
        var acc = JacobianPoint.Infinity;
        for (var row = 0; row < CombRows; row++)
        {
            int digit = digits[row];
            if (digit == 0)
            {
                continue;
            }

            var entry = Comb[(row * CombEntries) + Math.Abs(digit) - 1];
            if (digit < 0)
            {
                Fp.Neg(in entry.Y, out entry.Y);
            }

            AddMixedVartime(in acc, in entry, out acc);
        }

        if (negate)
        {
            Fp.Neg(in acc.Y, out acc.Y);
        }

        r = acc;
    }

    /// <summary>r = u·Q for a public u (any length) and a public point Q, by a width-5 wNAF.</summary>
    public static void MulVartime(ReadOnlySpan<ulong> u, in AffinePoint q, out JacobianPoint r)
    {
        // Odd multiples Q, 3Q, …, 15Q.
        Span<JacobianPoint> odd = stackalloc JacobianPoint[1 << (WnafWidth - 2)];
        odd[0] = JacobianPoint.FromAffine(in q);
        Double(in odd[0], out var twice);
        for (var i = 1; i < odd.Length; i++)
        {
            AddVartime(in odd[i - 1], in twice, out odd[i]);
        }

        Span<sbyte> naf = stackalloc sbyte[(64 * u.Length) + 1];
        var length = Wnaf(u, naf);
        var acc = JacobianPoint.Infinity;
        for (var i = length - 1; i >= 0; i--)
        {
            Double(in acc, out acc);
            int digit = naf[i];
            if (digit > 0)
            {
                AddVartime(in acc, in odd[digit >> 1], out acc);
            }
            else if (digit < 0)
            {
                var negative = odd[-digit >> 1];
                Fp.Neg(in negative.Y, out negative.Y);
                AddVartime(in acc, in negative, out acc);
            }
        }

        r = acc;
    }

    /// <summary>
    /// Signed radix-64 digits d₀..d₄₂ in [−31, 32] with Σ dᵢ64ⁱ = k, for k &lt; 2²⁵⁵ (the top digit takes bits
    /// 252..254 plus a carry, so nothing carries out). Branch-free: a digit plus carry above 32 becomes negative
    /// and carries one.
    /// </summary>
    private static void Recode(ReadOnlySpan<ulong> k, Span<sbyte> digits)
    {
        const int mask = (1 << CombBits) - 1;
        var carry = 0;
        for (var i = 0; i < CombRows; i++)
        {
            var bit = CombBits * i;
            var limb = bit / 64;
            var shift = bit % 64;
            var window = k[limb] >> shift;
            if (shift > 64 - CombBits && limb + 1 < Zq.Limbs)
            {
                window |= k[limb + 1] << (64 - shift);
            }

            var value = (int)(window & mask) + carry;
            carry = (value + (CombEntries - 1)) >> CombBits;
            digits[i] = (sbyte)(value - (carry << CombBits));
        }
    }

    /// <summary>Width-w NAF of u: odd digits in (−2^(w−1), 2^(w−1)), each non-zero digit followed by w − 1 zeros.</summary>
    private static int Wnaf(ReadOnlySpan<ulong> u, Span<sbyte> naf)
    {
        Span<ulong> k = stackalloc ulong[u.Length + 1];
        u.CopyTo(k);
        naf.Clear();
        var length = 0;
        var position = 0;
        while (!IsZero(k))
        {
            if ((k[0] & 1) != 0)
            {
                var digit = (int)(k[0] & ((1 << WnafWidth) - 1));
                if (digit >= 1 << (WnafWidth - 1))
                {
                    digit -= 1 << WnafWidth;
                }

                naf[position] = (sbyte)digit;
                AddSigned(k, -digit);
                length = position + 1;
            }

            ShiftRightOne(k);
            position++;
        }

        return length;
    }

    private static bool IsZero(ReadOnlySpan<ulong> k)
    {
        foreach (var limb in k)
        {
            if (limb != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void AddSigned(Span<ulong> k, int value)
    {
        if (value >= 0)
        {
            ulong carry = 0;
            k[0] = Fp.AddCarry(k[0], (ulong)value, ref carry);
            for (var i = 1; i < k.Length; i++)
            {
                k[i] = Fp.AddCarry(k[i], 0, ref carry);
            }
        }
        else
        {
            ulong borrow = 0;
            k[0] = Fp.SubBorrow(k[0], (ulong)-value, ref borrow);
            for (var i = 1; i < k.Length; i++)
            {
                k[i] = Fp.SubBorrow(k[i], 0, ref borrow);
            }
        }
    }

    private static void ShiftRightOne(Span<ulong> k)
    {
        for (var i = 0; i < k.Length - 1; i++)
        {
            k[i] = (k[i] >> 1) | (k[i + 1] << 63);
        }

        k[^1] >>= 1;
    }

    /// <summary>Reads entry <paramref name="magnitude"/> (1..32; 0 gives (0, 0)) of a comb row, touching every entry of the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SelectEntry(int row, int magnitude, out AffinePoint entry)
    {
        entry = default;
        ref var first = ref MemoryMarshal.GetArrayDataReference(Comb);
        for (var j = 1; j <= CombEntries; j++)
        {
            ref var candidate = ref Unsafe.Add(ref first, (row * CombEntries) + j - 1);

            // All ones when j = magnitude: (j ^ magnitude) − 1 is negative only for zero.
            var mask = (ulong)(((long)(uint)(j ^ magnitude) - 1) >> 63);
            entry.X.L0 |= candidate.X.L0 & mask;
            entry.X.L1 |= candidate.X.L1 & mask;
            entry.X.L2 |= candidate.X.L2 & mask;
            entry.X.L3 |= candidate.X.L3 & mask;
            entry.Y.L0 |= candidate.Y.L0 & mask;
            entry.Y.L1 |= candidate.Y.L1 & mask;
            entry.Y.L2 |= candidate.Y.L2 & mask;
            entry.Y.L3 |= candidate.Y.L3 & mask;
        }
    }

    /// <summary>j·64ⁱ·G for every row i and j = 1..32, normalised to affine with one shared inversion.</summary>
    private static AffinePoint[] BuildComb()
    {
        var points = new JacobianPoint[CombRows * CombEntries];
        var rowBase = JacobianPoint.FromAffine(in G);
        for (var row = 0; row < CombRows; row++)
        {
            var index = row * CombEntries;
            points[index] = rowBase;
            Double(in rowBase, out points[index + 1]);
            for (var j = 2; j < CombEntries; j++)
            {
                AddVartime(in points[index + j - 1], in rowBase, out points[index + j]);
            }

            // 64·base = 2·(32·base).
            Double(in points[index + CombEntries - 1], out rowBase);
        }

        // Batch inversion (Montgomery's trick): prefix products, one inversion, then walk back.
        var prefix = new Fe[points.Length];
        prefix[0] = points[0].Z;
        for (var i = 1; i < points.Length; i++)
        {
            Fp.Mul(in prefix[i - 1], in points[i].Z, out prefix[i]);
        }

        Fp.Invert(in prefix[^1], out var inverse);
        var table = new AffinePoint[points.Length];
        for (var i = points.Length - 1; i >= 0; i--)
        {
            Fe zInv;
            if (i > 0)
            {
                Fp.Mul(in inverse, in prefix[i - 1], out zInv);
                Fp.Mul(in inverse, in points[i].Z, out inverse);
            }
            else
            {
                zInv = inverse;
            }

            Fp.Sqr(in zInv, out var zInv2);
            Fp.Mul(in zInv2, in zInv, out var zInv3);
            Fp.Mul(in points[i].X, in zInv2, out table[i].X);
            Fp.Mul(in points[i].Y, in zInv3, out table[i].Y);
        }

        return table;
    }

    /// <summary>Overwrites a value on the stack through memory the JIT cannot treat as dead.</summary>
    internal static void Wipe<T>(ref T value)
        where T : struct => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(new Span<T>(ref value)));
}
