using Npes.Addressing.Text;

namespace Npes.Addressing.Tests;

public sealed class FoldTests
{
    [Theory]
    [InlineData("Могилёв", "Магілёў", "Mahilioŭ", "Mogilev")]
    [InlineData("Гродно", "Гродна", "Hrodna", "Grodno")]
    [InlineData("Советская", "Савецкая", "Savieckaja", "Sovetskaya")]
    [InlineData("Иванов", "Іваноў", "Ivanou", "Ivanov")]
    [InlineData("Кальварийская", "Кальварыйская", "Kaĺvaryjskaja", "Kalvariyskaya")]
    [InlineData("Сергеевна", "Сяргееўна", "Siarhiejeŭna", "Sergeevna")]
    public void Key_SpellingsOfOneName_Equal(string russian, string belarusian, string national, string russianLatin)
    {
        var key = Fold.Key(russian);

        Assert.Equal([key, key, key], new[] { Fold.Key(belarusian), Fold.Key(national), Fold.Key(russianLatin) });
    }

    [Theory]
    [InlineData("Минск", "Пинск")]
    [InlineData("Иванов", "Иванова")]
    [InlineData("Ленина", "Ленинская")]
    public void Key_DifferentNames_Differ(string a, string b)
    {
        Assert.NotEqual(Fold.Key(a), Fold.Key(b));
    }

    [Fact]
    public void Normalize_NoiseAndLetters_Folded()
    {
        Assert.Equal("г минск ул независимости 4 кв 12", Fold.Normalize("  Г.МИНСК,,ул.Незави́симости — 4/кв.12 "));
        Assert.Equal("ежик у иней", Fold.Normalize("Ёжик ў іней"));
    }

    [Theory]
    [InlineData("купалы", "куаплы", true)]
    [InlineData("ленина", "леина", true)]
    [InlineData("ленина", "лениная", true)]
    [InlineData("ленина", "ленинa", true)]
    [InlineData("ленина", "лунина", true)]
    [InlineData("ленина", "ленинская", false)]
    [InlineData("ленина", "нилена", false)]
    public void AtMostOne_Typos(string a, string b, bool expected)
    {
        Assert.Equal(expected, Distance.AtMostOne(a, b));
        Assert.Equal(expected, Distance.AtMostOne(b, a));
    }
}
