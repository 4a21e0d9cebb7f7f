using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npes.Eds.Bundles;
using static Microsoft.Playwright.Assertions;

namespace Npes.Web.Tests;

/// <summary>
/// The web UI in real Chromium against the real host on a real port and real PostgreSQL: EDS login signed in the
/// browser with WebCrypto, a citizen signing for a registered letter, an organisation sending one, an operator
/// working a print batch. Screenshots of the main pages go to docs/screenshots.
/// </summary>
public sealed class WebUiTests
{
    private const string CitizenName = "Иванов Иван Иванович";
    private const string CitizenAddress = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";

    [Fact]
    public async Task Citizen_SignsForRegisteredLetterInBrowser_AndDownloadsVerifiableBundle()
    {
        await using var app = await WebUiApp.StartAsync();
        using var org = await app.ApiClientAsync("org-1.p12");
        await using var browser = await Browser.OpenAsync(app.BaseAddress);
        var page = browser.Page;
        var key = WebUiApp.KeyFile("citizen-1.p12");

        // Pages need the UI cookie; the login page carries the security headers.
        await page.GotoAsync("/inbox");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        var login = await page.GotoAsync("/login");
        var headers = login!.Headers;
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        await browser.ScreenshotsAsync("login");

        // Three languages, the choice kept in a cookie.
        await page.ClickAsync("a[hreflang=be]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Уваход з ЭЛП");
        await page.ClickAsync("a[hreflang=en]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Log in with your EDS");
        await page.ClickAsync("a[hreflang=ru]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Вход с ЭЦП");

        await LoginAsync(page, key);
        Assert.EndsWith("/inbox", page.Url, StringComparison.Ordinal);

        // The UI cookie is no API credential: the API still wants a bearer token.
        var api = await page.Context.APIRequest.GetAsync("/api/v1/mailboxes/me");
        Assert.Equal(401, api.Status);

        // Register the mailbox and confirm the address with the code from the paper letter.
        await page.GotoAsync("/mailbox");
        await page.FillAsync("#address", CitizenAddress);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main input[name=Code]")).ToBeVisibleAsync();
        using var citizenApi = await app.ApiClientAsync("citizen-1.p12");
        var mailbox = await citizenApi.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes/me");
        var code = await app.PaperCodeAsync(mailbox.GetProperty("addresses")[0].GetProperty("confirmationLetterId").GetGuid());
        await page.FillAsync("main input[name=Code]", code);
        await browser.ScreenshotsAsync("mailbox");
        await page.ClickAsync("main .inline-form button");
        await Expect(page.Locator(".badge--ok")).ToBeVisibleAsync();

        // An organisation sends a registered letter by name and address.
        var sent = await WebUiApp.SendAsync(org, CitizenName, CitizenAddress, "registered", "Уведомление о задолженности");
        Assert.Equal("consigned", sent.GetProperty("status").GetString());
        var id = sent.GetProperty("id").GetGuid();

        await page.GotoAsync("/inbox");
        await Expect(page.Locator(".item--unread .badge--registered")).ToBeVisibleAsync();
        await browser.ScreenshotsAsync("inbox");

        // Sealed until signed for: sender and subject only, and the two signed choices.
        await page.ClickAsync($"a[href='/inbox/{id:D}']");
        await Expect(page.Locator("form[data-eds=sign]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#docs-title")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("ОАО «Белтелеком»");
        await browser.ScreenshotsAsync("letter-registered");

        await page.SetInputFilesAsync("#eds-key", key);
        await page.ClickAsync("form[action*='handler=Accept'] button");
        await page.WaitForURLAsync("**done=accept**");
        await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Вручено");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Получатель расписался");
        await browser.ScreenshotsAsync("letter-handed-over");

        var document = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(".docs a"));
        Assert.Contains("Счёт за услуги связи", await File.ReadAllTextAsync((await document.PathAsync())!), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[href*='handler=Bundle']"));
        Assert.EndsWith(".asice", download.SuggestedFilename, StringComparison.Ordinal);
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.True(verification.IsValid, verification.Failure);

        // The sender holds the delivery notice with the signature made in the browser.
        var letter = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{id:D}");
        Assert.Equal("handed_over", letter.GetProperty("status").GetString());
        Assert.Contains("delivery", letter.GetProperty("receipts").EnumerateArray().Select(r => r.GetString()));

        await page.ClickAsync("a[hreflang=be]");
        await page.GotoAsync("/inbox");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Уваходныя лісты");
        await browser.ScreenshotsAsync("inbox-be");
    }

    [Fact]
    public async Task Organisation_SendsLetterThroughForm_AndSeesItsTimeline()
    {
        await using var app = await WebUiApp.StartAsync();
        await using var browser = await Browser.OpenAsync(app.BaseAddress);
        var page = browser.Page;

        await LoginAsync(page, WebUiApp.KeyFile("org-1.p12"));
        Assert.EndsWith("/sent", page.Url, StringComparison.Ordinal);
        await page.ClickAsync("a[href='/sent/new']");
        await page.FillAsync("#name", "Петров Пётр Петрович");
        await page.FillAsync("#address", "230005, г. Гродно, ул. Советская, д. 12, кв. 3");
        await page.FillAsync("#subject", "Счёт за ноябрь");
        await page.CheckAsync("#kind-registered");
        await page.SetInputFilesAsync("#documents", new FilePayload
        {
            Name = "invoice.txt",
            MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes("Счёт № 42 за ноябрь: 12,50 BYN.\n"),
        });
        await browser.ScreenshotsAsync("send-form");
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**created=true**");

        await Expect(page.Locator("[data-testid=s10]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z]{2}[0-9]{9}BY$"));
        await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Ждёт печати");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Принято к пересылке");
        await Expect(page.Locator(".docs a[href*='kind=acceptance']")).ToBeVisibleAsync();
        await browser.ScreenshotsAsync("sent-letter");

