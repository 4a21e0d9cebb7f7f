using Npes.Addressing.Model;
using Npes.Addressing.Parsing;

namespace Npes.Addressing.Tests;

public sealed class AddressParserTests
{
    private readonly AddressParser _parser = new();

    [Theory]
    [InlineData("220004, г. Минск, пр-т Победителей, д. 1, кв. 12", "220004|Минск|Avenue|Победителей|1||12")]
    [InlineData("Минск, ул. Ленина 65-12", "|Минск|Street|Ленина|65||12")]
    [InlineData("ул. Ленина, 5 к2 кв7, г. Брест, 224000", "224000|Брест|Street|Ленина|5|2|7")]
    [InlineData("г.Гомель,ул.Советская,д.5а,кв.3", "|Гомель|Street|Советская|5А||3")]
    [InlineData("Минск Ленина 5/2", "|Минск||Ленина|5/2||")]
    [InlineData("г. Минск Ленина 5", "|Минск||Ленина|5||")]
    [InlineData("Minsk, vul. Niezaliežnasci 4-12", "|Minsk|Street|Niezaliežnasci|4||12")]
    [InlineData("Независимости пр-т, 4, Минск", "|Минск|Avenue|Независимости|4||")]
    [InlineData("Мінск, вул. Янкі Купалы, 5 А, кв. 7", "|Мінск|Street|Янкі Купалы|5А||7")]
    [InlineData("ул. К. Маркса 10, Гродно", "|Гродно|Street|К Маркса|10||")]
    [InlineData("Минская обл., Минский р-н, аг. Ждановичи, ул. Высокая, 5", "|Ждановичи|Street|Высокая|5||")]
    [InlineData("д. Новоселки, 12", "|Новоселки|||12||")]
    [InlineData("г. Минск, ул. Сурганова, д. 5, корп. 1, оф. 305", "|Минск|Street|Сурганова|5|1|305")]
    [InlineData("220030, г. Минск, ул. Кирова, 8, пом. 1н", "220030|Минск|Street|Кирова|8||1Н")]
    [InlineData("Республика Беларусь, 246050, Гомель, ул. Советская, 10", "246050|Гомель|Street|Советская|10||")]
    [InlineData("Mahilioŭ, prasp. Mira 20-5", "|Mahilioŭ|Avenue|Mira|20||5")]
    [InlineData("г. Минск, 2-й пер. Тучинский, 3", "|Минск|Lane|2-й Тучинский|3||")]
    [InlineData("г. Гомель, ул. 50 лет Победы, 7-21", "|Гомель|Street|50 лет Победы|7||21")]
    [InlineData("Брест, ул. 17 Сентября, д. 3", "|Брест|Street|17 Сентября|3||")]
    [InlineData("Минская обл., Пуховичский р-н, г.п. Смиловичи, ул. Ленина, 5", "|Смиловичи|Street|Ленина|5||")]
    [InlineData("Минск, пр. Победителей 62-2-15", "|Минск|Avenue|Победителей|62|2|15")]
    [InlineData("ул. Гурского, 168 к1-77, Минск", "|Минск|Street|Гурского|168|1|77")]
    [InlineData("Минск, Уручская 9 к3 кв 44", "|Минск||Уручская|9|3|44")]
    [InlineData("Минск, Гурского 168к1кв77", "|Минск||Гурского|168|1|77")]
    [InlineData("Брест, 8 Марта ул., 3", "|Брест|Street|8 Марта|3||")]
    [InlineData("Гомель, 50 лет Победы ул., д. 7, кв. 21", "|Гомель|Street|50 лет Победы|7||21")]
    [InlineData("4 Nezavisimosti Ave., apt. 12, Minsk 220030, Republic of Belarus", "220030|Minsk|Avenue|Nezavisimosti|4||12")]
    [InlineData("Minsk city, Nezavisimosti ave. 4-12", "|Minsk|Avenue|Nezavisimosti|4||12")]
    [InlineData("220030 Minsk Nezavisimosti Avenue 4 apt 12", "220030|Minsk|Avenue|Nezavisimosti|4||12")]
    [InlineData("Минск г., пр. Независимости, 4-12", "|Минск|Avenue|Независимости|4||12")]
    [InlineData("г. Минск, пр-т Независимости, 4, кв. 12, 2-й подъезд, этаж 3", "|Минск|Avenue|Независимости|4||12")]
    [InlineData("Гродно, м-н Девятовка, 14-88", "|Гродно|Microdistrict|Девятовка|14||88")]
    public void Parse_RealisticText_Components(string text, string expected)
    {
        var result = _parser.Parse(text);

        Assert.True(result.Succeeded, result.Error);
        var a = result.Address!;
        Assert.Equal(expected, string.Join('|', a.Postcode, a.Settlement, a.StreetType, a.Street, a.House, a.Building, a.Unit));
        Assert.Empty(result.Unrecognised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello world")]
    [InlineData("!!!")]
    public void Parse_NotAnAddress_Error(string text)
    {
        var result = _parser.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Null(result.Address);
    }

    [Fact]
    public void Parse_TooLong_Error()
    {
        var result = _parser.Parse("г. Минск, ул. Ленина, " + new string('5', 600));

        Assert.False(result.Succeeded);
        Assert.Contains("500", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecondHouseNumber_Unrecognised()
    {
        var result = _parser.Parse("г. Минск, ул. Ленина, 65, 12");

        Assert.True(result.Succeeded);
        Assert.Equal(["12"], result.Unrecognised);
    }

    [Fact]
    public void Parse_RegionDistrictSelsovet_Components()
    {
        var result = _parser.Parse("223049, Минская обл., Минский р-н, Ждановичский с/с, аг. Ждановичи, ул. Высокая, д. 5");

        var a = result.Address!;
        Assert.Equal(("Минская", "Минский", "Ждановичский", SettlementType.Agrotown), (a.Region, a.District, a.Selsovet, a.SettlementType));
    }

    [Fact]
    public void Parse_CompactHouseCorpusFlat_AlsoReadsAsFractionHouse()
    {
        var result = _parser.Parse("Минск, ул. Ложинская, 65-1-2");

        var alternative = Assert.Single(result.Alternatives);
        Assert.Equal(("65", "1", "2"), (result.Address!.House, result.Address.Building, result.Address.Unit));
        Assert.Equal(("65/1", (string?)null, "2"), (alternative.House, alternative.Building, alternative.Unit));
    }

    [Theory]
    [InlineData("Минск, ул. Ложинская, 65 к1 кв2")]
    [InlineData("Минск, ул. Ложинская, 65/1-2")]
    [InlineData("Минск, ул. Ложинская, 65А-1-2")]
    public void Parse_ExplicitHouseForm_OneReading(string text)
    {
        Assert.Empty(_parser.Parse(text).Alternatives);
    }

    [Fact]
    public void Parse_EntranceAndFloor_SetAside()
    {
        var result = _parser.Parse("г. Минск, пр-т Независимости, 4, кв. 12, подъезд 2, эт. 3, 5 этаж");

        Assert.Empty(result.Unrecognised);
        Assert.Equal(["подъезд 2", "эт 3", "5 этаж"], result.Ignored);
    }
}
