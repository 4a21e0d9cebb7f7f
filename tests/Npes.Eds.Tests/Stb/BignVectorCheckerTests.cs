using System.Runtime.CompilerServices;
using Npes.Eds.Stb;
using Xunit;

namespace Npes.Eds.Tests.Stb;

public sealed class BignVectorCheckerTests
{
    private const string Good = """{"alg":"bign-with-hbelt","curve":"bign-curve256v1","msg":"B194BAC80A08F53B366D008E58","hash":"ABEF9725D4C5A83597A367D14494CC2542F20F659DDFECC961A3EC550CBA8C75","d":"1F66B5B84B7339674533F0329C74F21834281FED0732429E0C79235FC273E269","pub":"BD1A5650179D79E03FCEE49D4C2BD5DDF54CE46D0CF11E4FF87BF7A890857FD07AC6A60361E8C8173491686D461B2826190C2EDA5909054A9AB84D2AB9D99A90","deterministic":true,"sig":"19D32B7E01E25BAE4A70EB6BCA42602CCA6A13944451BCC5D4C54CFD8737619C328B8A58FB9C68FD17D569F7D06495FB","valid":true}""";

    private static string VectorFile([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "vectors", "bign-vectors.jsonl");

    [Fact]
    public void Check_ReferenceVectorFile_AllPass()
    {
        var report = BignVectorChecker.Check(File.ReadLines(VectorFile()));

        Assert.Empty(report.Failures);
        Assert.Equal(4, report.Passed);
        Assert.Equal(0, report.Failed);
    }

    [Fact]
    public void CheckLine_GoodVectorLowerCaseHex_Passes()
    {
        Assert.Empty(BignVectorChecker.CheckLine(Good.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("not json", "malformed: not valid JSON")]
    [InlineData("[1,2]", "malformed: not a JSON object")]
    [InlineData("\"alg\":\"bign-with-hbelt\"", "malformed: not valid JSON")]
    public void CheckLine_NotAnObject_Malformed(string line, string expected)
    {
        Assert.StartsWith(expected, Assert.Single(BignVectorChecker.CheckLine(line)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"alg\":\"bign-with-hbelt\"", "\"alg\":\"bign-with-hspec\"", "malformed: unknown alg 'bign-with-hspec' (expected bign-with-hbelt)")]
    [InlineData("\"curve\":\"bign-curve256v1\"", "\"curve\":\"bign-curve384v1\"", "malformed: unknown curve 'bign-curve384v1' (expected bign-curve256v1)")]
    [InlineData("\"hash\":\"ABEF", "\"hash\":\"ZZEF", "malformed: \"hash\" is not valid hex")]
    [InlineData("\"hash\":\"ABEF", "\"hash\":\"ABE", "malformed: \"hash\" is not valid hex")]
    [InlineData("\"sig\":\"19D3", "\"sig\":\"", "malformed: \"sig\" has 46 bytes, expected 48")]
    [InlineData("\"pub\":\"BD", "\"pub\":\"", "malformed: \"pub\" has 63 bytes, expected 64")]
    [InlineData("\"d\":\"1F", "\"d\":\"", "malformed: \"d\" has 31 bytes, expected 32")]
    [InlineData("\"valid\":true", "\"valid\":\"true\"", "malformed: \"valid\" is not true or false")]
    [InlineData("\"deterministic\":true,", "", "malformed: \"deterministic\" is missing")]
    [InlineData("\"msg\":\"B194BAC80A08F53B366D008E58\",", "", "malformed: \"msg\" is missing")]
    [InlineData("\"msg\":\"B194BAC80A08F53B366D008E58\"", "\"msg\":42", "malformed: \"msg\" is not a hex string")]
    public void CheckLine_BrokenField_MalformedWithReason(string find, string replace, string expected)
    {
        var line = Good.Replace(find, replace, StringComparison.Ordinal);

        Assert.Equal(expected, Assert.Single(BignVectorChecker.CheckLine(line)));
    }

    [Fact]
    public void CheckLine_WrongHash_ReportsHashAndVerification()
    {
        var line = Good.Replace("\"msg\":\"B194BAC80A08F53B366D008E58\"", "\"msg\":\"B194BAC80A08F53B366D008E59\"", StringComparison.Ordinal);

        Assert.Equal(["hash is not belt-hash(msg)"], BignVectorChecker.CheckLine(line));
    }

    [Fact]
    public void CheckLine_ValidFlagWrong_Reported()
    {
        var line = Good.Replace("\"valid\":true", "\"valid\":false", StringComparison.Ordinal);

        Assert.Equal(["sig verifies under pub, but valid is false"], BignVectorChecker.CheckLine(line));
    }

    [Fact]
    public void CheckLine_OtherD_ReportsPubAndResigning()
    {
        var line = Good.Replace("\"d\":\"1F", "\"d\":\"2F", StringComparison.Ordinal);

        Assert.Equal(["pub is not d·G", "deterministic signing of hash with d and t does not reproduce sig"], BignVectorChecker.CheckLine(line));
    }

    [Fact]
    public void CheckLine_DOutOfRange_Reported()
    {
        var line = Good.Replace("1F66B5B84B7339674533F0329C74F21834281FED0732429E0C79235FC273E269", new string('F', 64), StringComparison.Ordinal);

        Assert.Equal(["d is not in (0, q)"], BignVectorChecker.CheckLine(line));
    }

    [Fact]
    public void CheckLine_DeterministicWithoutD_Reported()
    {
        var line = Good.Replace("\"d\":\"1F66B5B84B7339674533F0329C74F21834281FED0732429E0C79235FC273E269\",", string.Empty, StringComparison.Ordinal);

        Assert.Equal(["a valid deterministic vector needs d to re-sign"], BignVectorChecker.CheckLine(line));
    }

    [Fact]
    public void CheckLine_DeterministicWithOtherT_Reported()
    {
        var line = Good.Replace("\"deterministic\":true", "\"t\":\"00\",\"deterministic\":true", StringComparison.Ordinal);

        Assert.Equal(["deterministic signing of hash with d and t does not reproduce sig"], BignVectorChecker.CheckLine(line));
    }

    [Fact]
    public void Check_BlankLinesAndFailures_CountedByLine()
    {
        var report = BignVectorChecker.Check([Good, string.Empty, "  ", "{}", Good]);

        Assert.Equal(2, report.Passed);
        Assert.Equal(1, report.Failed);
        Assert.Equal(new BignVectorFailure(4, "malformed: \"alg\" is missing"), Assert.Single(report.Failures));
    }
}
