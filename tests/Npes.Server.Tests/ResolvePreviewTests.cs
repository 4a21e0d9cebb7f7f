using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Npes.Server.Tests;

public sealed class ResolvePreviewTests
{
    [Fact]
    public async Task Preview_Operator_SeesMatchAndReasonsWithoutSending()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");
        var mailbox = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes/me");
        var lettersBefore = await Db.ScalarAsync(connectionString, "select count(*) from letters");

        var match = await PreviewAsync(operatorClient, "Иванов И. И.", "Минск, Интернациональная ул., 10-5");
        var neighbour = await PreviewAsync(operatorClient, Letters.CitizenName, "220030, г. Минск, ул. Интернациональная, д. 10, кв. 6");
        var otherName = await PreviewAsync(operatorClient, "Петров Пётр Петрович", Letters.CitizenAddress);

        Assert.Equal("matched", match.GetProperty("outcome").GetString());
        Assert.Equal(mailbox.GetProperty("id").GetGuid(), match.GetProperty("mailboxId").GetGuid());
        Assert.NotEqual("matched", neighbour.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, neighbour.TryGetProperty("mailboxId", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.Equal("name_mismatch", otherName.GetProperty("outcome").GetString());
        Assert.Equal(lettersBefore, await Db.ScalarAsync(connectionString, "select count(*) from letters"));
    }

    [Fact]
    public async Task Preview_NotOperator_Refused()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await app.LoggedInClientAsync("citizen-2.p12");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var body = new { name = Letters.CitizenName, address = Letters.CitizenAddress };

        await Problem.AssertAsync(await citizen.PostAsJsonAsync("/api/v1/addresses/resolve-preview", body), HttpStatusCode.Forbidden, "npes.auth.forbidden");
        await Problem.AssertAsync(await bank.PostAsJsonAsync("/api/v1/addresses/resolve-preview", body), HttpStatusCode.Forbidden, "npes.auth.forbidden");
        await Problem.AssertAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/addresses/resolve-preview", body), HttpStatusCode.Unauthorized, "npes.auth.required");
    }

    [Fact]
    public async Task Preview_MissingAddress_RefusedAsInvalid()
    {
        await using var app = await NpesApp.StartAsync();
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");

        using var response = await operatorClient.PostAsJsonAsync("/api/v1/addresses/resolve-preview", new { name = "X" });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.request.invalid");
    }

    private static async Task<JsonElement> PreviewAsync(HttpClient client, string name, string address)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/addresses/resolve-preview", new { name, address });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
