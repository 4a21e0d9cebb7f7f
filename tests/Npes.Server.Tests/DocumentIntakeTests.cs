using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Documents.Workers;
using Npes.Testing;

namespace Npes.Server.Tests;

/// <summary>One real host for the hostile-document cases: each is a refusal, so nothing is ever stored in its database.</summary>
public sealed class HostileDocumentsHost : IAsyncLifetime
{
    public NpesApp App { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public HttpClient Bank { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await NpesApp.StartAsync(s => ConnectionString = s["ConnectionStrings:Npes"]!);
        Bank = await App.LoggedInClientAsync("org-1.p12");
    }

    public async Task DisposeAsync()
    {
        Bank.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>
/// Sender documents on the real host: every byte is parsed in the document worker, never in the server. Hostile
/// files are refused with their codes while the server keeps answering; a worker killed in the middle of an
/// inspection costs that one submission; office documents reach the recipient as sent and paper as PDF.
/// </summary>
public sealed class DocumentIntakeTests(HostileDocumentsHost host) : IClassFixture<HostileDocumentsHost>
{
    private static readonly string[] Tables = ["letters", "letter_documents", "letter_receipts", "evidence_events", "paper_queue"];

    public static TheoryData<string, string, int> HostileDocuments => new()
    {
        { "nested-arrays-pdf", "npes.letter.document_too_complex", 422 },
        { "nested-arrays-pdf-qpdf-reads", "npes.letter.document_too_complex", 422 },
        { "flate-bomb-pdf", "npes.letter.document_too_complex", 422 },
        { "png-30000x30000", "npes.letter.document_image_too_large", 422 },
        { "truncated-docx", "npes.letter.document_invalid", 400 },
        { "encrypted-xlsx", "npes.letter.document_encrypted", 400 },
        { "docm-with-macro", "npes.letter.document_macros", 400 },
        { "pdf-JavaScript", "npes.letter.document_active_content", 400 },
        { "pdf-Launch", "npes.letter.document_active_content", 400 },
        { "pdf-URI", "npes.letter.document_active_content", 400 },
        { "pdf-SubmitForm", "npes.letter.document_active_content", 400 },
        { "pdf-GoToR", "npes.letter.document_active_content", 400 },
        { "pdf-ImportData", "npes.letter.document_active_content", 400 },
        { "pdf-EmbeddedFile", "npes.letter.document_active_content", 400 },
        { "pdf-XFA", "npes.letter.document_active_content", 400 },
        { "pdf-RichMedia", "npes.letter.document_active_content", 400 },
        { "name-with-slash", "npes.letter.document_name_invalid", 400 },
        { "name-with-backslash", "npes.letter.document_name_invalid", 400 },
        { "name-climbing-up", "npes.letter.document_name_invalid", 400 },
        { "name-absolute-unix", "npes.letter.document_name_invalid", 400 },
        { "name-absolute-windows", "npes.letter.document_name_invalid", 400 },
        { "name-with-control-character", "npes.letter.document_name_invalid", 400 },
        { "name-with-right-to-left-override", "npes.letter.document_name_invalid", 400 },
        { "name-of-a-device", "npes.letter.document_name_invalid", 400 },
    };

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task Submit_HostileDocument_RefusedWithCodeNothingStoredServerAlive(string input, string code, int status)
    {
        using var anonymous = host.App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var before = await CountsAsync();

        var (name, type, content) = Hostile(input);
        using var response = await Letters.SendAsync(host.Bank, Letters.Metadata(), [new Attachment(name, type, content), Attachment.Pdf("covering-letter.pdf")]);

        var problem = await Problem.AssertAsync(response, (HttpStatusCode)status, code);
        Assert.DoesNotContain("\u202E", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    private static (string Name, string? Type, byte[] Content) Hostile(string input) => input switch
    {
        "nested-arrays-pdf" => ("nested.pdf", "application/pdf", TestPdf.NestedArrays(100_000)),
        "nested-arrays-pdf-qpdf-reads" => ("nested.pdf", "application/pdf", TestPdf.NestedArrays(300)),
        "flate-bomb-pdf" => ("bomb.pdf", "application/pdf", TestPdf.FlateBomb(300)),
        "png-30000x30000" => ("scan.png", "image/png", TestOffice.Png(30_000, 30_000)),
        "truncated-docx" => ("contract.docx", null, TestOffice.Docx("Договор")[..^600]),
        "encrypted-xlsx" => ("salaries.xlsx", null, TestOffice.EncryptedXlsx()),
        "docm-with-macro" => ("invoice.docm", null, Docm()),
        _ when input.StartsWith("pdf-", StringComparison.Ordinal) => ActivePdf(input["pdf-".Length..]),
        "name-with-slash" => ("letters/a.pdf", "application/pdf", TestPdf.Pages()),
        "name-with-backslash" => ("..\\..\\Startup\\a.pdf", "application/pdf", TestPdf.Pages()),
        "name-climbing-up" => ("..", "application/pdf", TestPdf.Pages()),
        "name-absolute-unix" => ("/etc/cron.d/a.pdf", "application/pdf", TestPdf.Pages()),
        "name-absolute-windows" => ("C:a.pdf", "application/pdf", TestPdf.Pages()),
        "name-with-control-character" => ("a\u0007.pdf", "application/pdf", TestPdf.Pages()),
        "name-with-right-to-left-override" => ("invoice\u202Efdp.exe", "application/pdf", TestPdf.Pages()),
        "name-of-a-device" => ("CON.pdf", "application/pdf", TestPdf.Pages()),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown hostile document."),
    };

    private static byte[] Docm()
    {
        var vba = TestOffice.CompoundFile(("dir", new byte[600]), ("PROJECT", Encoding.ASCII.GetBytes("ID=\"{00000000-0000-0000-0000-000000000000}\"\r\nDocument=ThisDocument/&H00000000\r\n")));
        return TestOffice.Docx(
            "Счёт",
            TestOffice.WordMacroMain,
            documentRels: """<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>""",
            extraParts: ("word/vbaProject.bin", vba));
    }

    /// <summary>A one-page PDF carrying one kind of active content (the same structures the worker's own tests use).</summary>
    private static (string, string?, byte[]) ActivePdf(string kind)
    {
        var (catalog, page) = kind switch
        {
            "JavaScript" => ("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", string.Empty),
            "Launch" => ("/OpenAction << /S /Launch /F (calc.exe) >>", string.Empty),
            "URI" => (string.Empty, "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (http://example.invalid/) >> >>]"),
            "SubmitForm" => ("/AcroForm << /Fields [] >>", "/Annots [<< /Type /Annot /Subtype /Widget /FT /Btn /T (b) /Rect [0 0 10 10] /A << /S /SubmitForm /F (http://example.invalid/) >> >>]"),
            "GoToR" => ("/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>", string.Empty),
            "ImportData" => ("/OpenAction << /S /ImportData /F (data.fdf) >>", string.Empty),
            "EmbeddedFile" => ("/Names << /EmbeddedFiles << /Names [(a.txt) << /Type /Filespec /F (a.txt) /EF << /F 6 0 R >> >>] >> >>", string.Empty),
            "XFA" => ("/AcroForm << /Fields [] /XFA 6 0 R >>", string.Empty),
            "RichMedia" => (string.Empty, "/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>]"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of active content."),
        };
        return ("active.pdf", "application/pdf", TestPdf.Pages(1, catalog, page, TestPdf.Stream("/Type /EmbeddedFile", TestPdf.Text("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"/>"))));
    }

    [Fact]
    public async Task Submit_WorkerKilledMidInspection_RefusedNothingStoredAndTheNextSubmissionSucceeds()
    {
        var pool = host.App.Services.GetRequiredService<WorkerPool>();
        using var anonymous = host.App.CreateClient();

        // A docx keeps its worker busy for a while: LibreOffice converts it, as a child of the worker.
        var sending = Letters.SendAsync(host.Bank, Letters.Metadata(), [new Attachment("contract.docx", null, TestOffice.Docx(string.Join(' ', Enumerable.Repeat("Договор поставки.", 400))))]);
        var before = await CountsAsync();
        var worker = await WorkerRunningLibreOfficeAsync(pool, sending);
        worker.Kill(entireProcessTree: true);

        using (var refused = await sending)
        {
            await Problem.AssertAsync(refused, HttpStatusCode.UnprocessableEntity, "npes.letter.document_worker_failed");
        }

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var next = await Letters.SendOkAsync(host.Bank, Letters.Metadata(name: "Петров Пётр Петрович", address: "230005, г. Гродно, ул. Советская, д. 12, кв. 3", kind: "simple"), [Attachment.Pdf()]);
        Assert.Equal("awaiting_print", next.GetProperty("status").GetString());
        Assert.DoesNotContain(worker.Id, pool.ProcessIds);
    }

    /// <summary>Rows in every table a submission writes to.</summary>
    private async Task<string> CountsAsync()
    {
        var counts = new List<string>();
        foreach (var table in Tables)
        {
            counts.Add(table + "=" + await Db.ScalarAsync(host.ConnectionString, $"select count(*) from {table}"));
        }

        return string.Join(", ", counts);
    }

    /// <summary>The worker process that has LibreOffice running for the submission in flight.</summary>
    private static async Task<Process> WorkerRunningLibreOfficeAsync(WorkerPool pool, Task<HttpResponseMessage> sending)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(sending.IsCompleted, "The submission ended before its worker started LibreOffice.");
            foreach (var pid in pool.ProcessIds)
            {
                // Each thread lists the children it started; the worker starts LibreOffice from its request thread.
                if (HasChildren(pid))
                {
                    return Process.GetProcessById(pid);
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("No document worker started LibreOffice.");
    }

    private static bool HasChildren(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .Any(task => File.Exists(Path.Combine(task, "children")) && File.ReadAllText(Path.Combine(task, "children")).Trim().Length > 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the worker ended meanwhile
        }
    }

    [Fact]
    public async Task Capabilities_OfficeInstalled_SaysOfficeConversionAndTheLimits()
    {
        var pool = host.App.Services.GetRequiredService<WorkerPool>();
        await pool.WarmAsync(CancellationToken.None);
        using var anonymous = host.App.CreateClient();

        var capabilities = await PollAsync(async () => await host.Bank.GetFromJsonAsync<JsonElement>("/api/v1/letters/capabilities"), c => c.GetProperty("inspection").GetBoolean());
        var ready = await anonymous.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.True(capabilities.GetProperty("officeConversion").GetBoolean());
        Assert.Equal(["pdf", "png", "jpeg", "text", "doc", "docx", "xls", "xlsx", "odt", "ods"], capabilities.GetProperty("formats").EnumerateArray().Select(f => f.GetString()!).ToArray());
        Assert.Equal(3, capabilities.GetProperty("maxDocuments").GetInt32());
        Assert.Equal(10L * 1024 * 1024, capabilities.GetProperty("maxTotalBytes").GetInt64());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("documents").GetProperty("status").GetString());
        Assert.Contains("office conversion available", ready.GetProperty("checks").GetProperty("documents").GetProperty("description").GetString()!, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
