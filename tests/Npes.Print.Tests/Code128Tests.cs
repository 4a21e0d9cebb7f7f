using Npes.Print.Rendering;

namespace Npes.Print.Tests;

public sealed class Code128Tests
{
    [Fact]
    public void Patterns_AreTheIsoTable()
    {
        var patterns = Enumerable.Range(0, 107).Select(Code128.Pattern).ToList();

        Assert.All(patterns.Take(106), p => Assert.Equal(11, p.Sum(c => c - '0')));
        Assert.Equal(13, patterns[106].Sum(c => c - '0'));
        Assert.Equal(107, patterns.Distinct().Count());
        Assert.Equal("212222", patterns[0]);
        Assert.Equal("211214", patterns[104]);
        Assert.Equal("2331112", patterns[106]);
    }

    [Fact]
    public void EncodeValues_S10_UsesCodeSetCForTheDigitRun()
    {
        var values = Code128.EncodeValues("RR123456785BY");

        // Start B, R, R, 1 (B), Code C, 23 45 67 85, Code B, B, Y, checksum, stop.
        int[] data = [104, 50, 50, 17, 99, 23, 45, 67, 85, 100, 34, 57];
        Assert.Equal(data, values.Take(data.Length));
        var checksum = data.Select((v, i) => i == 0 ? v : v * i).Sum() % 103;
        Assert.Equal([checksum, 106], values.Skip(data.Length));
    }

    [Theory]
    [InlineData("12", new[] { 105, 12 })]
    [InlineData("123", new[] { 104, 17, 18, 19 })]
    [InlineData("12345", new[] { 104, 17, 99, 23, 45 })]
    [InlineData("AB12", new[] { 104, 33, 34, 17, 18 })]
    [InlineData("AB1234", new[] { 104, 33, 34, 99, 12, 34 })]
    [InlineData("1234AB", new[] { 105, 12, 34, 100, 33, 34 })]
    public void EncodeValues_ChoosesCodeSets(string text, int[] expected)
    {
        var values = Code128.EncodeValues(text);

        Assert.Equal(expected, values.Take(expected.Length));
        Assert.Equal(expected.Length + 2, values.Count);
    }

    [Fact]
    public void Encode_ReturnsModuleWidthsBarFirst()
    {
        var widths = Code128.Encode("RR123456785BY");

        Assert.Equal((Code128.EncodeValues("RR123456785BY").Count * 6) + 1, widths.Length);
        Assert.Equal([2, 1, 1, 2, 1, 4], widths.Take(6)); // start B
        Assert.Equal([2, 3, 3, 1, 1, 1, 2], widths.TakeLast(7)); // stop
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ё")]
    [InlineData("tab\t")]
    public void Encode_Unencodable_Throws(string text)
    {
        Assert.Throws<ArgumentException>(() => Code128.Encode(text));
    }
}
