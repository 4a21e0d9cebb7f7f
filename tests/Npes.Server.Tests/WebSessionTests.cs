using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>The web UI's session: party and roles from the session row, logout ends it on the server.</summary>
public sealed partial class WebSessionTests
{
    [Fact]
    public async Task Logout_CopiedCookie_NoLongerOpensPages()
    {
        await using var app = await NpesApp.StartAsync();
        var (browser, cookie) = await LogInOnThePageAsync(app, "citizen-1.p12");
        using var inboxBefore = await browser.GetAsync("/inbox");
        var token = AntiforgeryToken(await inboxBefore.Content.ReadAsStringAsync());

        using var logout = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var thief = Client(app);
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        using var replayed = await thief.GetAsync("/inbox");

        Assert.Equal(HttpStatusCode.OK, inboxBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/login", replayed.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_WithdrawnInTheSessionRow_TakeEffectAtOnceWhateverTheCookieSays()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        var (browser, _) = await LogInOnThePageAsync(app, "operator-1.p12");
        using var before = await browser.GetAsync("/print");

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("update sessions set roles = array['citizen']", connection);
            await command.ExecuteNonQueryAsync();
        }

        using var after = await browser.GetAsync("/print");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/forbidden", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Logs in as the page's script does: challenge from the page handler, sign, post; returns the client and its session cookie.</summary>
    private static async Task<(HttpClient Browser, string Cookie)> LogInOnThePageAsync(NpesApp app, string p12)
    {
        var browser = Client(app);
        var token = AntiforgeryToken(await browser.GetStringAsync("/login"));
        using var certificate = TestPki.Load(p12);
        using var challengeResponse = await browser.PostAsync("/login?handler=Challenge", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("certificates", Convert.ToBase64String(certificate.RawData)),
        ]));
        challengeResponse.EnsureSuccessStatusCode();
        var challenge = JsonDocument.Parse(await challengeResponse.Content.ReadAsStringAsync()).RootElement;
        var toBeSigned = Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!);
        using var login = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["ChallengeId"] = challenge.GetProperty("challengeId").GetString()!,
            ["Certificate"] = challenge.GetProperty("certificate").GetString()!,
            ["Signature"] = Convert.ToBase64String(TestPki.Sign(certificate, toBeSigned)),
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("npes.session=", StringComparison.Ordinal)).Split(';')[0];
        return (browser, cookie);
    }

    private static HttpClient Client(NpesApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static string AntiforgeryToken(string html) => TokenField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
