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
    public async Task Confirm_WrongCodes_CountedThenLockedUntilNewCode()
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
        using var confirmed = await citizen.PostAsJsonAsync($"/api/v1/mailboxes/me/addresses/{id}/confirm", new { code = newCode });

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
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
