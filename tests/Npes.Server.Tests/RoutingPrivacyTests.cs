using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Webhooks;

namespace Npes.Server.Tests;

/// <summary>A sender learns where a letter went (mailbox or paper) and a coarse class — never who lives at the address.</summary>
public sealed class RoutingPrivacyTests
{
    private const string Stranger = "Петров Пётр Петрович";
    private const string EmptyFlat = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 6";

    [Fact]
    public async Task SenderView_PaperRoutedLetter_NoNameOrFlatDetailAndSameAsEmptyFlat()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");

        // A mailbox exists at the address, under another name; and a flat with no mailbox at all.
        var occupied = await Letters.SendOkAsync(bank, Letters.Metadata(name: Stranger, address: Letters.CitizenAddress));
        var empty = await Letters.SendOkAsync(bank, Letters.Metadata(name: Stranger, address: EmptyFlat));
        var occupiedView = await bank.GetStringAsync($"/api/v1/letters/{occupied.GetProperty("id").GetGuid()}");
        var emptyView = await bank.GetStringAsync($"/api/v1/letters/{empty.GetProperty("id").GetGuid()}");
        using var preview = await operatorClient.PostAsJsonAsync("/api/v1/addresses/resolve-preview", new { name = Stranger, address = Letters.CitizenAddress });

        foreach (var text in new[] { occupied.GetRawText(), occupiedView })
        {
            Assert.DoesNotContain("Иванов", text, StringComparison.Ordinal);
            Assert.DoesNotContain("name_mismatch", text, StringComparison.Ordinal);
            Assert.DoesNotContain("another", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("кв. 5", text.Replace(Letters.CitizenAddress, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var routing = occupied.GetProperty("routing");
        Assert.Equal("paper", routing.GetProperty("channel").GetString());
        Assert.Equal("not_matched", routing.GetProperty("outcome").GetString());
        Assert.Equal(empty.GetProperty("routing").GetRawText(), routing.GetRawText());
        Assert.Equal(Details(emptyView), Details(occupiedView));

        // The operator still sees the detailed outcome.
        Assert.Equal("name_mismatch", (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Webhook_PaperRoutedLetter_PayloadCarriesCoarseClassOnly()
    {
        var received = new List<string>();
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var store = app.Services.GetRequiredService<IWebhookStore>();
        using var put = await bank.PutAsJsonAsync("/api/v1/webhook", new { url = "http://127.0.0.1:9/hooks" });
        put.EnsureSuccessStatusCode();

        var sent = await Letters.SendOkAsync(bank, Letters.Metadata(name: Stranger, address: Letters.CitizenAddress));
        var now = app.Clock.GetUtcNow();
        var subscriber = (await store.ClaimSubscribersAsync(now, now.AddMinutes(1), [], 10, CancellationToken.None)).Single();
        for (var delivery = await store.NextDueAsync(subscriber.PartyId, now, now.AddMinutes(1), CancellationToken.None);
            delivery is not null;
            delivery = await store.NextDueAsync(subscriber.PartyId, now, now.AddMinutes(1), CancellationToken.None))
        {
            received.Add(System.Text.Encoding.UTF8.GetString(delivery.Payload));
        }

        Assert.Equal(2, received.Count);
        Assert.All(received, payload => Assert.DoesNotContain("Иванов", payload, StringComparison.Ordinal));
        Assert.Contains(received, payload => payload.Contains("\"outcome\":\"not_matched\"", StringComparison.Ordinal));
        Assert.Equal(sent.GetProperty("id").GetString(), JsonDocument.Parse(received[0]).RootElement.GetProperty("data").GetProperty("letterId").GetString());
    }

    private static string Details(string letterView) => string.Join(
        "|", JsonDocument.Parse(letterView).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString() + e.GetProperty("details").GetRawText()).Where(d => !d.Contains("s10", StringComparison.Ordinal)));
}
