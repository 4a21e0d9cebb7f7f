using FsCheck;
using FsCheck.Fluent;
using Npes.Eds.Stb;
using Xunit;
using static Npes.Eds.Tests.Stb.StbTestData;

namespace Npes.Eds.Tests.Stb;

/// <summary>FsCheck properties of bign signatures and public-key validation.</summary>
public sealed class BignPropertyTests
{
    private static readonly byte[] P = Hex("43FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(60);

    private static Gen<byte[]> Bytes(int length) => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length);

    /// <summary>A key pair, a hash and a signature made with a random k.</summary>
    private static Gen<(byte[] D, byte[] Q, byte[] Hash, byte[] Signature)> Signed =>
        Bytes(32).Select(hash =>
        {
            var d = Bign.GeneratePrivateKey();
            return (d, Bign.GetPublicKey(d), hash, Bign.Sign(hash, d));
        });

    [Fact]
    public void SignVerify_RandomKeysAndHashes_RoundTrip()
    {
        Check.One(Config, Prop.ForAll(Signed.ToArbitrary(), s => Bign.Verify(s.Hash, s.Signature, s.Q)));
    }

    [Fact]
    public void SignDeterministicVerify_RandomKeysHashesAndExtra_RoundTrip()
    {
        var inputs = Bytes(32).SelectMany(hash => Gen.Choose(0, 40).SelectMany(Bytes).Select(extra => (Hash: hash, Extra: extra)));
        Check.One(Config, Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var d = Bign.GeneratePrivateKey();
            var signature = Bign.SignDeterministic(input.Hash, d, input.Extra);
            return Bign.Verify(input.Hash, signature, Bign.GetPublicKey(d));
        }));
    }

    [Fact]
    public void SignDeterministic_SameInputs_SameSignature()
    {
        var inputs = Bytes(32).SelectMany(hash => Gen.Choose(0, 40).SelectMany(Bytes).Select(extra => (Hash: hash, Extra: extra)));
        Check.One(Config, Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var d = Bign.GeneratePrivateKey();
            var first = Bign.SignDeterministic(input.Hash, d, input.Extra);
            var second = Bign.SignDeterministic(input.Hash, (byte[])d.Clone(), (byte[])input.Extra.Clone());
            return first.AsSpan().SequenceEqual(second);
        }));
    }

    [Fact]
    public void SignDeterministic_OtherExtra_OtherSignature()
    {
        Check.One(Config, Prop.ForAll(Bytes(32).ToArbitrary(), hash =>
        {
            var d = Bign.GeneratePrivateKey();
            return !Bign.SignDeterministic(hash, d, [1]).AsSpan().SequenceEqual(Bign.SignDeterministic(hash, d, [2]));
        }));
    }

    [Fact]
    public void Verify_OneBitOfHashFlipped_Fails()
    {
        var cases = Signed.SelectMany(s => Gen.Choose(0, (32 * 8) - 1).Select(bit => (Signed: s, Bit: bit)));
        Check.One(Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var hash = Flip(c.Signed.Hash, c.Bit);
            return !Bign.Verify(hash, c.Signed.Signature, c.Signed.Q);
        }));
    }

    [Fact]
    public void Verify_OneBitOfSignatureFlipped_Fails()
    {
        var cases = Signed.SelectMany(s => Gen.Choose(0, (48 * 8) - 1).Select(bit => (Signed: s, Bit: bit)));
        Check.One(Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var signature = Flip(c.Signed.Signature, c.Bit);
            return !Bign.Verify(c.Signed.Hash, signature, c.Signed.Q);
        }));
    }

    [Fact]
    public void Verify_OneBitOfPublicKeyFlipped_Fails()
    {
        var cases = Signed.SelectMany(s => Gen.Choose(0, (64 * 8) - 1).Select(bit => (Signed: s, Bit: bit)));
        Check.One(Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var publicKey = Flip(c.Signed.Q, c.Bit);
            return !Bign.Verify(c.Signed.Hash, c.Signed.Signature, publicKey) && !Bign.IsValidPublicKey(publicKey);
        }));
    }

    [Fact]
    public void IsValidPublicKey_RandomBytes_Refused()
    {
        Check.One(Config, Prop.ForAll(Bytes(64).ToArbitrary(), bytes => !Bign.IsValidPublicKey(bytes)));
    }

    [Fact]
    public void IsValidPublicKey_CoordinateAtOrAboveP_Refused()
    {
        // x or y replaced by a value in [p, 2²⁵⁶), the rest of a valid key kept.
        var cases = Signed.SelectMany(s => Gen.Choose(0, 188).SelectMany(excess => Gen.Elements(0, 32).Select(offset => (Q: s.Q, Excess: excess, Offset: offset))));
        Check.One(Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var publicKey = (byte[])c.Q.Clone();
            var coordinate = (byte[])P.Clone();
            coordinate[0] += (byte)c.Excess;
            coordinate.CopyTo(publicKey, c.Offset);
            return !Bign.IsValidPublicKey(publicKey) && !Bign.Verify(new byte[32], new byte[48], publicKey);
        }));
    }

    [Fact]
    public void IsValidPublicKey_GeneratorWithXEncodedAsP_Refused()
    {
        // G = (0, y_G); x = p is congruent to 0 but is not a valid encoding.
        var g = Bign.GetPublicKey(Hex("0100000000000000000000000000000000000000000000000000000000000000"));
        Assert.Equal(new byte[32], g[..32]);
        P.CopyTo(g, 0);

        Assert.False(Bign.IsValidPublicKey(g));
    }

    [Fact]
    public void IsValidPublicKey_AllZero_Refused()
    {
        Assert.False(Bign.IsValidPublicKey(new byte[64]));
        Assert.False(Bign.Verify(new byte[32], new byte[48], new byte[64]));
    }

    [Fact]
    public void IsValidPublicKey_GeneratedKeys_Accepted()
    {
        Check.One(Config, Prop.ForAll(Signed.ToArbitrary(), s => Bign.IsValidPublicKey(s.Q)));
    }

    [Fact]
    public void Verify_S1NotBelowQ_Fails()
    {
        var d = Hex(BignVectorTests.D);
        var hash = Hex(BignVectorTests.H13);
        var signature = Bign.SignDeterministic(hash, d);

        // s1 + q is the same residue but out of range.
        var s1 = new System.Numerics.BigInteger(signature.AsSpan(16), isUnsigned: true) + Q();
        if (s1.GetByteCount(isUnsigned: true) <= 32)
        {
            var tampered = (byte[])signature.Clone();
            Array.Clear(tampered, 16, 32);
            s1.TryWriteBytes(tampered.AsSpan(16), out _, isUnsigned: true);
            Assert.False(Bign.Verify(hash, tampered, Hex(BignVectorTests.Q)));
        }

        var allOnes = (byte[])signature.Clone();
        Array.Fill(allOnes, (byte)0xFF, 16, 32);
        Assert.False(Bign.Verify(hash, allOnes, Hex(BignVectorTests.Q)));
    }

    [Fact]
    public void Verify_WrongSignatureLength_False()
    {
        var signature = Bign.SignDeterministic(Hex(BignVectorTests.H13), Hex(BignVectorTests.D));

        Assert.False(Bign.Verify(Hex(BignVectorTests.H13), signature.AsSpan(0, 47), Hex(BignVectorTests.Q)));
        Assert.False(Bign.Verify(Hex(BignVectorTests.H13), [.. signature, 0], Hex(BignVectorTests.Q)));
    }

    private static System.Numerics.BigInteger Q() =>
        System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD95C8ED60DFB4DFC7E5ABF99263D6607", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Flip(byte[] bytes, int bit)
    {
        var copy = (byte[])bytes.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
