using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npes.Letters.Expiry;
using Npes.Letters.Store;
using Npes.Print.Rendering;
using Npes.Testing;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>
/// The paper leg on the real host, real PostgreSQL and the real job engine (Hangfire): letters to addresses
/// without a mailbox are rendered, batched, closed and built; the batch file is checked with qpdf, poppler and
/// zbar; the operator's actions enter each letter's evidence chain.
/// </summary>
public sealed partial class PrintPipelineTests
{
    private static readonly (string Name, string Address, string Postcode)[] Recipients =
    [
        ("Петров Пётр Петрович", "230005, г. Гродно, ул. Советская, д. 12, кв. 3", "230005"),
        ("Сидорова Анна Михайловна", "210001, г. Витебск, пр-т Фрунзе, д. 7, кв. 41", "210001"),
        ("ООО «Ромашка»", "220030, г. Минск, ул. Немига, д. 5, пом. 2", "220030"),
    ];

    [Fact]
    public async Task UnregisteredAddresses_EndInCheckedBatch_AndOperatorActionsAreEvidence()
    {
        await using var app = await StartAsync();
        using var org = await app.LoggedInClientAsync("org-1.p12");
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");
        var sent = new List<(Guid Id, string S10, int Index)>();
        for (var i = 0; i < Recipients.Length; i++)
        {
            var letter = await Letters.SendOkAsync(
                org,
                Letters.Metadata(Recipients[i].Name, Recipients[i].Address, kind: "simple", subject: "Счёт " + i),
                [new Attachment("invoice.pdf", "application/pdf", TestDocuments.Pdf(pages: i + 1))]);
            Assert.Equal("awaiting_print", letter.GetProperty("status").GetString());
            sent.Add((letter.GetProperty("id").GetGuid(), letter.GetProperty("s10").GetString()!, i));
        }

        foreach (var (_, s10, _) in sent)
        {
            await WaitForAsync(async () => (await PieceAsync(operatorClient, s10)).GetProperty("state").GetString() == "batched", $"piece {s10} batched");
        }

        using var close = await operatorClient.PostAsync("/api/v1/print/batches/close", null);
        Assert.True(close.IsSuccessStatusCode, await close.Content.ReadAsStringAsync());
        var closed = (await close.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closed");
        var batch = Assert.Single(closed.EnumerateArray());
        var number = batch.GetProperty("number").GetString()!;
        Assert.Equal(3, batch.GetProperty("pieces").GetInt32());
        await WaitForAsync(async () => (await BatchAsync(operatorClient, number)).GetProperty("batch").GetProperty("state").GetString() == "ready", $"batch {number} ready");

        var pdf = await operatorClient.GetByteArrayAsync($"/api/v1/print/batches/{number}/file");
        var manifest = JsonDocument.Parse(await operatorClient.GetByteArrayAsync($"/api/v1/print/batches/{number}/manifest.json")).RootElement;
        var csv = await operatorClient.GetStringAsync($"/api/v1/print/batches/{number}/manifest.csv");
        var folder = Directory.CreateTempSubdirectory("npes-print-test-");
        try
        {
            var file = Path.Combine(folder.FullName, number + ".pdf");
            await File.WriteAllBytesAsync(file, pdf);
            Tools.Run("qpdf", "--check", file);
            var totalPages = int.Parse(Tools.Run("qpdf", "--show-npages", file).Trim(), CultureInfo.InvariantCulture);

            // Manifest: presorted by postcode; pages add up; SHA-256 of the file as downloaded.
            var pieces = manifest.GetProperty("pieces").EnumerateArray().ToList();
            Assert.Equal(["210001", "220030", "230005"], pieces.Select(p => p.GetProperty("postcode").GetString()!).ToArray());
            Assert.Equal(totalPages, pieces.Sum(p => p.GetProperty("pages").GetInt32()));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), manifest.GetProperty("file").GetProperty("sha256").GetString());
            Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            var words = Words(file);
            var window = new PrintLayoutOptions();
            foreach (var piece in pieces)
            {
                var s10 = piece.GetProperty("s10").GetString()!;
                var first = piece.GetProperty("firstPage").GetInt32();
                var pages = piece.GetProperty("pages").GetInt32();
                var recipient = Recipients[sent.Single(s => s.S10 == s10).Index];
                Assert.Equal(0, pages % 2); // duplex: the next piece starts on a front side
                Assert.Equal(1, first % 2);

                // The window holds the recipient's name and address words, and nothing else.
                var touching = words.Where(w => w.Page == first && w.Touches(window)).ToList();
                Assert.All(touching, w => Assert.True(w.Within(window), $"'{w.Text}' crosses the window's edge"));
                var inWindow = touching.Select(w => w.Text).ToList();
                var expected = (recipient.Name + " " + recipient.Address).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                Assert.All(inWindow, w => Assert.Contains(w.Trim(',', '.'), expected.Select(e => e.Trim(',', '.'))));
                Assert.All(recipient.Name.Split(' '), w => Assert.Contains(w, inWindow));
                Assert.Contains(recipient.Postcode, inWindow);

                // Every page of the piece carries its S10 in the footer.
                for (var page = first; page < first + pages; page++)
                {
                    Assert.Contains(words, w => w.Page == page && w.Text.Contains(s10, StringComparison.Ordinal));
                }

                // The barcode and the QR code decode to the S10 id and the letter's manifest digest.
                var png = Path.Combine(folder.FullName, s10);
                Tools.Run("pdftoppm", "-r", "300", "-png", "-f", first.ToString(CultureInfo.InvariantCulture), "-l", first.ToString(CultureInfo.InvariantCulture), "-singlefile", file, png);
                var codes = Tools.Run("zbarimg", "--quiet", png + ".png");
                Assert.Contains("CODE-128:" + s10, codes, StringComparison.Ordinal);
                var stored = await app.Services.GetRequiredService<Npes.Letters.Store.ILetterStore>().FindAsync(sent.Single(s => s.S10 == s10).Id, CancellationToken.None);
                Assert.Contains("QR-Code:NPES S10:" + s10, codes, StringComparison.Ordinal);
                var digest = Convert.ToHexStringLower(stored!.ManifestSha256);
                Assert.Contains("SHA256:" + digest, codes, StringComparison.Ordinal);
                Assert.Contains(window.VerificationBaseUrl + s10 + "?m=" + digest, codes, StringComparison.Ordinal);

                // Anyone holding the paper copy can check it against the original; a wrong digest learns nothing.
                using var anonymous = app.CreateClient();
                var check = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/verify/{s10}?m={digest}");
                Assert.Equal("ОАО «Белтелеком»", check.GetProperty("sender").GetString());
                var wrong = digest[..^1] + (digest[^1] == '0' ? '1' : '0');
                await Problem.AssertAsync(await anonymous.GetAsync($"/api/v1/verify/{s10}?m={wrong}"), HttpStatusCode.NotFound, "npes.letter.not_found");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // Operators act; each action is an event in the letter's chain, and the letter's status follows.
        (await operatorClient.PostAsync($"/api/v1/print/batches/{number}/printed", null)).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await operatorClient.PostAsync($"/api/v1/print/batches/{number}/printed", null), HttpStatusCode.Conflict, "npes.print.batch_state");
        (await operatorClient.PostAsync($"/api/v1/print/batches/{number}/dispatched", null)).EnsureSuccessStatusCode();
        (await operatorClient.PostAsJsonAsync($"/api/v1/print/pieces/{sent[0].S10}/outcome", new { outcome = "delivered" })).EnsureSuccessStatusCode();
        (await operatorClient.PostAsJsonAsync($"/api/v1/print/pieces/{sent[1].S10}/outcome", new { outcome = "returned", reason = "address_unknown" })).EnsureSuccessStatusCode();
        await Problem.AssertAsync(await operatorClient.PostAsJsonAsync($"/api/v1/print/pieces/{sent[0].S10}/outcome", new { outcome = "returned", reason = "refused" }), HttpStatusCode.Conflict, "npes.print.piece_state");
        await Problem.AssertAsync(await operatorClient.PostAsJsonAsync($"/api/v1/print/pieces/{sent[2].S10}/outcome", new { outcome = "returned", reason = "lost" }), HttpStatusCode.BadRequest, "npes.print.outcome_invalid");

        var delivered = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{sent[0].Id:D}");
        Assert.Equal("delivered_on_paper", delivered.GetProperty("status").GetString());
        Assert.Equal(
            ["SubmissionAcceptance", "RelayToNonERDS", "Printed", "Dispatched", "DeliveredOnPaper"],
            delivered.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray());
        var returned = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{sent[1].Id:D}");
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        Assert.Equal("address_unknown", returned.GetProperty("events").EnumerateArray().Last().GetProperty("details").GetProperty("reason").GetString());

        // The bundle of a letter that went on paper verifies with the paper events in its chain.
        var bundle = await org.GetByteArrayAsync($"/api/v1/letters/{sent[1].Id:D}/bundle");
        var verification = app.Services.GetRequiredService<Npes.Eds.Bundles.BundleVerifier>().Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);

