using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Npes.Server.Tests;

public sealed class MailboxTests
{
    [Fact]
    public async Task Register_CitizenAfterLogin_MailboxReadsBack()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync("citizen-1.p12");

        using var created = await client.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5", "Minsk, vul. Niezalieznasci 4" } });
        using var read = await client.GetAsync("/api/v1/mailboxes/me");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/mailboxes/me", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var mailbox = await read.Content.ReadFromJsonAsync<JsonElement>();
        var createdBody = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(createdBody.GetProperty("id").GetGuid(), mailbox.GetProperty("id").GetGuid());
        Assert.Equal("Иванов Иван Иванович", mailbox.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal("3140582A001PB1", mailbox.GetProperty("owner").GetProperty("personalNumber").GetString());
        var addresses = mailbox.GetProperty("addresses").EnumerateArray().ToList();
        Assert.Equal("220030, г. Минск, ул. Интернациональная, д. 10, кв. 5", addresses[0].GetProperty("text").GetString());
        Assert.Equal("220030 г минск ул интернациональная д 10 кв 5", addresses[0].GetProperty("normalized").GetString());
        Assert.All(addresses, a => Assert.False(a.GetProperty("confirmed").GetBoolean()));
    }

    [Fact]
    public async Task Register_Twice_RefusedAsExistsAndFirstKept()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync("org-1.p12");
        using var first = await client.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { "220030, г. Минск, ул. Энгельса, 6" } });

        using var second = await client.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { "elsewhere" } });

        await Problem.AssertAsync(second, HttpStatusCode.Conflict, "npes.mailbox.exists");
        var mailbox = await client.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes/me");
        Assert.Equal("220030, г. Минск, ул. Энгельса, 6", mailbox.GetProperty("addresses")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task GetMine_BeforeRegistering_RefusedAsNotFound()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync("citizen-2.p12");

        using var response = await client.GetAsync("/api/v1/mailboxes/me");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "npes.mailbox.not_found");
    }

    [Fact]
    public async Task GetMine_AnotherPartysMailboxExists_SeesOnlyOwn()
    {
        await using var app = await NpesApp.StartAsync();
        using var owner = await app.LoggedInClientAsync("citizen-1.p12");
        using var other = await app.LoggedInClientAsync("citizen-2.p12");
        using var created = await owner.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { "г. Гродно, ул. Советская, 1" } });

        using var response = await other.GetAsync("/api/v1/mailboxes/me");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "npes.mailbox.not_found");
    }

    [Theory]
    [InlineData("{\"addresses\":[]}", "npes.mailbox.address_invalid")]
    [InlineData("{}", "npes.mailbox.address_invalid")]
    [InlineData("{\"addresses\":[\"   \"]}", "npes.mailbox.address_invalid")]
    [InlineData("{\"addresses\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}", "npes.mailbox.addresses_too_many")]
    [InlineData("{\"addresses\":[\"ул. Ленина, 1\",\"ул Ленина 1\"]}", "npes.mailbox.address_invalid")]
    [InlineData("{\"addresses\":\"not a list\"}", "npes.request.invalid")]
    public async Task Register_BadAddresses_RefusedAndNothingStored(string body, string code)
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync("citizen-1.p12");

        using var response = await client.PostAsync("/api/v1/mailboxes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, code);
        await Problem.AssertAsync(await client.GetAsync("/api/v1/mailboxes/me"), HttpStatusCode.NotFound, "npes.mailbox.not_found");
    }

    [Fact]
    public async Task Register_AddressTooLong_RefusedAndNothingStored()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync("citizen-1.p12");

        using var response = await client.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { "ok address 1", new string('x', 501) } });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.mailbox.address_invalid");
        await Problem.AssertAsync(await client.GetAsync("/api/v1/mailboxes/me"), HttpStatusCode.NotFound, "npes.mailbox.not_found");
    }

    [Fact]
    public async Task Mailbox_WithoutToken_RefusedAsUnauthenticated()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().GetAsync("/api/v1/mailboxes/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.required");
    }

    [Fact]
    public async Task Mailbox_UnknownToken_RefusedAsInvalidToken()
    {
        await using var app = await NpesApp.StartAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "npes_forged");

        using var response = await client.GetAsync("/api/v1/mailboxes/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.token_invalid");
    }

    [Fact]
    public async Task Mailbox_TokenAfterLifetime_RefusedAsInvalidToken()
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync("citizen-1.p12");
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        using var response = await client.GetAsync("/api/v1/mailboxes/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.token_invalid");
    }

    [Fact]
    public async Task Login_TokenIsStoredOnlyAsHash()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(settings => connectionString = settings["ConnectionStrings:Npes"]!);
        using var response = await app.LoginAsync("citizen-1.p12");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var hashed = new NpgsqlCommand("select count(*) from sessions where token_hash = sha256(convert_to(@token, 'UTF8'))", connection);
        hashed.Parameters.AddWithValue("token", token);
        await using var plain = new NpgsqlCommand("select count(*) from sessions s where position(@token in s::text) > 0", connection);
        plain.Parameters.AddWithValue("token", token[5..]);

        Assert.Equal(1L, await hashed.ExecuteScalarAsync());
        Assert.Equal(0L, await plain.ExecuteScalarAsync());
    }
}