        // Resubmitting the same form (browser back + submit) sends nothing twice: the form carries an idempotency key.
        using var orgApi = await app.ApiClientAsync("org-1.p12");
        var letters = await orgApi.GetFromJsonAsync<JsonElement>("/api/v1/letters");
        var only = Assert.Single(letters.EnumerateArray());
        Assert.Equal("Счёт за ноябрь", only.GetProperty("subject").GetString());
        Assert.Equal("registered", only.GetProperty("kind").GetString());

        await page.GotoAsync("/sent");
        await Expect(page.Locator(".list .item")).ToHaveCountAsync(1);
        await browser.ScreenshotsAsync("sent");
    }

    [Fact]
    public async Task Operator_DownloadsBatchAndRecordsOutcome_InConsole()
    {
        await using var app = await WebUiApp.StartAsync(s =>
        {
            s["Npes:Jobs:Enabled"] = "true";
            s["Npes:Jobs:WorkerCount"] = "2";
            s["Npes:Print:SweepSeconds"] = "1";
        });
        using var org = await app.ApiClientAsync("org-1.p12");
        using var operatorApi = await app.ApiClientAsync("operator-1.p12");
        var first = await WebUiApp.SendAsync(org, "Петров Пётр Петрович", "230005, г. Гродно, ул. Советская, д. 12, кв. 3", "simple", "Счёт 1");
        var second = await WebUiApp.SendAsync(org, "Сидорова Анна Михайловна", "210001, г. Витебск, пр-т Фрунзе, д. 7, кв. 41", "simple", "Счёт 2");
        var s10s = new[] { first, second }.Select(l => l.GetProperty("s10").GetString()!).ToList();
        foreach (var s10 in s10s)
        {
            await WaitForAsync(async () =>
            {
                using var response = await operatorApi.GetAsync(new Uri($"/api/v1/print/pieces/{s10}", UriKind.Relative));
                return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString() == "batched";
            });
        }

        await using var browser = await Browser.OpenAsync(app.BaseAddress);
        var page = browser.Page;
        await LoginAsync(page, WebUiApp.KeyFile("operator-1.p12"));
        Assert.EndsWith("/print", page.Url, StringComparison.Ordinal);

        await page.ClickAsync("main .heading form button");
        await Expect(page.Locator(".alert--ok")).ToBeVisibleAsync();
        await WaitForAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.Locator("table .badge--ready").CountAsync() == 1;
        });
        await Expect(page.Locator(".counts")).ToBeVisibleAsync();
        await browser.ScreenshotsAsync("print-console");

        await page.ClickAsync("table a.mono");
        await Expect(page.Locator("[data-testid=batch-state]")).ToHaveTextAsync("Готова к печати");
        await browser.ScreenshotsAsync("print-batch");
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[href*='handler=File']"));
        var bytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[href*='format=csv']"));
        var manifest = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.All(s10s, s10 => Assert.Contains(s10, manifest, StringComparison.Ordinal));

        await page.ClickAsync("form[action*='handler=Printed'] button");
        await Expect(page.Locator("[data-testid=batch-state]")).ToHaveTextAsync("Напечатана");
        await page.ClickAsync("form[action*='handler=Dispatched'] button");
        await Expect(page.Locator("[data-testid=batch-state]")).ToHaveTextAsync("Передана в доставку");

        await page.SelectOptionAsync($"#outcome-{s10s[0]}", "returned:address_unknown");
        await page.ClickAsync($"form:has(#outcome-{s10s[0]}) button");
        await Expect(page.Locator(".alert--ok")).ToContainTextAsync(s10s[0]);
        await browser.ScreenshotsAsync("print-batch-dispatched");

        var piece = await operatorApi.GetFromJsonAsync<JsonElement>($"/api/v1/print/pieces/{s10s[0]}");
        Assert.Equal("returned", piece.GetProperty("state").GetString());
        var letter = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{first.GetProperty("id").GetGuid():D}");
        Assert.Equal("returned", letter.GetProperty("status").GetString());
        Assert.Equal("address_unknown", letter.GetProperty("events").EnumerateArray().Last().GetProperty("details").GetProperty("reason").GetString());
    }

    /// <summary>Opens /login, loads the key file, and lets the page's script sign the challenge with WebCrypto.</summary>
    private static async Task LoginAsync(IPage page, string keyFile)
    {
        await page.GotoAsync("/login");
        await page.SetInputFilesAsync("#eds-key", keyFile);
        await page.ClickAsync("form[data-eds=login] button[type=submit]");

        // The page shows the login statement it is about to sign (purpose, this server's origin) and signs on the second press.
        var statement = await page.WaitForSelectorAsync("[data-eds-statement]:not([hidden])");
        Assert.StartsWith("NPES login challenge v2\norigin: " + new Uri(page.Url).GetLeftPart(UriPartial.Authority) + "\n", await statement!.TextContentAsync(), StringComparison.Ordinal);
        await page.ClickAsync("form[data-eds=login] button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(300);
        }
    }
}
