using Npes.Addressing.Names;

namespace Npes.Addressing.Tests;

public sealed class NameMatchingTests
{
    [Theory]
    [InlineData("Иванов Иван Иванович")]
    [InlineData("иван иванович ИВАНОВ")]
    [InlineData("Иванов Иван")]
    [InlineData("Іваноў Іван Іванавіч")]
    [InlineData("Ivanou Ivan")]
    [InlineData("Ivanov Ivan Ivanovich")]
    [InlineData("Иванову Ивану Ивановичу")]
    [InlineData("Кому: гр. Иванову Ивану")]
    public void Fit_PersonWrittenAnotherWay_Full(string written)
    {
        var owner = new OwnerName(MailboxKind.Person, "Иванов Иван Иванович", null);

        Assert.Equal(NameFit.Full, owner.Fit(ParsedName.Parse(written)));
    }

    [Theory]
    [InlineData("Иванов И.И.")]
    [InlineData("И. И. Иванов")]
    [InlineData("Иванов И.")]
    [InlineData("Иванов Иван И.")]
    public void Fit_Initials_Initials(string written)
    {
        var owner = new OwnerName(MailboxKind.Person, "Иванов Иван Иванович", null);

        Assert.Equal(NameFit.Initials, owner.Fit(ParsedName.Parse(written)));
    }

    [Theory]
    [InlineData("Иванов")]
    [InlineData("Иванов Игорь Иванович")]
    [InlineData("Иванов И.П.")]
    [InlineData("Иванов П.И.")]
    [InlineData("Иванова Ивана")]
    [InlineData("Иванов Иван Петрович")]
    [InlineData("Петров Иван Иванович")]
    [InlineData("Иванов Иван Иванович младший")]
    [InlineData("ООО Иванов Иван")]
    public void Fit_AnotherPerson_None(string written)
    {
        var owner = new OwnerName(MailboxKind.Person, "Иванов Иван Иванович", null);

        Assert.Equal(NameFit.None, owner.Fit(ParsedName.Parse(written)));
    }

    [Theory]
    [InlineData("Дзмітрый Аляксандравіч Каваленка")]
    [InlineData("Kavalenka Dzmitry")]
    [InlineData("Коваленко Дмитрию")]
    public void Fit_BelarusianAndLatinGivenNames_Full(string written)
    {
        var owner = new OwnerName(MailboxKind.Person, "Коваленко Дмитрий Александрович", null);

        Assert.Equal(NameFit.Full, owner.Fit(ParsedName.Parse(written)));
    }

    [Fact]
    public void Fit_OwnerRegisteredGivenNameFirst_StillMatches()
    {
        var owner = new OwnerName(MailboxKind.Person, "Анна Сергеевна Петрова", null);

        Assert.Equal(NameFit.Full, owner.Fit(ParsedName.Parse("Петрова Анна")));
    }

    [Theory]
    [InlineData("ОАО «Белагропромбанк»", true)]
    [InlineData("ОАО \"Белагропромбанк\"", true)]
    [InlineData("Белагропромбанк", true)]
    [InlineData("Открытое акционерное общество «Белагропромбанк»", true)]
    [InlineData("ААТ «Белаграпромбанк»", true)]
    [InlineData("Belagroprombank OJSC", true)]
    [InlineData("ООО «Белагропромбанк»", false)]
    [InlineData("ОАО «Беларусбанк»", false)]
    [InlineData("ОАО «Белагропромбанк» филиал", false)]
    public void Fit_Organisation_ByLegalFormAndName(string written, bool fits)
    {
        var owner = new OwnerName(MailboxKind.Organisation, "ОАО «Белагропромбанк»", "100693551");

        Assert.Equal(fits ? NameFit.Full : NameFit.None, owner.Fit(ParsedName.Parse(written)));
    }

    [Fact]
    public void Parse_UnpInName_TakenOut()
    {
        var name = ParsedName.Parse("ООО «Ромашка», УНП 190000001");

        Assert.Equal(("190000001", "ООО", "ramashka"), (name.Unp, name.LegalForm, name.CoreKey));
    }

    [Fact]
    public void Fit_EntrepreneurByPersonName_Matches()
    {
        var owner = new OwnerName(MailboxKind.Organisation, "ИП Сидорук Павел Андреевич", "191234567");

        Assert.Equal(NameFit.Initials, owner.Fit(ParsedName.Parse("Сидорук П.А.")));
    }
}