        // Print files are deleted after dispatch (retention 0 here): the next sweep removes them.
        await app.Services.GetRequiredService<Npes.Print.Pipeline.PrintPipeline>().SweepAsync(CancellationToken.None);
        await Problem.AssertAsync(await operatorClient.GetAsync($"/api/v1/print/batches/{number}/file"), HttpStatusCode.Gone, "npes.print.files_deleted");
    }

    [Fact]
    public async Task PrintApi_OperatorsOnly()
    {
        await using var app = await StartAsync();
        using var org = await app.LoggedInClientAsync("org-1.p12");
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");
        using var anonymous = app.CreateClient();
        foreach (var path in new[] { "/api/v1/print/batches", "/api/v1/print/attention", "/api/v1/print/counts" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await org.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await org.PostAsync("/api/v1/print/batches/close", null)).StatusCode);
    }

    [Fact]
    public async Task UnreadableContent_RetriesWithBackoff_ThenNeedsAttention_AndRetryHeals()
    {
        // No job server: the test drives each stage itself, so no sweep takes the piece before its content is damaged.
        await using var app = await StartAsync(s =>
        {
            s["Npes:Print:MaxAttempts"] = "2";
            s["Npes:Jobs:Enabled"] = "false";
        });
        using var org = await app.LoggedInClientAsync("org-1.p12");
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");
        var pipeline = app.Services.GetRequiredService<Npes.Print.Pipeline.PrintPipeline>();
        var letter = await Letters.SendOkAsync(org, Letters.Metadata(Recipients[0].Name, Recipients[0].Address, kind: "simple"));
        var id = letter.GetProperty("id").GetGuid();
        var s10 = letter.GetProperty("s10").GetString()!;

        // Damage the stored ciphertext: the pipeline cannot open the document, and must say so.
        var connectionString = app.Services.GetRequiredService<Npes.Storage.NpesDatabase>().ConnectionString;
        byte[] original;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("select sealed from letter_documents where letter_id = @id", connection);
            read.Parameters.AddWithValue("id", id);
            original = (byte[])(await read.ExecuteScalarAsync())!;
            await using var damage = new NpgsqlCommand("update letter_documents set sealed = set_byte(sealed, 20, get_byte(sealed, 20) # 1) where letter_id = @id", connection);
            damage.Parameters.AddWithValue("id", id);
            await damage.ExecuteNonQueryAsync();
        }

        // The sweep takes the piece and enqueues its render job; the job runs here.
        var jobs = app.Services.GetRequiredService<Npes.Print.Pipeline.PrintJobs>();
        var queue = app.Services.GetRequiredService<Npes.Print.Pipeline.PrintJobQueue>();
        await pipeline.SweepAsync(CancellationToken.None);
        await jobs.RenderAsync(id, CancellationToken.None);
        var pending = await PieceAsync(operatorClient, s10);
        Assert.Equal(1, pending.GetProperty("attempts").GetInt32());
        Assert.Equal("pending", pending.GetProperty("state").GetString());
        Assert.Contains("AuthenticationTagMismatch", pending.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // Not due again until the backoff has passed on the clock.
        Assert.Equal(0, await queue.EnqueueDueRendersAsync(100, CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await queue.EnqueueDueRendersAsync(100, CancellationToken.None));
        await jobs.RenderAsync(id, CancellationToken.None);
        Assert.Equal("needs_attention", (await PieceAsync(operatorClient, s10)).GetProperty("state").GetString());
        var attention = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/print/attention");
        Assert.Equal(s10, Assert.Single(attention.EnumerateArray()).GetProperty("s10").GetString());

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var repair = new NpgsqlCommand("update letter_documents set sealed = @original where letter_id = @id", connection);
            repair.Parameters.AddWithValue("original", original);
            repair.Parameters.AddWithValue("id", id);
            await repair.ExecuteNonQueryAsync();
        }

        // The operator's retry enqueues the render again (the job engine holds it); run it.
        (await operatorClient.PostAsync($"/api/v1/print/pieces/{s10}/retry", null)).EnsureSuccessStatusCode();
        await jobs.RenderAsync(id, CancellationToken.None);
        Assert.Equal("batched", (await PieceAsync(operatorClient, s10)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SimpleLetterUnread_PolicyDays_GoesToPaper()
    {
        await using var app = await StartAsync(s => s["Npes:Jobs:Enabled"] = "false");
        var org = await app.LoggedInClientAsync("org-1.p12");
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        var unread = await Letters.SendOkAsync(org, Letters.Metadata(kind: "simple", policy: new { printIfNotClaimedDays = 3 }));
        var read = await Letters.SendOkAsync(org, Letters.Metadata(kind: "simple", policy: new { printIfNotClaimedDays = 3 }));
        Assert.Equal("consigned", unread.GetProperty("status").GetString());
        (await citizen.GetAsync($"/api/v1/mailbox/letters/{read.GetProperty("id").GetGuid():D}/documents/0")).EnsureSuccessStatusCode();
        var sweeper = app.Services.GetRequiredService<Npes.Letters.Expiry.ExpirySweeper>();

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        org.Dispose();
        org = await app.LoggedInClientAsync("org-1.p12"); // the earlier session expired with the days that passed

        var moved = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{unread.GetProperty("id").GetGuid():D}");
        Assert.Equal("awaiting_print", moved.GetProperty("status").GetString());
        Assert.Equal("RelayToNonERDS", moved.GetProperty("events").EnumerateArray().Last().GetProperty("type").GetString());
        var kept = await org.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{read.GetProperty("id").GetGuid():D}");
        Assert.Equal("consigned", kept.GetProperty("status").GetString());
        org.Dispose();
    }

    internal static Task<NpesApp> StartAsync(Action<Dictionary<string, string?>>? configure = null) => NpesApp.StartAsync(s =>
    {
        s["Npes:Jobs:Enabled"] = "true";
        s["Npes:Jobs:WorkerCount"] = "2";
        s["Npes:Print:SweepSeconds"] = "1";
        s["Npes:Print:RetryBaseSeconds"] = "60";
        s["Npes:Print:FileRetentionHours"] = "0";
        configure?.Invoke(s);
    });

    private static async Task<JsonElement> PieceAsync(HttpClient operatorClient, string s10)
    {
        using var response = await operatorClient.GetAsync($"/api/v1/print/pieces/{s10}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? JsonDocument.Parse("""{"state":"none","attempts":0}""").RootElement
            : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> BatchAsync(HttpClient operatorClient, string number) =>
        operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/print/batches/{number}");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Every word of the file with its page and box in points (pdftotext -bbox).</summary>
    private static List<Word> Words(string file)
    {
        var xhtml = Tools.Run("pdftotext", "-bbox", file, "-");
        var words = new List<Word>();
        var page = 0;
        foreach (Match m in BboxPattern().Matches(xhtml))
        {
            if (m.Groups["page"].Success)
            {
                page++;
                continue;
            }

            double D(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
            words.Add(new Word(page, WebUtility.HtmlDecode(m.Groups["text"].Value), D("x0"), D("y0"), D("x1"), D("y1")));
        }

        return words;
    }

    [GeneratedRegex("""(?<page><page )|<word xMin="(?<x0>[\d.]+)" yMin="(?<y0>[\d.]+)" xMax="(?<x1>[\d.]+)" yMax="(?<y1>[\d.]+)">(?<text>[^<]*)</word>""")]
    private static partial Regex BboxPattern();

    private sealed record Word(int Page, string Text, double X0, double Y0, double X1, double Y1)
    {
        private const double PointsPerMm = 72 / 25.4;

        /// <summary>Whether any part of the word lies in the window rectangle.</summary>
        public bool Touches(PrintLayoutOptions o) =>
            X1 > o.WindowLeftMm * PointsPerMm && X0 < (o.WindowLeftMm + o.WindowWidthMm) * PointsPerMm
            && Y1 > o.WindowTopMm * PointsPerMm && Y0 < (o.WindowTopMm + o.WindowHeightMm) * PointsPerMm;

        /// <summary>Whether the whole word lies in the window rectangle.</summary>
        public bool Within(PrintLayoutOptions o) =>
            X0 >= o.WindowLeftMm * PointsPerMm && X1 <= (o.WindowLeftMm + o.WindowWidthMm) * PointsPerMm
            && Y0 >= o.WindowTopMm * PointsPerMm && Y1 <= (o.WindowTopMm + o.WindowHeightMm) * PointsPerMm;
    }
}
