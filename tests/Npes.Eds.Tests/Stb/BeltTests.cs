using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Npes.Eds.Stb;
using Xunit;
using static Npes.Eds.Tests.Stb.StbTestData;

namespace Npes.Eds.Tests.Stb;

/// <summary>belt (STB 34.101.31) against the vectors of the standard, plus properties and argument guards.</summary>
public sealed class BeltTests
{
    private static readonly byte[] Key = BeltH(128, 32);

    [Fact]
    public void BeltH_KeyConstant_MatchesReference()
    {
        Assert.Equal("E9DEE72C8F0C0FA62DDB49F46F73964706075316ED247A3739CBA38303A98BF6", ToHex(Key));
        Assert.Equal("BE32971343FC9A48A02A885F194B09A17ECDA4D01544AF", ToHex(BeltH(192, 23)));
    }

    [Fact]
    public void BlockEncrypt_StandardVector_Matches()
    {
        var output = new byte[16];

        BeltBlock.Encrypt(BeltH(0, 16), Key, output);

        Assert.Equal("69CCA1C93557C9E3D66BC3E0FA88FA6E", ToHex(output));
    }

    [Fact]
    public void BlockDecrypt_StandardVector_Matches()
    {
        var output = new byte[16];

        BeltBlock.Decrypt(BeltH(64, 16), BeltH(160, 32), output);

        Assert.Equal("0DC5300600CAB840B38448E5E993F421", ToHex(output));
    }

    [Theory]
    [InlineData(48, "49A38EE108D6C742E52B774F00A6EF98B106CBD13EA4FB0680323051BC04DF76E487B055C69BCF541176169F1DC9F6C8")]
    [InlineData(47, "F08EF22DCAA06C81FB12721974221CA7AB82C62856FCF2F9FCA006E019A28F16E5821A51F573594625DBAB8F6A5C94")]
    public void WblockEncrypt_StandardVectors_Match(int length, string expected)
    {
        var data = BeltH(0, length);

        BeltWblock.Encrypt(data, Key);

        Assert.Equal(expected, ToHex(data));
    }

    [Theory]
    [InlineData(48, "92632EE0C21AD9E09A39343E5C07DAA4889B03F2E6847EB152EC99F7A4D9F154B5EF68D8E4A39E567153DE13D72254EE")]
    [InlineData(36, "DF3F882230BAAFFC92F05660321172310E3CB2182681EF43102E67175E177BD75E93E4E8")]
    public void WblockDecrypt_StandardVectors_Match(int length, string expected)
    {
        var data = BeltH(64, length);

        BeltWblock.Decrypt(data, BeltH(160, 32));

        Assert.Equal(expected, ToHex(data));
    }

