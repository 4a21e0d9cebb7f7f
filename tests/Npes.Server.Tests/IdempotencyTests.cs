using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Npes.Server.Tests;

public sealed class IdempotencyTests
{
    [Fact]
    public async Task Submit_SameKeySameBody_SameLetterAndReceipt()
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var pdf = TestDocuments.Pdf();

        using var first = await Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", pdf)], "invoice-2026-11-0001");
        using var second = await Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", pdf)], "invoice-2026-11-0001");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.Equal(a.GetProperty("s10").GetString(), b.GetProperty("s10").GetString());
        Assert.Equal(a.GetProperty("receipt").GetString(), b.GetProperty("receipt").GetString());
    }

    [Fact]
    public async Task Submit_SameKeyOtherBody_RefusedAsConflict()
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var first = await Letters.SendAsync(bank, Letters.Metadata(subject: "one"), idempotencyKey: "k-1");

        using var second = await Letters.SendAsync(bank, Letters.Metadata(subject: "two"), idempotencyKey: "k-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await Problem.AssertAsync(second, HttpStatusCode.UnprocessableEntity, "npes.letter.idempotency_conflict");
    }

    [Fact]
    public async Task Submit_SameKeyOtherSender_IndependentLetters()
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var shop = await app.LoggedInClientAsync("org-2.p12");

        using var a = await Letters.SendAsync(bank, Letters.Metadata(), idempotencyKey: "shared-key");
        using var b = await Letters.SendAsync(shop, Letters.Metadata(), idempotencyKey: "shared-key");

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
    }

    [Fact]
    public async Task Submit_FiftyConcurrentIdenticalRequests_ExactlyOneLetter()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var pdf = TestDocuments.Pdf();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Letters.SendAsync(bank, Letters.Metadata(), [new("a.pdf", "application/pdf", pdf)], "concurrent-key")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1L, await Db.ScalarAsync(connectionString, "select count(*) from letters"));
        Assert.Equal(2L, await Db.ScalarAsync(connectionString, "select count(*) from evidence_events"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task S10_ManyLetters_UniqueAndValid()
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");

        var sent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Letters.SendOkAsync(bank, Letters.Metadata(subject: $"letter {i}"))));
        var ids = sent.Select(s => s.GetProperty("s10").GetString()!).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(Npes.Core.Letters.S10.IsValid(id), id));
        Assert.All(ids, id => Assert.StartsWith("RR", id, StringComparison.Ordinal));
        Assert.All(ids, id => Assert.EndsWith("BY", id, StringComparison.Ordinal));
    }
}
