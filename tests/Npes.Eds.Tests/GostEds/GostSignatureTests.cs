using Npes.Eds.GostEds;
using Org.BouncyCastle.Math.EC;
using Xunit;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Npes.Eds.Tests.GostEds;

public sealed class GostSignatureTests
{
    public static TheoryData<string> ParameterSets() => [.. GostParameterSet.All.Select(s => s.Oid)];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void SignData_EverySupportedParameterSet_VerifiesAndHasTheSetsSizes(string oid)
    {
        // Arrange
        var set = GostParameterSet.Find(oid)!;
        using var key = GostPrivateKey.Generate(set);
        var data = "Трансграничный документ ЕАЭС"u8.ToArray();

        // Act
        var signature = key.SignData(data);

        // Assert
        Assert.Equal(set.DoubleSize, signature.Length);
        Assert.Equal(set.DoubleSize, key.PublicKey.Encoded.Length);
        Assert.True(key.PublicKey.VerifyData(data, signature));
        Assert.False(key.PublicKey.VerifyData([.. data, 0], signature));
        Assert.True(GostPublicKey.TryCreate(set, key.PublicKey.Encoded, out var decoded));
        Assert.True(decoded.VerifyData(data, signature));
    }

    [Theory]
    [InlineData(GostOids.Tc26Gost256A)]
    [InlineData(GostOids.CryptoProA)]
    [InlineData(GostOids.Tc26Gost512A)]
    public void VerifyData_EverySingleBitFlipOfSignature_Invalid(string oid)
    {
        // Arrange
        var set = GostParameterSet.Find(oid)!;
        using var key = GostPrivateKey.Generate(set);
        var signature = key.SignData("manifest"u8);

        // Act & Assert
        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var flipped = (byte[])signature.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(key.PublicKey.VerifyData("manifest"u8, flipped), $"bit {bit}");
        }
    }

    [Fact]
    public void VerifyData_EverySingleBitFlipOfData_Invalid()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var data = "письмо №42"u8.ToArray();
        var signature = key.SignData(data);

        for (var bit = 0; bit < data.Length * 8; bit++)
        {
            var flipped = (byte[])data.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(key.PublicKey.VerifyData(flipped, signature), $"bit {bit}");
        }
    }

    [Fact]
    public void VerifyData_MalformedSignatures_FalseWithoutException()
    {
        // Arrange
        var set = GostParameterSet.CryptoProA;
        using var key = GostPrivateKey.Generate(set);
        var signature = key.SignData("x"u8);
        var q = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, set.Domain.N);
        var r = signature[32..];

        // Act & Assert: wrong lengths, s or r zero, s or r = q (out of range), all ones
        Assert.False(key.PublicKey.VerifyData("x"u8, []));
        Assert.False(key.PublicKey.VerifyData("x"u8, signature.AsSpan(0, 63)));
        Assert.False(key.PublicKey.VerifyData("x"u8, [.. signature, 0]));
        Assert.False(key.PublicKey.VerifyData("x"u8, [.. new byte[32], .. r]));
        Assert.False(key.PublicKey.VerifyData("x"u8, [.. signature[..32], .. new byte[32]]));
        Assert.False(key.PublicKey.VerifyData("x"u8, [.. q, .. r]));
        Assert.False(key.PublicKey.VerifyData("x"u8, [.. signature[..32], .. q]));
        Assert.False(key.PublicKey.VerifyData("x"u8, Enumerable.Repeat((byte)0xFF, 64).ToArray()));
    }

    [Fact]
    public void SignData_SameDataTwice_DifferentSignatures()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);

        var first = key.SignData("same"u8);
        var second = key.SignData("same"u8);

        Assert.NotEqual(first, second); // a fresh random k each time
        Assert.True(key.PublicKey.VerifyData("same"u8, first));
        Assert.True(key.PublicKey.VerifyData("same"u8, second));
    }

    [Fact]
    public void Verify_OtherKeySameCurve_Invalid()
    {
        using var signer = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        using var other = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);

        var signature = signer.SignData("data"u8);

        Assert.False(other.PublicKey.VerifyData("data"u8, signature));
        Assert.False(other.Matches(signer.PublicKey));
        Assert.True(signer.Matches(signer.PublicKey));
    }

    [Fact]
    public void TryCreate_PointNotOnCurve_False()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.CryptoProA);
        var encoded = key.PublicKey.Encoded.ToArray();
        encoded[40] ^= 0x01; // a bit of y

        Assert.False(GostPublicKey.TryCreate(GostParameterSet.CryptoProA, encoded, out _));
    }

    [Fact]
    public void TryCreate_CoordinateNotBelowP_False()
    {
        // Arrange: a valid point (x, y) on CryptoPro-C, written with x + p (still 32 bytes, since p ≈ 0.61·2²⁵⁶)
        var set = GostParameterSet.Find(GostOids.CryptoProC)!;
        var p = set.Domain.Curve.Field.Characteristic;
        byte[] encoded;
        GostPrivateKey key;
        do
        {
            key = GostPrivateKey.Generate(set);
            encoded = key.PublicKey.Encoded.ToArray();
        }
        while (Gost3410.ReadLittleEndian(encoded.AsSpan(0, 32)).Add(p).BitLength > 256);

        using (key)
        {
            Gost3410.WriteLittleEndian(Gost3410.ReadLittleEndian(encoded.AsSpan(0, 32)).Add(p), encoded.AsSpan(0, 32));

            // Act & Assert
            Assert.True(GostPublicKey.TryCreate(set, key.PublicKey.Encoded, out _));
            Assert.False(GostPublicKey.TryCreate(set, encoded, out _));
        }
    }

    [Fact]
    public void TryCreate_PointOutsideTheSubgroupOfOrderQ_False()
    {
        // Arrange: tc26 256 paramSetA has cofactor 4; the first x = 1, 2, ... with a point (x, y) of the curve whose order
        // is not q (BouncyCastle's DecodePoint would refuse such a point itself, so y is computed here)
        var set = GostParameterSet.Tc26Gost256A;
        var curve = set.Domain.Curve;
        ECPoint? point = null;
        for (var i = 1; point is null; i++)
        {
            var x = curve.FromBigInteger(BigInteger.ValueOf(i));
            var y = x.Square().Add(curve.A).Multiply(x).Add(curve.B).Sqrt();
            if (y is not null)
            {
                var candidate = curve.CreatePoint(x.ToBigInteger(), y.ToBigInteger());
                point = ECAlgorithms.ReferenceMultiply(candidate, set.Domain.N).IsInfinity ? null : candidate;
            }
        }

        var onCurve = point.AffineYCoord.Square().Equals(point.AffineXCoord.Square().Add(curve.A).Multiply(point.AffineXCoord).Add(curve.B));

        // Act
        var accepted = GostPublicKey.TryCreate(set, Gost3410.EncodePoint(set, point), out _);

        // Assert
        Assert.True(onCurve);
        Assert.False(accepted);
    }

    [Fact]
    public void TryCreate_ZerosAndWrongLengths_False()
    {
        var set = GostParameterSet.Tc26Gost256A;
        using var key = GostPrivateKey.Generate(set);

        Assert.False(GostPublicKey.TryCreate(set, new byte[64], out _));
        Assert.False(GostPublicKey.TryCreate(set, key.PublicKey.Encoded[..63], out _));
        Assert.False(GostPublicKey.TryCreate(set, [.. key.PublicKey.Encoded, 0], out _));
        Assert.False(GostPublicKey.TryCreate(GostParameterSet.Tc26Gost512A, key.PublicKey.Encoded, out _));
        Assert.False(GostPublicKey.TryCreate(set, [], out _));
    }

    [Fact]
    public void Import_OutOfRangeOrWrongLength_ThrowsArgument()
    {
        var set = GostParameterSet.Tc26Gost256A;
        var q = new byte[32];
        Gost3410.WriteLittleEndian(set.Domain.N, q);

        Assert.Equal("privateKey", Assert.Throws<ArgumentException>(() => GostPrivateKey.Import(set, new byte[32])).ParamName);
        Assert.Equal("privateKey", Assert.Throws<ArgumentException>(() => GostPrivateKey.Import(set, q)).ParamName);
        Assert.Equal("privateKey", Assert.Throws<ArgumentException>(() => GostPrivateKey.Import(set, new byte[31])).ParamName);
        Assert.Equal("privateKey", Assert.Throws<ArgumentException>(() => GostPrivateKey.Import(GostParameterSet.Tc26Gost512A, new byte[32])).ParamName);
    }

    [Fact]
    public void Import_LargestValidKey_PublicKeyIsMinusG()
    {
        // d = q − 1 gives Q = −G: same x as G
        var set = GostParameterSet.CryptoProA;
        var d = new byte[32];
        Gost3410.WriteLittleEndian(set.Domain.N.Subtract(BigInteger.One), d);

        using var key = GostPrivateKey.Import(set, d);

        Assert.Equal(set.Domain.G.Normalize().AffineXCoord.ToBigInteger(), key.PublicKey.Point.AffineXCoord.ToBigInteger());
        Assert.True(key.PublicKey.VerifyData("x"u8, key.SignData("x"u8)));
    }

    [Fact]
    public void Dispose_Key_RefusesToSignAndToExport()
    {
        var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);

        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.SignData("x"u8));
        Assert.Throws<ObjectDisposedException>(() => key.CopyPrivateKeyTo(new byte[32]));
    }

    [Fact]
    public void Sign_ArgumentGuards_ThrowPrecisely()
    {
        var set = GostParameterSet.Tc26Gost256A;

        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => Gost3410.Sign(null!, BigInteger.One, new byte[32])).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentNullException>(() => Gost3410.Sign(set, null!, new byte[32])).ParamName);
        Assert.Equal("digest", Assert.Throws<ArgumentException>(() => Gost3410.Sign(set, BigInteger.One, new byte[31])).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentOutOfRangeException>(() => Gost3410.Sign(set, BigInteger.Zero, new byte[32])).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentOutOfRangeException>(() => Gost3410.Sign(set, set.Domain.N, new byte[32])).ParamName);
    }

    [Fact]
    public void PrimitiveAndKey_NullArguments_ThrowArgumentNull()
    {
        var set = GostParameterSet.Tc26Gost256A;
        var g = set.Domain.G;

        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => Gost3410.TryDecodePoint(null!, new byte[64], out _)).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => Gost3410.EncodePoint(null!, g)).ParamName);
        Assert.Equal("point", Assert.Throws<ArgumentNullException>(() => Gost3410.EncodePoint(set, null!)).ParamName);
        Assert.Equal("point", Assert.Throws<ArgumentException>(() => Gost3410.EncodePoint(set, set.Domain.Curve.Infinity)).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => Gost3410.Verify(null!, g, new byte[32], new byte[64])).ParamName);
        Assert.Equal("publicKey", Assert.Throws<ArgumentNullException>(() => Gost3410.Verify(set, null!, new byte[32], new byte[64])).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => GostPublicKey.TryCreate(null!, new byte[64], out _)).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => GostPrivateKey.Generate(null!)).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => GostPrivateKey.Import(null!, new byte[32])).ParamName);
        Assert.Equal("domain", Assert.Throws<ArgumentNullException>(() => new GostParameterSet("1.2.3", "test", null!, wide: false)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => Gost3410.WriteLittleEndian(null!, new byte[32])).ParamName);
    }

    [Fact]
    public void Verify_WrongDigestLength_False()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var signature = key.SignData("x"u8);

        Assert.False(key.PublicKey.VerifyHash(new byte[64], signature));
        Assert.False(key.PublicKey.VerifyHash(GostParameterSet.Tc26Gost256A.Hash("x"u8).AsSpan(0, 31), signature));
        Assert.True(key.PublicKey.VerifyHash(GostParameterSet.Tc26Gost256A.Hash("x"u8), signature));
    }

    [Fact]
    public void SignHash_DigestWhoseEIsZero_SignsAndVerifiesAsEOne()
    {
        // GOST R 34.10-2012: e = α mod q, and e = 1 when that is 0. A digest encoding q itself has e = 0.
        var set = GostParameterSet.CryptoProA;
        using var key = GostPrivateKey.Generate(set);
        var digestOfQ = new byte[32];
        Gost3410.WriteLittleEndian(set.Domain.N, digestOfQ);
        var digestOfOne = new byte[32];
        digestOfOne[0] = 1;

        var signature = key.SignHash(digestOfQ);

        Assert.True(key.PublicKey.VerifyHash(digestOfQ, signature));
        Assert.True(key.PublicKey.VerifyHash(digestOfOne, signature));
    }
}
