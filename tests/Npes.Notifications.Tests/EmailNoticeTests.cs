using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npes.Eds.Bundles;
using Npes.Server.Tests;
using TestLetters = Npes.Server.Tests.Letters;
using Npes.Testing;

namespace Npes.Notifications.Tests;

/// <summary>Notices by e-mail, through a real SMTP server process (aiosmtpd).</summary>
public sealed class EmailNoticeTests
{
    private const string Verified = "ivanov@example.by";
    private const string Unverified = "other@example.by";

    [Fact]
    public async Task Arrival_VerifiedContactRegisteredLetter_NoticeInItsLanguageWithoutLinkAndEvidence()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await Notices.StartAsync(smtp, null);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedEmailAsync(citizen, smtp, Verified, "be");
        await Notices.AddContactAsync(citizen, "email", Unverified, "ru");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var sent = await TestLetters.SendOkAsync(bank);
        var letterId = sent.GetProperty("id").GetGuid();
        var s10 = sent.GetProperty("s10").GetString()!;

        var delivered = await Notices.DispatchAsync(app);

        Assert.Equal(1, delivered);
        var notice = smtp.To(Verified)[^1];
        Assert.Contains("заказны ліст", notice.Subject, StringComparison.Ordinal);
        Assert.Contains(s10, notice.TextBody, StringComparison.Ordinal);
        Assert.Contains(s10, notice.HtmlBody, StringComparison.Ordinal);
        var deadline = (await bank.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{letterId}")).GetProperty("acceptDeadline").GetDateTimeOffset();
        Assert.Contains(deadline.ToOffset(TimeSpan.FromHours(3)).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), notice.TextBody, StringComparison.Ordinal);
        Assert.False(Notices.HasLink(notice), notice.HtmlBody);
        Assert.DoesNotContain("Уведомление о задолженности", notice.TextBody, StringComparison.Ordinal); // the subject of the letter: content
        Assert.DoesNotContain("Белтелеком", notice.TextBody, StringComparison.Ordinal); // no sender name for registered letters by default
        Assert.Equal("be", notice.Body?.Headers[HeaderId.ContentLanguage]);
        Assert.EndsWith("@npes.test", notice.MessageId, StringComparison.Ordinal);
        Assert.Equal("no-reply@npes.test", notice.From.Mailboxes.Single().Address);
        var alternative = Assert.IsType<MultipartAlternative>(notice.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));

        // The unconfirmed contact point got its code and nothing else.
        Assert.Single(smtp.To(Unverified));

        var events = await Notices.EventsAsync(bank, letterId);
        var sentEvent = Assert.Single(events, e => e.GetProperty("type").GetString() == "NotificationSent");
        var details = sentEvent.GetProperty("details");
        Assert.Equal("email", details.GetProperty("channel").GetString());
        Assert.Equal("i***@e***.by", details.GetProperty("destination").GetString());
        Assert.Equal("arrival", details.GetProperty("notice").GetString());
        Assert.Equal("consigned", await Notices.StatusAsync(bank, letterId));
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "ContentHandover");

        // The bundle carries the notice's event, and still verifies.
        var bundle = await bank.GetByteArrayAsync($"/api/v1/letters/{letterId}/bundle");
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);
        using (var zip = new ZipArchive(new MemoryStream(bundle)))
        {
            Assert.Contains(zip.Entries.Where(e => e.Name.EndsWith(".json", StringComparison.Ordinal)), e =>
            {
                using var reader = new StreamReader(e.Open());
                return reader.ReadToEnd().Contains("\"event\":\"NotificationSent\"", StringComparison.Ordinal);
            });
        }

        // Sent once: a second round sends nothing more.
        Assert.Equal(0, await Notices.DispatchAsync(app));
        Assert.Equal(2, smtp.To(Verified).Count);
    }

    [Fact]
    public async Task Reminder_RegisteredLetterUnsigned_ArrivesOnDayThreeAndNoneAfterHandover()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await Notices.StartAsync(smtp, null);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedEmailAsync(citizen, smtp, Verified, "en");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var letterId = (await TestLetters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        Assert.Equal(1, await Notices.DispatchAsync(app));

        app.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(23));
        var dayTwo = await Notices.DispatchAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var dayThree = await Notices.DispatchAsync(app);

        Assert.Equal(0, dayTwo);
        Assert.Equal(1, dayThree);
        var reminder = smtp.To(Verified)[^1];
        Assert.StartsWith("Reminder", reminder.Subject, StringComparison.Ordinal);

        using var recipient = await app.LoggedInClientAsync("citizen-1.p12");
        (await TestLetters.DecideAsync(recipient, letterId, "accept")).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(30));
        Notices.MoveToLocal(app, 12);

        Assert.Equal(0, await Notices.DispatchAsync(app));
        Assert.Equal(3, smtp.To(Verified).Count); // code, arrival, reminder
        var notices = await Notices.OfLetterAsync(app, letterId);
        Assert.Equal(["sent", "sent", "cancelled"], notices.Select(n => n.State));
        Assert.Equal(["arrival", "reminder", "deadline"], notices.Select(n => n.Kind));
    }

    [Fact]
    public async Task Arrival_AtNight_WaitsUntilEightInTheMorning()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await Notices.StartAsync(smtp, null);
        Notices.MoveToLocal(app, 18);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedEmailAsync(citizen, smtp, Verified);
        Notices.MoveToLocal(app, 23, 30);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        await TestLetters.SendOkAsync(bank, TestLetters.Metadata(kind: "simple"));

        var night = await Notices.DispatchAsync(app);
        Notices.MoveToLocal(app, 7, 59);
        var beforeEight = await Notices.DispatchAsync(app);
        Notices.MoveToLocal(app, 8, 0);
        var atEight = await Notices.DispatchAsync(app);

        Assert.Equal((0, 0, 1), (night, beforeEight, atEight));
        Assert.Equal(2, smtp.To(Verified).Count);
        Assert.Contains("новое письмо", smtp.To(Verified)[^1].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arrival_SenderChoseNone_NoNotice()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await Notices.StartAsync(smtp, null);
        Notices.MoveToLocal(app, 10);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        await Notices.AddConfirmedEmailAsync(citizen, smtp, Verified);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var metadata = new
        {
            recipient = new { name = TestLetters.CitizenName, address = TestLetters.CitizenAddress },
            kind = "registered",
            subject = "Без уведомления",
            notify = "none",
        };
        var letterId = (await TestLetters.SendOkAsync(bank, metadata)).GetProperty("id").GetGuid();

        Assert.Equal(0, await Notices.DispatchAsync(app));
        Assert.Empty(await Notices.OfLetterAsync(app, letterId));
        Assert.Single(smtp.To(Verified));
        var consignment = (await Notices.EventsAsync(bank, letterId)).Single(e => e.GetProperty("type").GetString() == "ContentConsignment");
        Assert.Equal("none", consignment.GetProperty("details").GetProperty("notify").GetString());
    }

    [Fact]
    public async Task Outage_SmtpDown_RetriedWithoutLossAcrossServerRestart()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = await NpesApp.SettingsAsync();
        Notices.Configure(settings, smtp, null);
        Guid letterId;
        DateTimeOffset clock;
        await using (var first = await NpesApp.StartAsync(s => Copy(settings, s)))
        {
            Notices.MoveToLocal(first, 10);
            using var citizen = await TestLetters.CitizenWithMailboxAsync(first);
            await Notices.AddConfirmedEmailAsync(citizen, smtp, Verified);
            await smtp.StopAsync();
            using var bank = await first.LoggedInClientAsync("org-1.p12");
            letterId = (await TestLetters.SendOkAsync(bank)).GetProperty("id").GetGuid();

            Assert.Equal(0, await Notices.DispatchAsync(first));
            var pending = Assert.Single(await Notices.OfLetterAsync(first, letterId), n => n.Kind == "arrival");
            Assert.Equal(("pending", 1), (pending.State, pending.Attempts));
            Assert.Contains("SMTP relay unavailable", pending.LastError, StringComparison.Ordinal);
            first.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(0, await Notices.DispatchAsync(first));
            clock = first.Clock.GetUtcNow();
        }

        await smtp.StartAgainAsync();
        await using var second = await NpesApp.StartAsync(s => Copy(settings, s));
        second.Clock.Advance(clock - second.Clock.GetUtcNow() + TimeSpan.FromMinutes(10));

        Assert.Equal(1, await Notices.DispatchAsync(second));
        Assert.Equal(0, await Notices.DispatchAsync(second));
        var notice = Assert.Single(await Notices.OfLetterAsync(second, letterId), n => n.Kind == "arrival");
        Assert.Equal(("sent", 3), (notice.State, notice.Attempts));
        Assert.Equal(2, smtp.To(Verified).Count); // the code, then the notice exactly once
    }

    [Fact]
    public async Task Contact_CodeChecks_BoundedAttemptsExpiryAndResend()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await Notices.StartAsync(smtp, null);
        using var citizen = await TestLetters.CitizenWithMailboxAsync(app);
        var id = (await Notices.AddContactAsync(citizen, "email", Verified, "en")).GetProperty("id").GetGuid();
        var code = Notices.CodeIn(smtp.To(Verified).Single().TextBody);
        var wrong = code == "000000" ? "000001" : "000000";

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await citizen.PostAsJsonAsync($"/api/v1/mailbox/contacts/{id}/confirm", new { code = wrong });
            statuses.Add((int)attempt.StatusCode);
        }

        using var spent = await citizen.PostAsJsonAsync($"/api/v1/mailbox/contacts/{id}/confirm", new { code });
        Assert.Equal([400, 400, 400, 400, 429], statuses);
        await Problem.AssertAsync(spent, HttpStatusCode.TooManyRequests, "npes.contacts.code_attempts");

        using var tooSoon = await citizen.PostAsync($"/api/v1/mailbox/contacts/{id}/resend", null);
        await Problem.AssertAsync(tooSoon, HttpStatusCode.TooManyRequests, "npes.contacts.resend_limit");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        using var resent = await citizen.PostAsync($"/api/v1/mailbox/contacts/{id}/resend", null);
        resent.EnsureSuccessStatusCode();
        var second = Notices.CodeIn(smtp.To(Verified)[^1].TextBody);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        using var again = await app.LoggedInClientAsync("citizen-1.p12");
        using var expired = await again.PostAsJsonAsync($"/api/v1/mailbox/contacts/{id}/confirm", new { code = second });
        await Problem.AssertAsync(expired, HttpStatusCode.Gone, "npes.contacts.code_expired");

        using var bad = await again.PostAsJsonAsync("/api/v1/mailbox/contacts", new { channel = "email", address = "x@y\r\nBcc: z@w.by", language = "en" });
        await Problem.AssertAsync(bad, HttpStatusCode.BadRequest, "npes.contacts.invalid");
        using var badLanguage = await again.PostAsJsonAsync("/api/v1/mailbox/contacts", new { channel = "email", address = "a@b.by", language = "de" });
        await Problem.AssertAsync(badLanguage, HttpStatusCode.BadRequest, "npes.contacts.invalid");
        using var duplicate = await again.PostAsJsonAsync("/api/v1/mailbox/contacts", new { channel = "email", address = Verified, language = "en" });
        await Problem.AssertAsync(duplicate, HttpStatusCode.Conflict, "npes.contacts.exists");
        using var removed = await again.DeleteAsync($"/api/v1/mailbox/contacts/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var gone = await again.DeleteAsync($"/api/v1/mailbox/contacts/{id}");
        await Problem.AssertAsync(gone, HttpStatusCode.NotFound, "npes.contacts.not_found");
    }

    private static void Copy(Dictionary<string, string?> from, Dictionary<string, string?> to)
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }
}
