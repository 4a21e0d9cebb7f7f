using Npes.Addressing.Names;

namespace Npes.Addressing.Tests;

public sealed class UnpNumberTests
{
    /// <summary>
    /// УНП published by their holders, as collected in the test data of python-stdnum (stdnum/by/unp.py and
    /// tests/test_by_unp.doctest): organisations (nine digits) and an individual entrepreneur (two letters).
    /// </summary>
    [Theory]
    [InlineData("100217336")]
    [InlineData("100693551")]
    [InlineData("100864035")]
    [InlineData("101288529")]
    [InlineData("101541947")]
    [InlineData("190658169")]
    [InlineData("190960352")]
    [InlineData("191453533")]
    [InlineData("191682495")]
    [InlineData("191767445")]
    [InlineData("191827058")]
    [InlineData("192035780")]
    [InlineData("192345153")]
    [InlineData("192988109")]
    [InlineData("200019773")]
    [InlineData("200988541")]
    [InlineData("290380347")]
    [InlineData("400051902")]
    [InlineData("490127567")]
    [InlineData("500037201")]
    [InlineData("591705582")]
    [InlineData("690314863")]
    [InlineData("691631805")]
    [InlineData("791022114")]
    [InlineData("MA1953684")]
    public void IsValid_PublishedNumber_True(string unp)
    {
        Assert.True(UnpNumber.IsValid(UnpNumber.Normalize(unp)!));
    }

    [Theory]
    [InlineData("200988542")]
    [InlineData("100693552")]
    [InlineData("MA1953685")]
    [InlineData("711953681")]
    public void IsValid_WrongCheckDigit_False(string unp)
    {
        Assert.False(UnpNumber.IsValid(UnpNumber.Normalize(unp)!));
    }

    [Fact]
    public void CheckDigit_SumLeavesTen_NoNumber()
    {
        // 7·29 + 1·23 + 1·19 + 9·17 + 5·13 + 3·7 + 6·5 + 8·3 = 538 = 48·11 + 10.
        Assert.Null(UnpNumber.CheckDigit("71195368"));
    }

    [Theory]
    [InlineData("УНП 591705582", "591705582")]
    [InlineData("UNP 591705582", "591705582")]
    [InlineData("591 705 582", "591705582")]
    [InlineData("МА1953684", "MA1953684")]
    [InlineData("ma1953684", "MA1953684")]
    [InlineData("УНП: МА 195 3684", "MA1953684")]
    public void Normalize_WrittenForms_OneForm(string written, string expected)
    {
        Assert.Equal(expected, UnpNumber.Normalize(written));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567890")]
    [InlineData("991705588")]
    [InlineData("5917DDD82")]
    [InlineData("M01953684")]
    [InlineData("7A1953689")]
    [InlineData("ZZ1953684")]
    public void Normalize_NotTheShape_Null(string written)
    {
        Assert.Null(UnpNumber.Normalize(written));
    }
}
