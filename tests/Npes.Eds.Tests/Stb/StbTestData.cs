namespace Npes.Eds.Tests.Stb;

/// <summary>Inputs of the STB test vectors: slices of the belt S-box table H and hex strings.</summary>
internal static class StbTestData
{
    /// <summary>The S-box H of STB 34.101.31, copied from the standard independently of the implementation.</summary>
    private static readonly byte[] Table = Convert.FromHexString(
        "B194BAC80A08F53B366D008E584A5DE48504FA9D1BB6C7AC252E72C202FDCE0D" +
        "5BE3D61217B96181FE6786AD716B890B5CB0C0FF33C356B835C405AED8E07F99" +
        "E12BDC1AE28257EC703FCCF095EE8DF1C1AB76389FE678CAF7C6F860D5BB9C4F" +
        "F33C657B637C306ADD4EA7799EB23D313E98B56E27D3BCCF591E181F4C5AB793" +
        "E9DEE72C8F0C0FA62DDB49F46F73964706075316ED247A3739CBA38303A98BF6" +
        "92BD9B1CE5D141015445FBC95E4D0EF2682080AA227D642F2687F93490405511" +
        "BE32971343FC9A48A02A885F194B09A17ECDA4D01544AF8CA58450BF66D2E88A" +
        "A2D7465242A8DFB36974C551EB232921D4EFD9B43A622875911410EA776CDA1D");

    /// <summary>BeltH(offset, length): bytes offset, …, offset + length − 1 of the S-box table.</summary>
    public static byte[] BeltH(int offset, int length) => Table.AsSpan(offset, length).ToArray();

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
