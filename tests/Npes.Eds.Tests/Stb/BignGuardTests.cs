using Npes.Eds.Stb;
using Xunit;
using static Npes.Eds.Tests.Stb.StbTestData;

namespace Npes.Eds.Tests.Stb;

/// <summary>Every argument guard of <see cref="Bign"/> says precisely what is wrong.</summary>
public sealed class BignGuardTests
{
    private static readonly byte[] D = Hex(BignVectorTests.D);
    private static readonly byte[] Hash = Hex(BignVectorTests.H13);
    private static readonly byte[] Q = Hex("07663D2699BF5A7EFC4DFB0DD68E5CD9FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");

    [Fact]
    public void GetPublicKey_ShortPrivateKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.GetPublicKey(new byte[31]));
        Assert.Equal("privateKey", e.ParamName);
        Assert.StartsWith("A bign private key is 32 bytes; got 31.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPublicKey_ZeroPrivateKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.GetPublicKey(new byte[32]));
        Assert.Equal("privateKey", e.ParamName);
        Assert.StartsWith("The private key d must satisfy 0 < d < q.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPublicKey_PrivateKeyEqualToQ_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.GetPublicKey(Q));
        Assert.StartsWith("The private key d must satisfy 0 < d < q.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPublicKey_PrivateKeyAboveQ_Refused()
    {
        var aboveQ = (byte[])Q.Clone();
        aboveQ[0]++;

        var e = Assert.Throws<ArgumentException>(() => Bign.GetPublicKey(aboveQ));
        Assert.StartsWith("The private key d must satisfy 0 < d < q.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPublicKey_PrivateKeyQMinusOne_Accepted()
    {
        var qMinusOne = (byte[])Q.Clone();
        qMinusOne[0]--;

        Assert.True(Bign.IsValidPublicKey(Bign.GetPublicKey(qMinusOne)));
    }

    [Fact]
    public void GetPublicKey_ShortDestination_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.GetPublicKey(D, new byte[63]));
        Assert.Equal("publicKey", e.ParamName);
        Assert.StartsWith("A bign public key is 64 bytes; the destination has 63.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ShortHash_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.Sign(new byte[31], D));
        Assert.Equal("hash", e.ParamName);
        Assert.StartsWith("The signed value is a 32-byte belt-hash; got 31 bytes.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ShortDestination_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.Sign(Hash, D, new byte[47]));
        Assert.Equal("signature", e.ParamName);
        Assert.StartsWith("A bign signature is 48 bytes; the destination has 47.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ZeroPrivateKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.Sign(Hash, new byte[32]));
        Assert.Equal("privateKey", e.ParamName);
    }

    [Fact]
    public void SignDeterministic_LongHash_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.SignDeterministic(new byte[33], D));
        Assert.Equal("hash", e.ParamName);
    }

    [Fact]
    public void SignDeterministic_PrivateKeyEqualToQ_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.SignDeterministic(Hash, Q));
        Assert.Equal("privateKey", e.ParamName);
    }

    [Fact]
    public void SignDeterministic_ShortDestination_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.SignDeterministic(Hash, D, [], new byte[10]));
        Assert.Equal("signature", e.ParamName);
    }

    [Fact]
    public void Verify_ShortHash_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.Verify(new byte[16], new byte[48], Hex(BignVectorTests.Q)));
        Assert.Equal("hash", e.ParamName);
    }

    [Fact]
    public void Verify_ShortPublicKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.Verify(Hash, new byte[48], new byte[63]));
        Assert.Equal("publicKey", e.ParamName);
        Assert.StartsWith("A bign public key is 64 bytes; got 63.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsValidPublicKey_WrongLength_False()
    {
        Assert.False(Bign.IsValidPublicKey(Hex(BignVectorTests.Q).AsSpan(0, 63)));
    }

    [Fact]
    public void SignWithK_ZeroK_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Bign.SignWithK(Hash, D, new byte[32], new byte[48]));
        Assert.Equal("ephemeralKey", e.ParamName);
        Assert.StartsWith("The ephemeral key k must satisfy 0 < k < q.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLine_Null_Refused()
    {
        Assert.Throws<ArgumentNullException>(() => BignVectorChecker.CheckLine(null!));
    }

    [Fact]
    public void GeneratePrivateKey_Twice_DifferentValidKeys()
    {
        var first = Bign.GeneratePrivateKey();
        var second = Bign.GeneratePrivateKey();

        Assert.NotEqual(first, second);
        Assert.True(Bign.IsValidPublicKey(Bign.GetPublicKey(first)));
    }
}
