using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Npes.Server.Tests;

/// <summary>The Prometheus endpoint of a real server process: what an operator's Prometheus scrapes, and who may.</summary>
public sealed class MetricsTests
{
    private const string ScrapeToken = "scrape-token-0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Metrics_RefusedLetterAndPaperQueue_ShownToOperatorsAndScraperOnly()
    {
        var settings = await NpesApp.SettingsAsync();
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var environment = settings
            .Where(s => s.Value is not null)
            .Select(s => (Name: s.Key.Replace(":", "__", StringComparison.Ordinal), Value: s.Value!))
            .Concat(
            [
                ("ASPNETCORE_ENVIRONMENT", "Testing"),
                ("Npes__Metrics__SampleInterval", "00:00:01"),
                ("Npes__Metrics__ScrapeToken", ScrapeToken),
            ])
            .ToArray();
        using var server = ServerProcess.Start(url, environment);
        using var anonymous = new HttpClient { BaseAddress = new Uri(url) };
        Assert.True(await ServerProcess.WaitForReadyAsync(anonymous, server.Process), server.Output);
        using var org = await LoggedInAsync(url, "org-1.p12");
        using var operatorClient = await LoggedInAsync(url, "operator-1.p12");

        // A refused letter (its description is not JSON) and a letter to an address without a mailbox (paper).
        using (var refused = await Letters.SendAsync(org, "{not json"))
        {
            await Problem.AssertAsync(refused, HttpStatusCode.BadRequest, "npes.letter.metadata_invalid");
        }

        using (var paper = await Letters.SendAsync(org, Letters.Metadata("Получатель Бумажный", "210015, г. Витебск, ул. Ленина, д. 7, кв. 3", kind: "simple")))
        {
            Assert.Equal(HttpStatusCode.Created, paper.StatusCode);
        }

        // The queues are sampled every second: wait for the reading that includes the paper letter.
        var text = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            text = await operatorClient.GetStringAsync("/metrics");
            if (Value(text, "npes_queue_depth", "queue", "paper") == 1)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(1, Value(text, "npes_queue_depth", "queue", "paper"));
        Assert.Equal(1, Value(text, "npes_letters_refused_total", "code", "npes.letter.metadata_invalid"));
        Assert.Equal(1, Value(text, "npes_letters_accepted_total", "channel", "paper"));
        Assert.Equal(1, Value(text, "npes_database_up", null, null));
        Assert.NotNull(Value(text, "npes_queue_oldest_age_seconds", "queue", "paper"));

        // Anonymous callers, other parties and wrong tokens see nothing; the configured scrape token does.
        using (var none = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.DoesNotContain("npes_", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var party = await org.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, party.StatusCode);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken[..^1] + "0");
            using var response = await anonymous.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
            using var response = await anonymous.SendAsync(scrape);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("npes_queue_depth", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await server.TerminateAsync();
    }

    /// <summary>The value of the series <paramref name="metric"/> whose label <paramref name="label"/> is <paramref name="value"/>.</summary>
    private static double? Value(string exposition, string metric, string? label, string? value)
    {
        foreach (var line in exposition.Split('\n'))
        {
            var match = Regex.Match(line, "^" + Regex.Escape(metric) + @"(\{(?<labels>[^}]*)\})? (?<value>[^ ]+)");
            if (match.Success && (label is null || match.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static async Task<HttpClient> LoggedInAsync(string url, string p12)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        using var login = await NpesApp.LoginAsync(client, p12);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
