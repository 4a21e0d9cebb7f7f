using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Npes.Eds.Stb;
using Xunit;

namespace Npes.Eds.Tests.Stb;

/// <summary>The specialised field, scalar and point arithmetic against plain BigInteger arithmetic.</summary>
public sealed class ArithmeticTests
{
    private static readonly BigInteger P = (BigInteger.One << 256) - 189;
    private static readonly BigInteger Q = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD95C8ED60DFB4DFC7E5ABF99263D6607", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    /// <summary>Values below m: uniformly random, or near 0, m and 2¹²⁸·k (where carries are likely).</summary>
    private static Gen<BigInteger> Below(BigInteger m) =>
        Gen.OneOf(
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32).Select(b => new BigInteger(b, isUnsigned: true) % m),
            Gen.Choose(0, 1000).Select(k => (BigInteger)k),
            Gen.Choose(1, 1000).Select(k => m - k),
            Gen.Choose(0, 3).SelectMany(shift => Gen.Choose(-3, 3).Select(delta => (((BigInteger.One << (64 * shift)) - 1 + delta) % m + m) % m)));

    private static Gen<BigInteger> Wide => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32).Select(b => new BigInteger(b, isUnsigned: true));

    private static Fe ToFe(BigInteger x)
    {
        var bytes = new byte[32];
        x.TryWriteBytes(bytes, out _, isUnsigned: true);
        Assert.True(Fp.TryFromBytes(bytes, out var fe));
        return fe;
    }

    private static BigInteger FromFe(in Fe a)
    {
        var bytes = new byte[32];
        Fp.ToBytes(in a, bytes);
        return new BigInteger(bytes, isUnsigned: true);
    }

    private static ulong[] ToLimbs(BigInteger x)
    {
        var bytes = new byte[32];
        x.TryWriteBytes(bytes, out _, isUnsigned: true);
        var limbs = new ulong[4];
        Zq.FromBytes(bytes, limbs);
        return limbs;
    }

    private static BigInteger FromLimbs(ReadOnlySpan<ulong> limbs)
    {
        var bytes = new byte[32];
        Zq.ToBytes(limbs, bytes);
        return new BigInteger(bytes, isUnsigned: true);
    }

    private static Arbitrary<(BigInteger A, BigInteger B)> PairsBelow(BigInteger m) =>
        Below(m).SelectMany(a => Below(m).Select(b => (a, b))).ToArbitrary();

    [Fact]
    public void FieldMul_RandomValues_AgreesWithBigInteger()
    {
        Check.One(Config, Prop.ForAll(PairsBelow(P), x =>
        {
            Fp.Mul(ToFe(x.A), ToFe(x.B), out var r);
            return FromFe(r) == x.A * x.B % P;
        }));
    }

    [Fact]
    public void FieldSqr_RandomValues_AgreesWithBigInteger()
    {
        Check.One(Config, Prop.ForAll(Below(P).ToArbitrary(), a =>
        {
            Fp.Sqr(ToFe(a), out var r);
            return FromFe(r) == a * a % P;
        }));
    }

    [Fact]
    public void FieldAddSub_RandomValues_AgreeWithBigInteger()
    {
        Check.One(Config, Prop.ForAll(PairsBelow(P), x =>
        {
            Fp.Add(ToFe(x.A), ToFe(x.B), out var sum);
            Fp.Sub(ToFe(x.A), ToFe(x.B), out var difference);
            Fp.Neg(ToFe(x.A), out var negative);
            return FromFe(sum) == (x.A + x.B) % P
                && FromFe(difference) == ((x.A - x.B) % P + P) % P
                && FromFe(negative) == (P - x.A) % P;
        }));
    }

    [Fact]
    public void FieldInvert_RandomValues_AgreesWithBigInteger()
    {
        Check.One(Config.WithMaxTest(100), Prop.ForAll(Below(P).ToArbitrary(), a =>
        {
            Fp.Invert(ToFe(a), out var r);
            return FromFe(r) == BigInteger.ModPow(a, P - 2, P);
        }));
    }

    [Fact]
    public void FieldFromBytes_AtOrAboveP_Refused()
    {
        Check.One(Config, Prop.ForAll(Gen.Choose(0, 188).ToArbitrary(), excess =>
        {
            var bytes = new byte[32];
            (P + excess).TryWriteBytes(bytes, out _, isUnsigned: true);
            return !Fp.TryFromBytes(bytes, out _);
        }));
    }

    [Fact]
    public void ScalarArithmetic_RandomValues_AgreesWithBigInteger()
    {
        Check.One(Config, Prop.ForAll(PairsBelow(Q), x =>
        {
            var a = ToLimbs(x.A);
            var b = ToLimbs(x.B);
            var product = new ulong[4];
            var sum = new ulong[4];
            var difference = new ulong[4];
            Zq.Mul(a, b, product);
            Zq.Add(a, b, sum);
            Zq.Sub(a, b, difference);
            return FromLimbs(product) == x.A * x.B % Q
                && FromLimbs(sum) == (x.A + x.B) % Q
                && FromLimbs(difference) == ((x.A - x.B) % Q + Q) % Q;
        }));
    }

    [Fact]
    public void ScalarReduce_Any256BitValue_AgreesWithBigInteger()
    {
        Check.One(Config, Prop.ForAll(Wide.ToArbitrary(), a =>
        {
            var r = new ulong[4];
            Zq.Reduce(ToLimbs(a), r);
            return FromLimbs(r) == a % Q;
        }));
    }

    [Fact]
    public void ScalarMultiplication_ConstantTimeCombVartimeCombAndWnaf_Agree()
    {
        Check.One(Config.WithMaxTest(100), Prop.ForAll(Below(Q).Where(k => !k.IsZero).ToArbitrary(), k =>
        {
            var limbs = ToLimbs(k);
            BignCurve.MulBaseSecret(limbs, out var secret);
            BignCurve.MulBaseVartime(limbs, out var comb);
            BignCurve.MulVartime(limbs, in BignCurve.G, out var wnaf);
            BignCurve.ToAffine(in secret, out var a);
            BignCurve.ToAffine(in comb, out var b);
            BignCurve.ToAffine(in wnaf, out var c);
            return BignCurve.IsOnCurve(in a)
                && Fp.Equal(in a.X, in b.X) && Fp.Equal(in a.Y, in b.Y)
                && Fp.Equal(in a.X, in c.X) && Fp.Equal(in a.Y, in c.Y);
        }));
    }

    [Fact]
    public void MulDouble_RandomScalars_EqualsSumOfSingleMultiplications()
    {
        var cases = Below(Q).SelectMany(u1 => Below(Q).Where(k => !k.IsZero).SelectMany(d => Below(BigInteger.One << 129).Select(u2 => (U1: u1, D: d, U2: u2))));
        Check.One(Config.WithMaxTest(100), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            // Q = d·G, so u1·G + u2·Q = (u1 + u2·d)·G.
            BignCurve.MulBaseSecret(ToLimbs(c.D), out var qj);
            BignCurve.ToAffine(in qj, out var q);
            var u2 = ToLimbs(c.U2 & ((BigInteger.One << 256) - 1));
            BignCurve.MulDoubleVartime(ToLimbs(c.U1), u2, in q, out var r);
            var expected = (c.U1 + (c.U2 * c.D)) % Q;
            if (expected.IsZero)
            {
                return r.IsInfinity;
            }

            BignCurve.MulBaseVartime(ToLimbs(expected), out var e);
            BignCurve.ToAffine(in r, out var ra);
            BignCurve.ToAffine(in e, out var ea);
            return Fp.Equal(in ra.X, in ea.X) && Fp.Equal(in ra.Y, in ea.Y);
        }));
    }

    [Fact]
    public void MulDouble_OppositeTerms_Infinity()
    {
        // u1·G + u2·Q with Q = d·G and u1 = −u2·d: the sum is the point at infinity.
        var d = new BigInteger(12345);
        var u2 = (BigInteger.One << 128) + 99;
        var u1 = (Q - (u2 * d % Q)) % Q;
        BignCurve.MulBaseSecret(ToLimbs(d), out var qj);
        BignCurve.ToAffine(in qj, out var q);

        BignCurve.MulDoubleVartime(ToLimbs(u1), ToLimbs(u2), in q, out var r);

        Assert.True(r.IsInfinity);
    }

    [Fact]
    public void MulBaseSecret_SmallAndLargeScalars_MatchRepeatedAddition()
    {
        // 1·G, 2·G, …, and (q − 1)·G = −G, (q − 2)·G = −2G cover the negation path.
        var acc = JacobianPoint.Infinity;
        for (var k = 1; k <= 20; k++)
        {
            BignCurve.AddMixedVartime(in acc, in BignCurve.G, out acc);
            BignCurve.ToAffine(in acc, out var expected);
            BignCurve.MulBaseSecret(ToLimbs(k), out var direct);
            BignCurve.MulBaseSecret(ToLimbs(Q - k), out var negated);
            BignCurve.ToAffine(in direct, out var a);
            BignCurve.ToAffine(in negated, out var b);
            Fp.Neg(in expected.Y, out var minusY);
            Assert.True(Fp.Equal(in a.X, in expected.X) && Fp.Equal(in a.Y, in expected.Y), $"{k}·G");
            Assert.True(Fp.Equal(in b.X, in expected.X) && Fp.Equal(in b.Y, in minusY), $"(q − {k})·G");
        }
    }
}
