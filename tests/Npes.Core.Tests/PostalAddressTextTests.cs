using Npes.Core.Errors;
using Npes.Core.Mailboxes;

namespace Npes.Core.Tests;

public sealed class PostalAddressTextTests
{
    [Theory]
    [InlineData("220030, г. Минск, ул. Интернациональная, д. 10, кв. 5", "220030 г минск ул интернациональная д 10 кв 5")]
    [InlineData("  г.Минск,  ул. Серафимовича  11  ", "г минск ул серафимовича 11")]
    [InlineData("Гомель, ул. Пушкина, д.5/2", "гомель ул пушкина д 5 2")]
    [InlineData("ул. Ёлочная, 3", "ул елочная 3")]
    [InlineData("MINSK, vul. Niezaliežnasci 4", "minsk vul niezaliežnasci 4")]
    public void Parse_NoisyText_NormalisesForMatching(string text, string expected)
    {
        var address = PostalAddressText.Parse(text);

        Assert.Equal(expected, address.Normalized);
        Assert.Equal(text.Trim(), address.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",.;-")]
    [InlineData("ул. Ленина\u0000 1")]
    public void Parse_EmptyOrControl_RefusedAsInvalidAddress(string? text)
    {
        var error = Assert.Throws<NpesException>(() => PostalAddressText.Parse(text));

        Assert.Equal("npes.mailbox.address_invalid", error.Error.Code);
    }

    [Fact]
    public void Parse_LongerThanLimit_Refused()
    {
        var error = Assert.Throws<NpesException>(() => PostalAddressText.Parse(new string('д', PostalAddressText.MaxLength + 1)));

        Assert.Contains("at most 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AtLimit_Accepted()
    {
        var address = PostalAddressText.Parse(new string('д', PostalAddressText.MaxLength));

        Assert.Equal(PostalAddressText.MaxLength, address.Normalized.Length);
    }
}
