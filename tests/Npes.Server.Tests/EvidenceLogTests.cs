using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds.Bundles;

namespace Npes.Server.Tests;

public sealed class EvidenceLogTests
{
    [Fact]
    public async Task ExportedLog_VerifiesOffline_AndEveryTamperingIsNamed()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var shop = await app.LoggedInClientAsync("org-2.p12");
        var first = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        await Letters.SendOkAsync(shop, Letters.Metadata(name: "Нет Такого", address: "г. Пинск, ул. Ленина, 1"));
        (await Letters.DecideAsync(citizen, first, "accept")).EnsureSuccessStatusCode();
        await Letters.SendOkAsync(bank, Letters.Metadata(kind: "simple"));
        using var auditor = await app.LoggedInClientAsync("operator-1.p12");

        var page1 = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/evidence/log?after=0&limit=3");
        var page2 = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/evidence/log?after=3&limit=100");
        var log = page1.EnumerateArray().Concat(page2.EnumerateArray())
            .Select(e => new ExportedEvent(Convert.FromBase64String(e.GetProperty("encoded").GetString()!), Convert.FromBase64String(e.GetProperty("signature").GetString()!)))
            .ToList();
        var verifier = app.Services.GetRequiredService<EvidenceLogVerifier>();

        var verification = verifier.Verify(log);

        Assert.True(verification.IsValid, verification.Failure);
        Assert.Equal(await Db.ScalarAsync(connectionString, "select count(*) from evidence_events"), verification.Events);
        Assert.Equal(10, verification.Events); // three letters and the paper letter with the address code
        Assert.Equal(4, verification.Letters);

        var edited = log.ToList();
        edited[4] = edited[4] with { Encoded = [.. edited[4].Encoded[..^2], (byte)' ', .. edited[4].Encoded[^2..]] };
        Assert.StartsWith("event #5:", verifier.Verify(edited).Failure, StringComparison.Ordinal);

        var gap = log.Where((_, i) => i != 2).ToList();
        Assert.Contains("gap", verifier.Verify(gap).Failure, StringComparison.Ordinal);

        var resigned = log.ToList();
        resigned[6] = resigned[6] with { Signature = log[5].Signature };
        Assert.StartsWith("event #7", verifier.Verify(resigned).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportLog_NotAnAuditor_ForbiddenOrUnauthenticated()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");

        await Problem.AssertAsync(await citizen.GetAsync("/api/v1/evidence/log"), HttpStatusCode.Forbidden, "npes.auth.forbidden");
        await Problem.AssertAsync(await app.CreateClient().GetAsync("/api/v1/evidence/log"), HttpStatusCode.Unauthorized, "npes.auth.required");
    }
}
