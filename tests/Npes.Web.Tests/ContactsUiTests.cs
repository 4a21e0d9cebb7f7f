using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npes.Testing;
using static Microsoft.Playwright.Assertions;

namespace Npes.Web.Tests;

/// <summary>The web mailbox's notices page, driven in Chromium, with a real SMTP server receiving the codes.</summary>
public sealed partial class ContactsUiTests
{
    private const string Email = "ivanov@example.by";

    [Fact]
    public async Task Citizen_AddsAndConfirmsEmailContact_InWebMailbox()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = await WebUiApp.StartAsync(s =>
        {
            s["Npes:Notifications:Email:Host"] = "127.0.0.1";
            s["Npes:Notifications:Email:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
            s["Npes:Notifications:Email:Security"] = "None";
            s["Npes:Notifications:Email:From"] = "no-reply@npes.test";
        });
        using var citizenApi = await app.ApiClientAsync("citizen-1.p12");
        (await citizenApi.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5" } })).EnsureSuccessStatusCode();
        await using var browser = await Browser.OpenAsync(app.BaseAddress);
        var page = browser.Page;
        await WebUiTests.LoginAsync(page, WebUiApp.KeyFile("citizen-1.p12"));

        await page.GotoAsync("/mailbox");
        await page.ClickAsync("a[href='/mailbox/contacts']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Уведомления о письмах");
        await page.SelectOptionAsync("#channel", "email");
        await page.FillAsync("#contact-address", Email);
        await page.SelectOptionAsync("#language", "en");
        await page.ClickAsync("form[action*='handler=Add'] button[type=submit]");

        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Код подтверждения отправлен");
        await Expect(page.Locator($"li[data-contact='{Email}'] .badge--registered")).ToBeVisibleAsync();
        var message = Assert.Single(smtp.To(Email));
        Assert.Equal("NPES confirmation code", message.Subject);
        var code = Code().Match(message.TextBody ?? string.Empty).Value;

        await page.FillAsync($"li[data-contact='{Email}'] input[name=Code]", code);
        await browser.ScreenshotsAsync("contacts");
        await page.ClickAsync($"li[data-contact='{Email}'] form[action*='handler=Confirm'] button");

        await Expect(page.Locator($"li[data-contact='{Email}'] .badge--ok")).ToBeVisibleAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Контакт подтверждён");
        var contacts = await citizenApi.GetFromJsonAsync<JsonElement>("/api/v1/mailbox/contacts");
        var contact = Assert.Single(contacts.EnumerateArray());
        Assert.True(contact.GetProperty("confirmed").GetBoolean());
        Assert.Equal("en", contact.GetProperty("language").GetString());
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex Code();
}
