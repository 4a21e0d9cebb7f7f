using Microsoft.Extensions.Options;
using Npes.Core.Time;
using Npes.Notifications.Contacts;
using Npes.Notifications.Content;
using Npes.Notifications.Outbox;
using Npes.Notifications.Sending;

namespace Npes.Notifications.Tests;

/// <summary>The notices' wording, the contact points' forms and the quiet hours, without a server.</summary>
public sealed class ContentTests
{
    private static readonly NoticeTemplates Templates = new();

    public static TheoryData<string, string, bool> Notices()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var language in NoticeLanguages.All)
        {
            data.Add(language, "arrival", true);
            data.Add(language, "arrival", false);
            data.Add(language, "reminder", true);
            data.Add(language, "reminder", false);
            data.Add(language, "deadline", true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Notices))]
    public void Letter_EveryLanguageAndKind_CarriesS10WithoutLinksOrPlaceholders(string language, string kind, bool registered)
    {
        var deadline = registered ? new DateTimeOffset(2026, 12, 24, 23, 59, 0, TimeSpan.FromHours(3)) : (DateTimeOffset?)null;

        var notice = Templates.Letter(language, kind, registered, "RR000000017BY", deadline, null);

        foreach (var text in new[] { notice.Subject, notice.Text, notice.Html, notice.Sms })
        {
            Assert.DoesNotContain("http", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("www.", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        }

        Assert.Contains("RR000000017BY", notice.Text, StringComparison.Ordinal);
        Assert.Contains("RR000000017BY", notice.Sms, StringComparison.Ordinal);
        Assert.DoesNotContain("<a", notice.Html, StringComparison.OrdinalIgnoreCase);
        Assert.True(notice.Sms.Length <= 160, notice.Sms);
        if (registered)
        {
            Assert.Contains("24.12.2026", notice.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Letter_SenderShown_NamedAndHtmlEncoded()
    {
        var notice = Templates.Letter("en", "arrival", false, "RR000000017BY", null, "ОАО <Банк> & Co");

        Assert.Contains("Sender: ОАО <Банк> & Co.", notice.Text, StringComparison.Ordinal);
        Assert.Contains("ОАО &lt;Банк&gt; &amp; Co", notice.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextBeforeSection_Refused() =>
        Assert.Throws<InvalidOperationException>(() => NoticeTemplates.Parse("stray\n[a]\nb\n", "xx"));

    [Theory]
    [InlineData("sms", "+375 (29) 123-45-67", "+375291234567")]
    [InlineData("email", "  Ivan.Petrov@Example.BY ", "Ivan.Petrov@example.by")]
    public void Normalize_ValidAddress_StoredForm(string channel, string input, string expected) =>
        Assert.Equal(expected, ContactPoints.Normalize(channel, input));

    [Theory]
    [InlineData("sms", "375291234567")]
    [InlineData("sms", "+375 29 12")]
    [InlineData("sms", "+0123456789")]
    [InlineData("email", "Ivan <ivan@example.by>")]
    [InlineData("email", "ivan@example.by\r\nBcc: x@y.by")]
    [InlineData("email", "ivan@localhost")]
    [InlineData("email", "@example.by")]
    [InlineData("email", "")]
    public void Normalize_Invalid_Refused(string channel, string input) =>
        Assert.Equal("npes.contacts.invalid", Assert.Throws<Npes.Core.Errors.NpesException>(() => ContactPoints.Normalize(channel, input)).Error.Code);

    [Fact]
    public void Normalize_OverlongEmail_Refused() =>
        Assert.Throws<Npes.Core.Errors.NpesException>(() => ContactPoints.Normalize("email", new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".by"));

    [Theory]
    [InlineData("email", "ivan@example.by", "i***@e***.by")]
    [InlineData("sms", "+375291234567", "+375******567")]
    public void Mask_Destination_HidesMostOfIt(string channel, string address, string expected) =>
        Assert.Equal(expected, ContactPoints.Mask(channel, address));

    [Fact]
    public void Code_SixDigitsCheckedInConstantFormOnly()
    {
        var id = Guid.NewGuid();
        var code = ContactPoints.NewCode();
        var stored = ContactPoints.Hash(id, code);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.True(ContactPoints.Matches(id, " " + code + " ", stored));
        Assert.False(ContactPoints.Matches(Guid.NewGuid(), code, stored));
        Assert.False(ContactPoints.Matches(id, code + "0", stored));
        Assert.False(ContactPoints.Matches(id, null, stored));
    }

    [Theory]
    [InlineData(20, 59, false)]
    [InlineData(21, 0, true)]
    [InlineData(2, 0, true)]
    [InlineData(7, 59, true)]
    [InlineData(8, 0, false)]
    [InlineData(13, 0, false)]
    public void IsQuiet_MinskLocalTime_NightOnly(int hour, int minute, bool quiet)
    {
        var calendar = new OperatorCalendar(Options.Create(new TimeZoneOptions { TimeZone = "Europe/Minsk" }));
        var dispatcher = new NoticeDispatcher(null!, null!, Templates, null!, calendar, Options.Create(new NotificationsOptions()), TimeProvider.System, null!);
        var instant = new DateTimeOffset(2026, 12, 6, hour, minute, 0, TimeSpan.FromHours(3));

        Assert.Equal(quiet, dispatcher.IsQuiet(instant));
    }

    [Fact]
    public void Compose_Notice_TextAndHtmlWithMessageIdOfSenderDomain()
    {
        var message = new OutgoingMessage("ivan@example.by", "ru", "Тема", "Текст", "<p>Текст</p>", "sms", Guid.NewGuid());

        var mime = EmailSender.Compose(message, new EmailOptions { From = "no-reply@npes.by" }, DateTimeOffset.UtcNow);

        Assert.EndsWith("@npes.by", mime.MessageId, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mime.Headers["Auto-Submitted"]);
        Assert.Equal("Текст", mime.TextBody?.Trim());
        Assert.Equal("<p>Текст</p>", mime.HtmlBody?.Trim());
    }

    [Fact]
    public void Backoff_GrowsAndIsBounded()
    {
        var delays = Enumerable.Range(1, 10).Select(NoticeDispatcher.Backoff).ToList();

        Assert.Equal(delays.Order(), delays);
        Assert.Equal(TimeSpan.FromHours(3), delays[^1]);
    }
}
