using Npes.Addressing.Mailboxes;
using Npes.Addressing.Postcodes;

namespace Npes.Addressing.Tests;

public sealed class PostcodeTableTests
{
    [Theory]
    [InlineData("220030", "Минская", "Минск", true)]
    [InlineData("230025", "Гродненская", "Гродно", true)]
    [InlineData("246050", "Гомельская", "Гомель", true)]
    [InlineData("212030", "Могилёвская", "Могилёв", true)]
    [InlineData("213810", "Могилёвская", "Бобруйск", true)]
    [InlineData("210015", "Витебская", "Витебск", true)]
    [InlineData("224005", "Брестская", "Брест", true)]
    [InlineData("231700", "Гродненская", "Гродно", false)]
    [InlineData("247010", "Гомельская", "Гомель", false)]
    [InlineData("223051", "Минская", null, false)]
    [InlineData("222615", "Минская", null, false)]
    [InlineData("225001", "Брестская", null, false)]
    [InlineData("211657", "Витебская", null, false)]
    public void Lookup_BelarusianPostcode_RegionAndTown(string postcode, string region, string? town, bool namesTown)
    {
        var facts = PostcodeTable.Lookup(postcode)!;

        Assert.Equal((MailboxDirectory.AreaKey(region), town, namesTown), (facts.RegionKey, facts.Town, facts.NamesTown));
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("299999")]
    [InlineData("100000")]
    [InlineData("221000")]
    [InlineData("22003")]
    [InlineData("2200301")]
    [InlineData("22OO30")]
    public void Lookup_NotBelarusian_Null(string postcode)
    {
        Assert.Null(PostcodeTable.Lookup(postcode));
    }

    [Theory]
    [InlineData("Минск", "223051", true)]
    [InlineData("Минск", "220141", false)]
    [InlineData("Гродно", "231700", false)]
    [InlineData("Гродно", "231300", true)]
    [InlineData("Борисов", "223051", false)]
    public void IsOutsideTown_TownWithRanges_OnlyItsOwnPostcodes(string town, string postcode, bool outside)
    {
        Assert.Equal(outside, PostcodeTable.IsOutsideTown(Parsing.NameKeys.Settlement(town), postcode));
    }
}
