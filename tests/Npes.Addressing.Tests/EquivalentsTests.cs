using Npes.Addressing.Mailboxes;
using Npes.Addressing.Names;
using Npes.Addressing.Text;

namespace Npes.Addressing.Tests;

public sealed class EquivalentsTests
{
    public static TheoryData<string, string> Words => Pairs(Equivalents.Words);

    // The datives (Вользе) are not names of their own.
    public static TheoryData<string, string> GivenNames => Pairs(Equivalents.GivenNames.Where(p => !p.Belarusian.EndsWith("зе", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Words))]
    public void StreetKey_BelarusianAndRussianWord_Meet(string belarusian, string russian)
    {
        Assert.Equal(MailboxDirectory.StreetKey(russian), MailboxDirectory.StreetKey(belarusian));
    }

    [Theory]
    [MemberData(nameof(GivenNames))]
    public void Fit_BelarusianGivenName_FitsRussianOwner(string belarusian, string russian)
    {
        var owner = new OwnerName(MailboxKind.Person, "Сидоренко " + russian, null);

        Assert.Equal(NameFit.Full, owner.Fit(ParsedName.Parse("Сідарэнка " + belarusian)));
    }

    [Theory]
    [InlineData("Шаўчук Вольга", "Шевчук Ольга Петровна")]
    [InlineData("Зайцаў Максім", "Зайцев Максим Олегович")]
    [InlineData("Лукашэвіч Т. У.", "Лукашевич Татьяна Владимировна")]
    [InlineData("Пятровай Вользе", "Петрова Ольга Николаевна")]
    [InlineData("Кавальчук Наталлі", "Ковальчук Наталья Петровна")]
    [InlineData("PIATROVA VOLHA", "Петрова Ольга Николаевна")]
    [InlineData("KATSIARYNA MATSKEVICH", "Мацкевич Екатерина Дмитриевна")]
    [InlineData("YAUHENI PRAKAPOVICH", "Прокопович Евгений Викторович")]
    public void Fit_BelarusianOrPassportForm_Fits(string written, string owner)
    {
        Assert.NotEqual(NameFit.None, new OwnerName(MailboxKind.Person, owner, null).Fit(ParsedName.Parse(written)));
    }

    private static TheoryData<string, string> Pairs(IEnumerable<(string Belarusian, string Russian)> pairs)
    {
        var data = new TheoryData<string, string>();
        foreach (var (belarusian, russian) in pairs)
        {
            data.Add(belarusian, russian);
        }

        return data;
    }

    [Theory]
    [InlineData("Алёна Шевчук", "Шевчук Елена Ивановна")]
    [InlineData("Иванов Я.И.", "Иванов Иван Иванович")]
    [InlineData("Іваноў У. І.", "Иванов Иван Иванович")]
    public void Fit_OtherName_None(string written, string owner)
    {
        Assert.Equal(NameFit.None, new OwnerName(MailboxKind.Person, owner, null).Fit(ParsedName.Parse(written)));
    }
}
