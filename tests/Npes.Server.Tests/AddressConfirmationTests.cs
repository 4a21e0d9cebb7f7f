using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Npes.Server.Tests;

public sealed class AddressConfirmationTests
{
    [Fact]
    public async Task Register_SendsCodeOnPaper_LettersGoOnPaperUntilConfirmedThenToMailbox()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var registered = await citizen.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } });
        var address = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses")[0];
        var codeLetter = address.GetProperty("confirmationLetterId").GetGuid();

        var before = await Letters.SendOkAsync(bank);
        var code = await PaperCodes.ReadAsync(app, codeLetter);
        using var confirmed = await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{address.GetProperty("id").GetGuid()}/confirm", new { code });
        var after = await Letters.SendOkAsync(bank);

        Assert.False(address.GetProperty("confirmed").GetBoolean());
        Assert.Equal(1L, await Db.ScalarAsync(connectionString, "select count(*) from paper_queue where letter_id = @id", codeLetter));
        Assert.Equal("awaiting_print", before.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True((await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses")[0].GetProperty("confirmed").GetBoolean());
        Assert.Equal("consigned", after.GetProperty("status").GetString());
        Assert.Equal("matched", after.GetProperty("routing").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Confirm_WrongCodes_LockedForTheWindowAndANewCodeDoesNotLiftIt()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");
        using var registered = await citizen.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } });
        var address = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses")[0];
        var id = address.GetProperty("id").GetGuid();
        var code = await PaperCodes.ReadAsync(app, address.GetProperty("confirmationLetterId").GetGuid());
        var wrong = code == "00000000" ? "11111111" : "00000000";

        for (var i = 1; i < 5; i++)
        {
            await Problem.AssertAsync(await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code = wrong }), HttpStatusCode.BadRequest, "npes.mailbox.confirmation_code_wrong");
        }

        await Problem.AssertAsync(await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code = wrong }), HttpStatusCode.Forbidden, "npes.mailbox.confirmation_locked");
        await Problem.AssertAsync(await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code }), HttpStatusCode.Forbidden, "npes.mailbox.confirmation_locked");
        await Problem.AssertAsync(await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code = "12ab" }), HttpStatusCode.BadRequest, "npes.mailbox.confirmation_code_wrong");

        using var resent = await citizen.PostAsync($"/api/v1/mailboxes/me/addresses/{id}/code", null);
        var newLetter = (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses")[0].GetProperty("confirmationLetterId").GetGuid();
        var newCode = await PaperCodes.ReadAsync(app, newLetter);
        using var stillLocked = await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code = newCode });
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        using var citizenAgain = await app.LoggedInClientAsync("citizen-1.p12");
        using var confirmed = await citizenAgain.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code = newCode });

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        await Problem.AssertAsync(stillLocked, HttpStatusCode.Forbidden, "npes.mailbox.confirmation_locked");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    [Fact]
    public async Task ResendCode_SixthInPeriod_RefusedWithCodeAndNothingPrinted()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");
        using var registered = await citizen.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } });
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses")[0].GetProperty("id").GetGuid();
        for (var i = 1; i <= 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            using var resent = await citizen.PostAsync($"/api/v1/mailboxes/me/addresses/{id}/code", null);
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        }

        var letters = await Db.ScalarAsync(connectionString, "select count(*) from letters");
        var paper = await Db.ScalarAsync(connectionString, "select count(*) from paper_queue");
        var lastLetter = (await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes/me")).GetProperty("addresses")[0].GetProperty("confirmationLetterId").GetGuid();

        using var sixth = await citizen.PostAsync($"/api/v1/mailboxes/me/addresses/{id}/code", null);

        var problem = await Problem.AssertAsync(sixth, (HttpStatusCode)429, "npes.mailbox.confirmation_resend_limit");
        Assert.StartsWith("5 of 5 new codes for this address were sent in the period; the next is possible after ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = sixth.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(9), TimeSpan.FromDays(30) - TimeSpan.FromMinutes(7));
        Assert.Equal(letters, await Db.ScalarAsync(connectionString, "select count(*) from letters"));
        Assert.Equal(paper, await Db.ScalarAsync(connectionString, "select count(*) from paper_queue"));
        Assert.Equal(lastLetter, (await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes/me")).GetProperty("addresses")[0].GetProperty("confirmationLetterId").GetGuid());

        // Counted in the evidence: the fifth resend's letter says so in its routing event.
        Assert.Equal(1L, await Db.ScalarAsync(
            connectionString,
            "select count(*) from evidence_events where letter_id = @id and convert_from(encoded, 'UTF8') like '%resend 5 of 5 for this address%'",
            lastLetter));

        // The oldest resend leaves the period: one more is possible.
        app.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(7));
        using var citizenAgain = await app.LoggedInClientAsync("citizen-1.p12");
        using var later = await citizenAgain.PostAsync($"/api/v1/mailboxes/me/addresses/{id}/code", null);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
    }

    [Fact]
    public async Task ResendCode_MailboxLimitAcrossAddresses_Refused()
    {
        await using var app = await NpesApp.StartAsync(s => s["Npes:Letters:ConfirmationCodes:MaxResendsPerMailbox"] = "3");
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");
        using var registered = await citizen.PostAsJsonAsync(
            "/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress, "г. Гомель, ул. Советская, д. 3, кв. 7" } });
        var ids = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();

        var statuses = new List<HttpStatusCode>();
        foreach (var id in new[] { ids[0], ids[1], ids[0], ids[1] })
        {
            using var response = await citizen.PostAsync($"/api/v1/mailboxes/me/addresses/{id}/code", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == (HttpStatusCode)429)
            {
                var problem = await Problem.AssertAsync(response, (HttpStatusCode)429, "npes.mailbox.confirmation_resend_limit");
                Assert.StartsWith("3 of 3 new codes for this mailbox", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, (HttpStatusCode)429], statuses);
    }

    [Fact]
    public async Task Confirm_SomeoneElsesAddress_NotFound()
    {
        await using var app = await NpesApp.StartAsync();
        using var owner = await app.LoggedInClientAsync("citizen-1.p12");
        using var other = await Letters.CitizenWithMailboxAsync(app, "citizen-2.p12", "г. Гомель, ул. Советская, д. 3, кв. 7");
        using var registered = await owner.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } });
        var address = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addresses")[0];
        var code = await PaperCodes.ReadAsync(app, address.GetProperty("confirmationLetterId").GetGuid());

        using var response = await other.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{address.GetProperty("id").GetGuid()}/confirm", new { code });

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "npes.mailbox.address_not_found");
    }
}