    [Fact]
    public void Wblock_RandomData_DecryptInvertsEncrypt()
    {
        Prop.ForAll(
            Gen.Choose(32, 200).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n)).ToArbitrary(),
            data =>
            {
                var copy = (byte[])data.Clone();
                BeltWblock.Encrypt(copy, Key);
                BeltWblock.Decrypt(copy, Key);
                return copy.AsSpan().SequenceEqual(data);
            }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(13, "ABEF9725D4C5A83597A367D14494CC2542F20F659DDFECC961A3EC550CBA8C75")]
    [InlineData(32, "749E4C3653AECE5E48DB4761227742EB6DBE13F4A80F7BEFF1A9CF8D10EE7786")]
    [InlineData(48, "9D02EE446FB6A29FE5C982D4B13AF9D3E90861BC4CEF27CF306BFB0B174A154A")]
    public void Hash_StandardVectors_Match(int length, string expected)
    {
        Assert.Equal(expected, ToHex(BeltHash.HashData(BeltH(0, length))));
    }

    [Fact]
    public void Hash_ByteByByte_SameAsOneShot()
    {
        var data = BeltH(0, 100);
        var hash = new BeltHash();
        foreach (var b in data)
        {
            hash.Append([b]);
        }

        Assert.Equal(BeltHash.HashData(data), hash.Finish());
    }

    [Fact]
    public void Hash_RandomSplits_SameAsOneShot()
    {
        var inputs = Gen.Choose(0, 300)
            .SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
            .SelectMany(data => Gen.ArrayOf(Gen.Choose(0, data.Length), 4).Select(cuts => (Data: data, Cuts: cuts)));
        Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var hash = new BeltHash();
            var position = 0;
            foreach (var cut in input.Cuts.Order())
            {
                hash.Append(input.Data.AsSpan(position, cut - position));
                position = cut;
            }

            hash.Append(input.Data.AsSpan(position));
            return hash.Finish().AsSpan().SequenceEqual(BeltHash.HashData(input.Data));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Hash_FinishTwice_StartsOver()
    {
        var hash = new BeltHash();
        hash.Append(BeltH(0, 13));
        hash.Finish();
        hash.Append(BeltH(0, 32));

        Assert.Equal("749E4C3653AECE5E48DB4761227742EB6DBE13F4A80F7BEFF1A9CF8D10EE7786", ToHex(hash.Finish()));
    }

    [Theory]
    [InlineData(13, "7260DA60138F96C9")]
    [InlineData(48, "2DAB59771B4B16D0")]
    public void Mac_StandardVectors_Match(int length, string expected)
    {
        Assert.Equal(expected, ToHex(BeltMac.Compute(Key, BeltH(0, length))));
    }

    [Fact]
    public void KeyWrap_StandardVector_Matches()
    {
        var wrapped = BeltKeyWrap.Wrap(BeltH(0, 32), BeltH(32, 16), Key);

        Assert.Equal("49A38EE108D6C742E52B774F00A6EF98B106CBD13EA4FB0680323051BC04DF76E487B055C69BCF541176169F1DC9F6C8", ToHex(wrapped));
    }

    [Fact]
    public void KeyUnwrap_StandardVector_Matches()
    {
        var key = BeltKeyWrap.Unwrap(BeltH(64, 48), Hex("B5EF68D8E4A39E567153DE13D72254EE"), BeltH(160, 32));

        Assert.Equal("92632EE0C21AD9E09A39343E5C07DAA4889B03F2E6847EB152EC99F7A4D9F154", ToHex(key));
    }

    [Fact]
    public void KeyUnwrap_WrongHeader_Refused()
    {
        var wrapped = BeltKeyWrap.Wrap(BeltH(0, 32), BeltH(32, 16), Key);

        var e = Assert.Throws<CryptographicException>(() => BeltKeyWrap.Unwrap(wrapped, BeltH(33, 16), Key));
        Assert.Contains("header does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyUnwrap_DamagedData_Refused()
    {
        var wrapped = BeltKeyWrap.Wrap(BeltH(0, 32), BeltH(32, 16), Key);
        wrapped[5] ^= 1;

        Assert.Throws<CryptographicException>(() => BeltKeyWrap.Unwrap(wrapped, BeltH(32, 16), Key));
    }

    [Fact]
    public void BlockEncrypt_ShortKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltBlock.Encrypt(new byte[16], new byte[31], new byte[16]));
        Assert.Equal("key", e.ParamName);
        Assert.StartsWith("A belt key is 32 bytes; got 31.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockEncrypt_ShortBlock_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltBlock.Encrypt(new byte[15], Key, new byte[16]));
        Assert.Equal("block", e.ParamName);
        Assert.StartsWith("A belt block is 16 bytes; got 15.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockEncrypt_ShortOutput_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltBlock.Encrypt(new byte[16], Key, new byte[8]));
        Assert.Equal("output", e.ParamName);
    }

    [Fact]
    public void BlockDecrypt_ShortKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltBlock.Decrypt(new byte[16], new byte[16], new byte[16]));
        Assert.Equal("key", e.ParamName);
    }

    [Fact]
    public void WblockEncrypt_TooShort_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltWblock.Encrypt(new byte[31], Key));
        Assert.Equal("data", e.ParamName);
        Assert.StartsWith("belt-wblock needs at least 32 bytes; got 31.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WblockDecrypt_WrongKeyLength_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltWblock.Decrypt(new byte[32], new byte[33]));
        Assert.Equal("key", e.ParamName);
    }

    [Fact]
    public void HashFinish_WrongDestination_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new BeltHash().Finish(new byte[31]));
        Assert.Equal("destination", e.ParamName);
        Assert.StartsWith("A belt-hash value is 32 bytes; the destination has 31.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HashData_WrongDestination_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltHash.HashData([1, 2, 3], new byte[33]));
        Assert.Equal("destination", e.ParamName);
    }

    [Fact]
    public void Mac_WrongKeyLength_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltMac.Compute(new byte[16], [1, 2, 3]));
        Assert.Equal("key", e.ParamName);
    }

    [Fact]
    public void Mac_WrongTagLength_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltMac.Compute(Key, [1, 2, 3], new byte[4]));
        Assert.Equal("tag", e.ParamName);
        Assert.StartsWith("A belt-mac tag is 8 bytes; the destination has 4.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyWrap_ShortKey_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltKeyWrap.Wrap(new byte[15], new byte[16], Key));
        Assert.Equal("key", e.ParamName);
        Assert.StartsWith("belt-keywrap wraps keys of at least 16 bytes; got 15.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyWrap_WrongHeaderLength_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltKeyWrap.Wrap(new byte[32], new byte[15], Key));
        Assert.Equal("header", e.ParamName);
    }

    [Fact]
    public void KeyWrap_WrongWrappingKeyLength_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltKeyWrap.Wrap(new byte[32], new byte[16], new byte[16]));
        Assert.Equal("wrappingKey", e.ParamName);
    }

    [Fact]
    public void KeyUnwrap_TooShort_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BeltKeyWrap.Unwrap(new byte[31], new byte[16], Key));
        Assert.Equal("wrapped", e.ParamName);
    }
}
