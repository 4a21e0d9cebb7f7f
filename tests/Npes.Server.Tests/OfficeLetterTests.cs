using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Eds.Bundles;
using Npes.Letters.Store;
using Npes.Testing;

namespace Npes.Server.Tests;

/// <summary>
/// Word and Excel letters on the real host: converted to PDF in the document worker at intake; the recipient's
/// mailbox gets the original bytes and offers the rendition; paper carries the rendition, readable by pdftotext.
/// </summary>
public sealed class OfficeLetterTests
{
    private const string Contract = "Договор поставки номер 17";
    private const string SheetTotal = "Итого к оплате";

    // Two LibreOffice conversions in one submission; on a loaded test machine they outlast HttpClient's 100 s default.
    private static readonly TimeSpan ConversionTime = TimeSpan.FromMinutes(8);

    private static readonly byte[] Docx = TestOffice.Docx(Contract);
    private static readonly byte[] Xlsx = TestOffice.Xlsx(SheetTotal, "48213");

    private static Attachment[] Documents => [new("dogovor.docx", null, Docx), new("raschet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Xlsx)];

    [Fact]
    public async Task Submit_DocxAndXlsxToAddressWithoutMailbox_PrintBatchCarriesTheirTextAsPdfPages()
    {
        await using var app = await PrintPipelineTests.StartAsync();
        using var org = await app.LoggedInClientAsync("org-1.p12");
        org.Timeout = ConversionTime;
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");

        var letter = await Letters.SendOkAsync(org, Letters.Metadata("Петров Пётр Петрович", "230005, г. Гродно, ул. Советская, д. 12, кв. 3", kind: "simple"), Documents);
        Assert.Equal("awaiting_print", letter.GetProperty("status").GetString());
        var s10 = letter.GetProperty("s10").GetString()!;
        var stored = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{letter.GetProperty("id").GetGuid():D}");
        AssertOriginalsAndRenditions(stored.GetProperty("documents"));

        var pdf = await PrintedBatchAsync(operatorClient, s10);

        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "batch.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        Tools.Run("qpdf", "--check", file);
        var text = Tools.Run("pdftotext", "-layout", file, "-");
        Assert.Contains(Contract, text, StringComparison.Ordinal);
        Assert.Contains(SheetTotal, text, StringComparison.Ordinal);
        Assert.Contains("48213", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_DocxAndXlsxToMailbox_RecipientGetsOriginalBytesAndTheRenditionTheManifestNames()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        bank.Timeout = ConversionTime;

        var letter = await Letters.SendOkAsync(bank, Letters.Metadata(kind: "simple"), Documents);
        Assert.Equal("consigned", letter.GetProperty("status").GetString());
        var id = letter.GetProperty("id").GetGuid();
        var opened = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id:D}");
        var documents = opened.GetProperty("documents");
        AssertOriginalsAndRenditions(documents);

        Assert.Equal(Docx, await citizen.GetByteArrayAsync($"/api/v1/mailbox/letters/{id:D}/documents/0"));
        Assert.Equal(Xlsx, await citizen.GetByteArrayAsync($"/api/v1/mailbox/letters/{id:D}/documents/1"));
        using var folder = new TempFolder();
        for (var position = 0; position < 2; position++)
        {
            using var response = await citizen.GetAsync($"/api/v1/mailbox/letters/{id:D}/documents/{position}/rendition");
            response.EnsureSuccessStatusCode();
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var rendition = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(documents[position].GetProperty("rendition").GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(rendition)));
            var file = Path.Combine(folder.Path, $"{position}.pdf");
            await File.WriteAllBytesAsync(file, rendition);
            Assert.Contains(position == 0 ? Contract : SheetTotal, Tools.Run("pdftotext", file, "-"), StringComparison.Ordinal);
        }

        // The signed manifest names both digests; the evidence bundle carries both files and verifies.
        var stored = await app.Services.GetRequiredService<ILetterStore>().FindAsync(id, CancellationToken.None);
        var manifest = LetterManifest.Decode(stored!.Manifest);
        Assert.Equal(SHA256.HashData(Docx), manifest.Documents[0].Sha256);
        Assert.Equal("application/pdf", manifest.Documents[0].Rendition!.MediaType);
        Assert.Equal(documents[1].GetProperty("rendition").GetProperty("sha256").GetString(), Convert.ToHexStringLower(manifest.Documents[1].Rendition!.Sha256));
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(await bank.GetByteArrayAsync($"/api/v1/letters/{id:D}/bundle"));
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Contains(verification.Checks, c => c == "rendition of 'dogovor.docx': SHA-256 matches the manifest");

        // A PDF has no rendition of its own to fetch: the original is the document.
        var plain = (await Letters.SendOkAsync(bank, Letters.Metadata(kind: "simple"), [Attachment.Pdf()])).GetProperty("id").GetGuid();
        await Problem.AssertAsync(await citizen.GetAsync($"/api/v1/mailbox/letters/{plain:D}/documents/0/rendition"), System.Net.HttpStatusCode.NotFound, "npes.resource.not_found");
    }

    [Fact]
    public async Task Print_StoredDocumentTheWorkerRefuses_PieceNeedsAttentionWithTheReasonAndServerAnswers()
    {
        await using var app = await PrintPipelineTests.StartAsync(s =>
        {
            s["Npes:Print:MaxAttempts"] = "1";
            s["Npes:Jobs:Enabled"] = "false";
        });
        using var org = await app.LoggedInClientAsync("org-1.p12");
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");
        var letter = await Letters.SendOkAsync(org, Letters.Metadata("Петров Пётр Петрович", "230005, г. Гродно, ул. Советская, д. 12, кв. 3", kind: "simple"));
        var id = letter.GetProperty("id").GetGuid();
        var s10 = letter.GetProperty("s10").GetString()!;

        // As if stored before intake checked documents: the letter now holds the PDF that overflowed PDFsharp's stack.
        var sealedSet = app.Services.GetRequiredService<Npes.Storage.Documents.SealedDocuments>().Seal(id, [TestPdf.NestedArrays(100_000)]);
        var connectionString = app.Services.GetRequiredService<Npes.Storage.NpesDatabase>().ConnectionString;
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var update = new Npgsql.NpgsqlCommand(
                "update letters set key_id = @keyId, wrapped_key = @wrapped where id = @id; update letter_documents set sealed = @sealed where letter_id = @id",
                connection);
            update.Parameters.AddWithValue("keyId", sealedSet.Key.KeyId);
            update.Parameters.AddWithValue("wrapped", sealedSet.Key.Wrapped);
            update.Parameters.AddWithValue("sealed", sealedSet.Parts[0]);
            update.Parameters.AddWithValue("id", id);
            await update.ExecuteNonQueryAsync();
        }

        await app.Services.GetRequiredService<Npes.Print.Pipeline.PrintPipeline>().SweepAsync(CancellationToken.None);
        await app.Services.GetRequiredService<Npes.Print.Pipeline.PrintJobs>().RenderAsync(id, CancellationToken.None);

        var piece = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/print/pieces/{s10}");
        Assert.Equal("needs_attention", piece.GetProperty("state").GetString());
        Assert.Contains("nest", piece.GetProperty("lastError").GetString()!, StringComparison.OrdinalIgnoreCase);
        using var anonymous = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    private static void AssertOriginalsAndRenditions(JsonElement documents)
    {
        Assert.Equal(2, documents.GetArrayLength());
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", documents[0].GetProperty("mediaType").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Docx)), documents[0].GetProperty("sha256").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Xlsx)), documents[1].GetProperty("sha256").GetString());
        Assert.Equal("dogovor.docx.pdf", documents[0].GetProperty("rendition").GetProperty("name").GetString());
        Assert.Equal("application/pdf", documents[1].GetProperty("rendition").GetProperty("mediaType").GetString());
    }

    /// <summary>Waits for the letter's piece, closes the day's batch and downloads its file once built.</summary>
    private static async Task<byte[]> PrintedBatchAsync(HttpClient operatorClient, string s10)
    {
        await WaitForAsync(async () =>
        {
            using var piece = await operatorClient.GetAsync($"/api/v1/print/pieces/{s10}");
            if (!piece.IsSuccessStatusCode)
            {
                return false;
            }

            var state = (await piece.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
            Assert.NotEqual("needs_attention", state);
            return state == "batched";
        });
        using var close = await operatorClient.PostAsync("/api/v1/print/batches/close", null);
        Assert.True(close.IsSuccessStatusCode, await close.Content.ReadAsStringAsync());
        var number = Assert.Single((await close.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closed").EnumerateArray()).GetProperty("number").GetString()!;
        await WaitForAsync(async () => (await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/print/batches/{number}")).GetProperty("batch").GetProperty("state").GetString() == "ready");
        return await operatorClient.GetByteArrayAsync($"/api/v1/print/batches/{number}/file");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The print pipeline did not finish in time.");
            await Task.Delay(250);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("npes-office-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
