using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Npes.Server.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Health_DatabaseMigrated_LiveAndReady()
    {
        await using var app = await NpesApp.StartAsync();
        var client = app.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Ready_DatabaseNotMigrated_ServiceUnavailable()
    {
        var empty = await Npes.Testing.TestPostgres.CreateEmptyDatabaseAsync();
        await using var app = await NpesApp.StartAsync(settings => settings["ConnectionStrings:Npes"] = empty);

        using var live = await app.CreateClient().GetAsync("/health/live");
        using var ready = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheApi()
    {
        await using var app = await NpesApp.StartAsync();

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        using var ui = await app.CreateClient().GetAsync("/docs/index.html");

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/v1/auth/challenge", "/api/v1/auth/login", "/api/v1/mailboxes", "/api/v1/mailboxes/me",
            "/api/v1/letters", "/api/v1/letters/{id}", "/api/v1/letters/{id}/receipts/{kind}", "/api/v1/letters/{id}/bundle",
            "/api/v1/mailbox/letters", "/api/v1/mailbox/letters/{id}", "/api/v1/mailbox/letters/{id}/documents/{position}",
            "/api/v1/mailbox/letters/{id}/documents/{position}/rendition", "/api/v1/letters/capabilities",
            "/api/v1/mailbox/letters/{id}/statement", "/api/v1/mailbox/letters/{id}/handover", "/api/v1/mailbox/letters/{id}/refuse",
            "/api/v1/auth/mobile/start", "/api/v1/auth/mobile/poll", "/api/v1/mailbox/letters/{id}/handover/mobile", "/api/v1/mailbox/letters/{id}/handover/mobile/poll",
            "/api/v1/webhook", "/api/v1/webhook/deliveries", "/api/v1/evidence/log",
            "/api/v1/addresses/parse", "/api/v1/addresses/resolve-preview",
            "/api/v1/mailboxes/me/addresses/{addressId}/confirm", "/api/v1/mailboxes/me/addresses/{addressId}/code",
            "/api/v1/print/batches", "/api/v1/print/batches/close", "/api/v1/print/batches/{batch}", "/api/v1/print/batches/{batch}/file",
            "/api/v1/print/batches/{batch}/manifest.json", "/api/v1/print/batches/{batch}/manifest.csv",
            "/api/v1/print/batches/{batch}/printed", "/api/v1/print/batches/{batch}/dispatched", "/api/v1/print/pieces/{s10}",
            "/api/v1/print/pieces/{s10}/outcome", "/api/v1/print/pieces/{s10}/retry", "/api/v1/print/attention", "/api/v1/print/counts", "/api/v1/verify/{s10}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), path + " missing from OpenAPI");
        }

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);

        // Office documents: the document shape names the PDF rendition beside the original.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("DocumentDto").GetProperty("properties").TryGetProperty("rendition", out _));
        Assert.True(schemas.TryGetProperty("RenditionDto", out _));
        Assert.True(schemas.TryGetProperty("DocumentCapabilitiesDto", out _));
        var submit = paths.GetProperty("/api/v1/letters").GetProperty("post");
        Assert.Contains("docx", submit.GetProperty("description").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_RefusedAsProblem()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().GetAsync("/api/v1/nothing-here");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "npes.resource.not_found");
    }
}
