using System.Net.Http.Json;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Server.Tests;
using Npes.Testing;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Npes.Web.Tests;

/// <summary>
/// Signing in the browser through the local signing agent: real Chromium on the real host, and <c>npes agent</c> as a
/// real process holding a key on a real SoftHSM2 token (or a sample PKCS#12 file), its PIN typed in its terminal.
/// </summary>
public sealed class AgentWebTests
{
    private const string TokenCitizenAddress = "220004, г. Минск, ул. Сурганова, д. 21, кв. 8";

    [SoftHsmFact]
    public async Task Citizen_LogsInAndSignsForRegisteredLetterThroughTheAgent_TokenCertificateInTheDeliveryNotice()
    {
        var key = SoftHsm.Tokens(Path.GetDirectoryName(TestPki.File("issuing-ca.p12"))!).Citizen;
        var agentPort = AgentProcess.FreePort();
        await using var app = await WebUiApp.StartAsync(settings => settings["Npes:Web:AgentUrl"] = $"http://127.0.0.1:{agentPort}");
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var agent = AgentProcess.Start("--origin", origin, "--port", agentPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pkcs11", key.Module, "--token", key.Token, "--key", key.KeyLabel);
        await agent.TypeAfterAsync("To start the agent, type the PIN of token 'npes-citizen'", SoftHsm.Pin);
        await agent.WaitForTextAsync("npes agent on http://127.0.0.1:" + agentPort);
        using var org = await app.ApiClientAsync("org-1.p12");
        await using var browser = await Browser.OpenAsync(app.BaseAddress);
        var page = browser.Page;

        // The login page finds the agent and offers no key file once it answers.
        await page.GotoAsync("/login");
        await Expect(page.Locator("[data-eds-agent-ready]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-eds-agent-subject]")).ToContainTextAsync(SoftHsm.CitizenName);
        await Expect(page.Locator("[data-eds-agent-missing]")).ToBeHiddenAsync();
        await Expect(page.Locator("#eds-key")).ToBeHiddenAsync();
        await page.ClickAsync("form[data-eds=login] button[type=submit]");
        await agent.TypeAfterAsync("To sign, type the PIN of token 'npes-citizen'", SoftHsm.Pin);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        Assert.Contains("== Log in to NPES at " + origin, agent.Output, StringComparison.Ordinal);
        Assert.Contains("   | NPES login challenge v2", agent.Output, StringComparison.Ordinal);

        // The citizen's mailbox, confirmed with the code from the paper letter.
        await page.GotoAsync("/mailbox");
        await page.FillAsync("#address", TokenCitizenAddress);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main input[name=Code]")).ToBeVisibleAsync();
        await page.FillAsync("main input[name=Code]", await app.PaperCodeAsync(await PendingConfirmationAsync(app)));
        await page.ClickAsync("main .inline-form button");
        await Expect(page.Locator(".badge--ok")).ToBeVisibleAsync();

        // A registered letter, signed for through the agent with the key on the token.
        var sent = await WebUiApp.SendAsync(org, SoftHsm.CitizenName, TokenCitizenAddress, "registered", "Уведомление о задолженности");
        var id = sent.GetProperty("id").GetGuid();
        await page.GotoAsync($"/inbox/{id:D}");
        await page.ClickAsync("form[action*='handler=Accept'] button");
        await agent.TypeAfterAsync("To sign, type the PIN of token 'npes-citizen'", SoftHsm.Pin);
        await page.WaitForURLAsync("**done=accept**");
        await Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Вручено");
        Assert.Matches("== Sign for \\(accept\\) registered letter RR[0-9]{9}BY on " + origin, agent.Output);
        Assert.DoesNotContain(SoftHsm.Pin, agent.Output, StringComparison.Ordinal);

        // The sender's delivery notice carries the token's certificate.
        var receipt = new SignedCms();
        receipt.Decode(await org.GetByteArrayAsync($"/api/v1/letters/{id:D}/receipts/delivery"));
        using var tokenCertificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(key.CertificateFile!));
        Assert.Equal(tokenCertificate.RawData, DeliveryNotice.Decode(receipt.ContentInfo.Content).Certificate);

        // The same server reached under another origin: the agent refuses it, and the page says how to start one for it.
        await page.GotoAsync(app.BaseAddress.ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "login");
        await Expect(page.Locator("[data-eds-agent-missing]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-eds-agent-ready]")).ToBeHiddenAsync();
        Assert.Equal(2, CountOf(agent.Output, "To sign, type"));
    }

    /// <summary>README's two steps for a newcomer: start the agent with the sample citizen's file, open the login page.</summary>
    [Fact]
    public async Task Newcomer_TwoStepsFromTheReadme_LoggedIntoTheWebUi()
    {
        var agentPort = AgentProcess.FreePort();
        await using var app = await WebUiApp.StartAsync(settings => settings["Npes:Web:AgentUrl"] = $"http://127.0.0.1:{agentPort}");
        var server = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        // Step 1 (here with the test server's URL and a free port instead of the defaults).
        using var agent = AgentProcess.Start("--server", server, "--port", agentPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--p12", TestPki.File("citizen-1.p12"));
        await agent.TypeAfterAsync("To start the agent, type the password of citizen-1.p12", "npes-demo");
        await agent.WaitForTextAsync("npes agent on");

        // Step 2.
        await using var browser = await Browser.OpenAsync(app.BaseAddress);
        await browser.Page.GotoAsync("/login");
        await Expect(browser.Page.Locator("[data-eds-agent-ready]")).ToBeVisibleAsync();
        await browser.Page.ClickAsync("form[data-eds=login] button[type=submit]");
        await agent.TypeAfterAsync("To sign, type the password of citizen-1.p12", "npes-demo");
        await browser.Page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
        await Expect(browser.Page.Locator("h1")).ToHaveTextAsync("Входящие письма");
    }

    private static async Task<Guid> PendingConfirmationAsync(WebUiApp app)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select confirmation_letter_id from mailbox_addresses where confirmed_at is null and confirmation_letter_id is not null");
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
