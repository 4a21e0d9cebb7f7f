using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Npes.Server.Tests;

/// <summary>
/// Every letters and mailbox endpoint × {sender, recipient, another citizen, another organisation, anonymous}:
/// only the rightful calls succeed; others get 404 (someone else's letter exists for nobody else) or 401.
/// </summary>
public sealed class PermissionMatrixTests
{
    public enum Caller
    {
        Sender,
        Recipient,
        OtherCitizen,
        OtherOrganisation,
        Anonymous,
    }

    public static TheoryData<string, Caller, int> Matrix()
    {
        var data = new TheoryData<string, Caller, int>();
        void Row(string endpoint, int sender, int recipient, int otherCitizen, int otherOrganisation)
        {
            data.Add(endpoint, Caller.Sender, sender);
            data.Add(endpoint, Caller.Recipient, recipient);
            data.Add(endpoint, Caller.OtherCitizen, otherCitizen);
            data.Add(endpoint, Caller.OtherOrganisation, otherOrganisation);
            data.Add(endpoint, Caller.Anonymous, 401);
        }

        // Sender side: only the sender.
        Row("GET letter", 200, 404, 404, 404);
        Row("GET receipt acceptance", 200, 404, 404, 404);
        Row("GET bundle", 200, 404, 404, 404);
        Row("GET sent list", 200, 200, 200, 200);

        // Mailbox side: only the recipient (others have mailboxes of their own, or none → 404).
        Row("GET inbox letter", 404, 200, 404, 404);
        Row("GET statement", 404, 200, 404, 404);
        Row("GET document", 404, 403, 404, 404);
        Row("POST handover", 404, 200, 404, 404);
        Row("POST refuse", 404, 200, 404, 404);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_Caller_OnlyRightfulCallsSucceed(string endpoint, Caller caller, int expected)
    {
        await using var app = await NpesApp.StartAsync();
        using var recipient = await Letters.CitizenWithMailboxAsync(app);
        using var otherCitizen = await Letters.CitizenWithMailboxAsync(app, "citizen-2.p12", "г. Гомель, ул. Советская, д. 3, кв. 7");
        using var sender = await app.LoggedInClientAsync("org-1.p12");
        using var otherOrganisation = await app.LoggedInClientAsync("org-2.p12");
        var id = (await Letters.SendOkAsync(sender)).GetProperty("id").GetGuid();
        var client = caller switch
        {
            Caller.Sender => sender,
            Caller.Recipient => recipient,
            Caller.OtherCitizen => otherCitizen,
            Caller.OtherOrganisation => otherOrganisation,
            Caller.Anonymous => app.CreateClient(),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };
        var p12 = caller switch
        {
            Caller.Sender => "org-1.p12",
            Caller.OtherCitizen => "citizen-2.p12",
            Caller.OtherOrganisation => "org-2.p12",
            _ => "citizen-1.p12",
        };

        using var response = endpoint switch
        {
            "GET letter" => await client.GetAsync($"/api/v1/letters/{id}"),
            "GET receipt acceptance" => await client.GetAsync($"/api/v1/letters/{id}/receipts/acceptance"),
            "GET bundle" => await client.GetAsync($"/api/v1/letters/{id}/bundle"),
            "GET sent list" => await client.GetAsync("/api/v1/letters"),
            "GET inbox letter" => await client.GetAsync($"/api/v1/mailbox/letters/{id}"),
            "GET statement" => await client.GetAsync($"/api/v1/mailbox/letters/{id}/statement?decision=accept"),
            "GET document" => await client.GetAsync($"/api/v1/mailbox/letters/{id}/documents/0"),
            "POST handover" => await PostDecisionAsync(client, recipient, id, "accept", p12),
            "POST refuse" => await PostDecisionAsync(client, recipient, id, "refuse", p12),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown endpoint."),
        };

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (expected == 200 && endpoint == "GET sent list")
        {
            var list = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(caller == Caller.Sender ? 1 : 0, list.GetArrayLength());
        }
    }

    /// <summary>The statement comes from the rightful recipient; the caller signs it with its own key and posts it.</summary>
    private static async Task<HttpResponseMessage> PostDecisionAsync(HttpClient caller, HttpClient recipient, Guid id, string decision, string p12)
    {
        var statement = await recipient.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}/statement?decision={decision}");
        var toBeSigned = Convert.FromBase64String(statement.GetProperty("toBeSigned").GetString()!);
        using var key = TestPki.Load(p12);
        return await caller.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/{(decision == "accept" ? "handover" : "refuse")}", new
        {
            statement = Convert.ToBase64String(toBeSigned),
            signature = Convert.ToBase64String(TestPki.Sign(key, toBeSigned)),
            certificate = Convert.ToBase64String(key.RawData),
        });
    }
}
