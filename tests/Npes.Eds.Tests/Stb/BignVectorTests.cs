using Npes.Eds.Stb;
using Xunit;
using static Npes.Eds.Tests.Stb.StbTestData;

namespace Npes.Eds.Tests.Stb;

/// <summary>bign (STB 34.101.45) on bign-curve256v1 against every vector of the reference and the draft.</summary>
public sealed class BignVectorTests
{
    internal const string D = "1F66B5B84B7339674533F0329C74F21834281FED0732429E0C79235FC273E269";
    internal const string Q = "BD1A5650179D79E03FCEE49D4C2BD5DDF54CE46D0CF11E4FF87BF7A890857FD07AC6A60361E8C8173491686D461B2826190C2EDA5909054A9AB84D2AB9D99A90";
    internal const string H13 = "ABEF9725D4C5A83597A367D14494CC2542F20F659DDFECC961A3EC550CBA8C75";
    internal const string H48 = "9D02EE446FB6A29FE5C982D4B13AF9D3E90861BC4CEF27CF306BFB0B174A154A";

    [Fact]
    public void GetPublicKey_StandardKey_MatchesQ()
    {
        Assert.Equal(Q, ToHex(Bign.GetPublicKey(Hex(D))));
    }

    [Fact]
    public void IsValidPublicKey_StandardKey_True()
    {
        Assert.True(Bign.IsValidPublicKey(Hex(Q)));
    }

    [Theory]
    [InlineData("4C0E74B2CD5811AD21F23DE7E0FA742C3ED6EC483C461CE15C33A77AA308B7D2", "CCEEF1A313A406649D15DA0A851D486A695B641B20611776252FFDCE39C710607C9EA1F33C23D20DFCB8485A88BE6523A28ECC3215B47FA289D6C9BE1CE837C0")]
    [InlineData("0A4E8298BE0839E46F19409F637F4415572251DD0D39284F0F0390D93BBCE9EC", "1D5A382B962D4ED06193258CA6DE535D8FD7FACB853171E932EF93B5EE80012003DBB7B5BD07036380BAFA47FCA7E6CA3F179EDDD1AE5086647909183628EDDC")]
    [InlineData("0F51D91347617C20BD4AB07AEF4F26A1AD1362A8F9A3D42FBE1B8E6F1C88AAD5", "9B4EA669DABDF100A7D4B6E6EB76EE5251912531F426750AAC8A9DBB51C54D8D6AB7DBF15FCBD768EE68A173F7B236EFC15A01E2AA6CD1FE98B947DA7B38A2A0")]
    public void MulBase_EphemeralKeysOfTheVectors_GiveR(string k, string r)
    {
        Assert.Equal(r, ToHex(Bign.GetPublicKey(Hex(k))));
    }

    [Fact]
    public void SignWithK_StandardVector_Matches()
    {
        var hash = BeltHash.HashData(BeltH(0, 13));
        var signature = new byte[48];

        Bign.SignWithK(hash, Hex(D), Hex("4C0E74B2CD5811AD21F23DE7E0FA742C3ED6EC483C461CE15C33A77AA308B7D2"), signature);

        Assert.Equal(H13, ToHex(hash));
        Assert.Equal("E36B7F0377AE4C524027C387FADF1B20CE72F1530B71F2B5FD3A8C584FE2E1AED20082E30C8AF65011F4FB54649DFD3D", ToHex(signature));
    }

    [Fact]
    public void SignWithK_VerifyVectorK_ReproducesVerifyVectorSignature()
    {
        var signature = new byte[48];

        Bign.SignWithK(Hex(H48), Hex(D), Hex("0A4E8298BE0839E46F19409F637F4415572251DD0D39284F0F0390D93BBCE9EC"), signature);

        Assert.Equal("47A63C8B9C936E94B5FAB3D9CBD78366290F3210E163EEC8DB4E921E8479D4138F112CC23E6DCE65EC5FF21DF4231C28", ToHex(signature));
    }

    [Theory]
    [InlineData(H13, "E36B7F0377AE4C524027C387FADF1B20CE72F1530B71F2B5FD3A8C584FE2E1AED20082E30C8AF65011F4FB54649DFD3D")]
    [InlineData(H48, "47A63C8B9C936E94B5FAB3D9CBD78366290F3210E163EEC8DB4E921E8479D4138F112CC23E6DCE65EC5FF21DF4231C28")]
    [InlineData(H13, "19D32B7E01E25BAE4A70EB6BCA42602CCA6A13944451BCC5D4C54CFD8737619C328B8A58FB9C68FD17D569F7D06495FB")]
    [InlineData(H48, "2A0EF24BA62D63A334103F470DC755EB2C51BA3D57AA4EFED561761904F9399E0FF61804FB46ECA174E1DDD9E55E2564")]
    public void Verify_StandardSignatures_Valid(string hash, string signature)
    {
        Assert.True(Bign.Verify(Hex(hash), Hex(signature), Hex(Q)));
    }

    [Fact]
    public void Verify_SignatureOfOtherHash_Invalid()
    {
        Assert.False(Bign.Verify(Hex(H13), Hex("47A63C8B9C936E94B5FAB3D9CBD78366290F3210E163EEC8DB4E921E8479D4138F112CC23E6DCE65EC5FF21DF4231C28"), Hex(Q)));
    }

    [Theory]
    [InlineData(H13, "", "829614D8411DBBC4E1F2471A4004586440FD8C9553FAB6A1A45CE417AE97111E")]
    [InlineData(H48, "BE32971343FC9A48A02A885F194B09A17ECDA4D01544AF", "7ADC8713283EBFA547A2AD9CDFB245AE0F7B968DF0F91CB785D1F932A3583107")]
    public void GenerateK_StandardVectors_Match(string hash, string extra, string k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        var bytes = new byte[32];

        Bign.GenerateK(Hex(D), Hex(hash), Hex(extra), limbs);
        Zq.ToBytes(limbs, bytes);

        Assert.Equal(k, ToHex(bytes));
    }

    [Fact]
    public void SignDeterministic_EmptyExtra_MatchesStandard()
    {
        var signature = Bign.SignDeterministic(BeltHash.HashData(BeltH(0, 13)), Hex(D));

        Assert.Equal("19D32B7E01E25BAE4A70EB6BCA42602CCA6A13944451BCC5D4C54CFD8737619C328B8A58FB9C68FD17D569F7D06495FB", ToHex(signature));
    }

    [Fact]
    public void SignDeterministic_WithExtra_MatchesStandard()
    {
        var signature = Bign.SignDeterministic(BeltHash.HashData(BeltH(0, 48)), Hex(D), BeltH(192, 23));

        Assert.Equal("2A0EF24BA62D63A334103F470DC755EB2C51BA3D57AA4EFED561761904F9399E0FF61804FB46ECA174E1DDD9E55E2564", ToHex(signature));
    }
}
