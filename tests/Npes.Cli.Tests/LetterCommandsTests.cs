using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npes.Server.Tests;

namespace Npes.Cli.Tests;

/// <summary>The letters journey through the <c>npes</c> CLI alone, against the real host and PostgreSQL.</summary>
public sealed class LetterCommandsTests
{
    private const string CitizenName = "Иванов Иван Иванович";
    private const string CitizenAddress = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";
    private const string Password = "npes-demo";

    [Fact]
    public async Task RegisteredLetter_ThroughCliAlone_SignedReceivedAndEvidenceVerifies()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var work = cli.Work;
        var pdf = TestDocuments.Pdf();
        var document = Path.Combine(work, "Извещение.pdf");
        await File.WriteAllBytesAsync(document, pdf);

        // The organisation sends a registered letter by name and address, keeping the acceptance receipt.
        var send = await cli.RunAsync(
            "send", "--profile", "org", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", document,
            "--registered", "--subject", "Уведомление", "--receipt-out", Path.Combine(work, "acceptance.p7m"), "--json");
        Assert.True(send.Exit == 0, send.Error);
        var sent = JsonDocument.Parse(send.Output).RootElement;
        Assert.Equal(["id", "s10", "status"], sent.EnumerateObject().Select(p => p.Name));
        var id = sent.GetProperty("id").GetString()!;
        var s10 = sent.GetProperty("s10").GetString()!;
        Assert.Equal("consigned", sent.GetProperty("status").GetString());

        var acceptance = await cli.RunAsync(["receipt", "verify", Path.Combine(work, "acceptance.p7m"), .. Trust()]);
        Assert.True(acceptance.Exit == 0, acceptance.Error);
        Assert.Contains($"attests: acceptance of registered letter {s10}", acceptance.Output, StringComparison.Ordinal);
        Assert.Contains($"document 'Извещение.pdf' (application/pdf, {pdf.Length} bytes) sha256 {Convert.ToHexStringLower(SHA256.HashData(pdf))}", acceptance.Output, StringComparison.Ordinal);
        Assert.Contains("trust: " + TestPki.File("root-ca.crt"), acceptance.Output, StringComparison.Ordinal);

        // The citizen sees it in the inbox, still sealed; receive signs for it and saves the document.
        var inbox = await cli.RunAsync("inbox", "--profile", "citizen", "--registered");
        Assert.True(inbox.Exit == 0, inbox.Error);
        Assert.Contains($"{id}  {s10}", inbox.Output, StringComparison.Ordinal);
        Assert.Contains("sign to open", inbox.Output, StringComparison.Ordinal);
        Assert.Contains("ОАО «Белтелеком» — Уведомление", inbox.Output, StringComparison.Ordinal);

        var receive = await cli.RunAsync("receive", id, "--out", Path.Combine(work, "received"), "--profile", "citizen", "--password", Password);
        Assert.True(receive.Exit == 0, receive.Error);
        Assert.Contains($"signed for registered letter {s10} from ОАО «Белтелеком»: handed_over", receive.Output, StringComparison.Ordinal);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(work, "received", "Извещение.pdf")));

        // The sender sees the timeline, and holds the delivery notice with the citizen's own signature.
        var show = await cli.RunAsync("letter", "show", id, "--profile", "org");
        Assert.True(show.Exit == 0, show.Error);
        Assert.Contains($"registered letter {s10} (id {id}): handed_over", show.Output, StringComparison.Ordinal);
        Assert.Contains("routing: mailbox, matched", show.Output, StringComparison.Ordinal);
        Assert.Contains("SubmissionAcceptance", show.Output, StringComparison.Ordinal);
        Assert.Contains("ConsignmentAcceptance", show.Output, StringComparison.Ordinal);
        Assert.Contains("receipts: acceptance, delivery", show.Output, StringComparison.Ordinal);

        var delivery = Path.Combine(work, "delivery.p7m");
        var get = await cli.RunAsync("receipt", "get", id, "--kind", "delivery", "--out", delivery, "--profile", "org");
        Assert.True(get.Exit == 0, get.Error);
        var verify = await cli.RunAsync(["receipt", "verify", delivery, .. Trust()]);
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Contains($"attests: delivery of letter {s10}", verify.Output, StringComparison.Ordinal);
        Assert.Contains($"recipient: {CitizenName} (personal number 3140582A001PB1) signed 'accept'", verify.Output, StringComparison.Ordinal);

        // The bundle verifies offline; a changed byte of the document breaks it, and the first broken link is named.
        var bundle = Path.Combine(work, "letter.asice");
        var bundleGet = await cli.RunAsync("bundle", "get", id, "--out", bundle, "--profile", "org");
        Assert.True(bundleGet.Exit == 0, bundleGet.Error);
        var bundleVerify = await cli.RunAsync(["bundle", "verify", bundle, .. Trust()]);
        Assert.True(bundleVerify.Exit == 0, bundleVerify.Error);
        Assert.Contains("ok      document 'Извещение.pdf': SHA-256 matches the manifest", bundleVerify.Output, StringComparison.Ordinal);
        Assert.Contains("ok      delivery notice: recipient " + CitizenName, bundleVerify.Output, StringComparison.Ordinal);
        Assert.Contains($"the bundle of letter {s10} verifies", bundleVerify.Output, StringComparison.Ordinal);

        var tampered = Path.Combine(work, "tampered.asice");
        await File.WriteAllBytesAsync(tampered, BundleTampering.Tamper(await File.ReadAllBytesAsync(bundle), "documents/Извещение.pdf"));
        var broken = await cli.RunAsync(["bundle", "verify", tampered, .. Trust()]);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("BROKEN  document 'Извещение.pdf' does not match its SHA-256 in the manifest", broken.Output, StringComparison.Ordinal);
        Assert.Contains($"npes: the bundle of letter {s10} does not verify; first broken link: document 'Извещение.pdf'", broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendBulk_CsvWithBadLines_OthersSentResultCsvWrittenRerunSendsNoDuplicates()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var work = cli.Work;
        await File.WriteAllBytesAsync(Path.Combine(work, "a.pdf"), TestDocuments.Pdf());
        await File.WriteAllTextAsync(Path.Combine(work, "b.txt"), "Добрый день.");
        await File.WriteAllTextAsync(Path.Combine(work, "fake.pdf"), "not a PDF at all");
        var csv = Path.Combine(work, "letters.csv");
        await File.WriteAllTextAsync(csv, string.Join(
            "\r\n",
            "to_name,to_address,to_unp,files,kind,subject,idempotency_key",
            $"{CitizenName},\"{CitizenAddress}\",,a.pdf,registered,\"Счёт, \"\"январь\"\"\",",
            $"{CitizenName},\"{CitizenAddress}\",,a.pdf; b.txt,simple,Письмо,",
            $"{CitizenName},\"{CitizenAddress}\",,missing.pdf,simple,,",
            $"{CitizenName},\"{CitizenAddress}\",,fake.pdf,simple,Подделка,",
            "Петров Пётр Петрович,\"Брест, ул. Гоголя, 1\",,b.txt,,,my-key-1",
            string.Empty));
        var results = Path.Combine(work, "out", "results.csv");

        var first = await cli.RunAsync("send", "--bulk", csv, "--out", results, "--profile", "org");
        var firstResults = await ReadCsvAsync(results);
        var second = await cli.RunAsync("send", "--bulk", csv, "--out", results, "--profile", "org");
        var secondResults = await ReadCsvAsync(results);
        var inbox = await cli.RunAsync("inbox", "--json", "--profile", "citizen");

        Assert.Equal(1, first.Exit);
        Assert.Contains("sent 3 of 5 letters (3 new, 0 already sent earlier), 2 failed", first.Output, StringComparison.Ordinal);
        Assert.Contains("] 5/5 letters, 2 failed", first.Error, StringComparison.Ordinal);
        Assert.Contains("npes: line 4: No such file: " + Path.Combine(work, "missing.pdf"), first.Error, StringComparison.Ordinal);
        Assert.Contains("npes: line 5: ", first.Error, StringComparison.Ordinal);
        Assert.Equal(["line", "id", "s10", "status", "error_code", "error"], firstResults[0]);
        Assert.Equal(["2", "3", "4", "5", "6"], firstResults.Skip(1).Select(r => r[0]));
        Assert.Equal(["consigned", "consigned", string.Empty, string.Empty, "awaiting_print"], firstResults.Skip(1).Select(r => r[3]));
        Assert.Equal([string.Empty, string.Empty, "cli.file_not_found", "npes.letter.document_type_mismatch", string.Empty], firstResults.Skip(1).Select(r => r[4]));
        Assert.All(new[] { 1, 2, 5 }, i => Assert.Matches("^RR[0-9]{9}BY$", firstResults[i][2]));

        Assert.Equal(1, second.Exit);
        Assert.Contains("sent 3 of 5 letters (0 new, 3 already sent earlier), 2 failed", second.Output, StringComparison.Ordinal);
        Assert.Equal(firstResults.Select(r => r[1]), secondResults.Select(r => r[1]));
        Assert.Equal(2, JsonDocument.Parse(inbox.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task SendBulk_MalformedCsv_UsageFailureAndNothingSent()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var work = cli.Work;
        await File.WriteAllBytesAsync(Path.Combine(work, "a.pdf"), TestDocuments.Pdf());
        var unclosed = Path.Combine(work, "unclosed.csv");
        await File.WriteAllTextAsync(unclosed, $"to_name,to_address,files\n{CitizenName},\"{CitizenAddress}\",a.pdf\n{CitizenName},\"{CitizenAddress},a.pdf\n");
        var noFiles = Path.Combine(work, "nofiles.csv");
        await File.WriteAllTextAsync(noFiles, $"to_name,to_address\n{CitizenName},\"{CitizenAddress}\"\n");

        var first = await cli.RunAsync("send", "--bulk", unclosed, "--profile", "org");
        var second = await cli.RunAsync("send", "--bulk", noFiles, "--profile", "org");
        var mixed = await cli.RunAsync("send", "--bulk", unclosed, "--to-name", "X", "--profile", "org");
        var inbox = await cli.RunAsync("inbox", "--json", "--profile", "citizen");

        Assert.Equal(2, first.Exit);
        Assert.Contains("npes: unclosed.csv: line 3: a quoted field is not closed", first.Error, StringComparison.Ordinal);
        Assert.Equal(2, second.Exit);
        Assert.Contains("lacks the column 'files'", second.Error, StringComparison.Ordinal);
        Assert.Equal(2, mixed.Exit);
        Assert.Contains("--to-name describes a single letter", mixed.Error, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(inbox.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task SendBulk_FilesOutsideCsvFolder_RefusedNothingSentUnlessAllowed()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var batch = Directory.CreateDirectory(Path.Combine(cli.Work, "batch")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(batch, "a.pdf"), TestDocuments.Pdf());
        await File.WriteAllBytesAsync(Path.Combine(cli.Work, "secret.pdf"), TestDocuments.Pdf());
        File.CreateSymbolicLink(Path.Combine(batch, "link.pdf"), Path.Combine(cli.Work, "secret.pdf"));
        async Task<string> CsvAsync(string name, string files)
        {
            var path = Path.Combine(batch, name);
            await File.WriteAllTextAsync(path, $"to_name,to_address,files\n{CitizenName},\"{CitizenAddress}\",a.pdf\n{CitizenName},\"{CitizenAddress}\",{files}\n");
            return path;
        }

        var climb = await cli.RunAsync("send", "--bulk", await CsvAsync("climb.csv", "../etc/passwd"), "--profile", "org");
        var windows = await cli.RunAsync("send", "--bulk", await CsvAsync("windows.csv", "a.pdf;..\\secret.pdf"), "--profile", "org");
        var absolute = await cli.RunAsync("send", "--bulk", await CsvAsync("absolute.csv", "/etc/passwd"), "--profile", "org");
        var link = await cli.RunAsync("send", "--bulk", await CsvAsync("link.csv", "link.pdf"), "--profile", "org");
        var before = await cli.RunAsync("inbox", "--json", "--profile", "citizen");
        var allowed = await cli.RunAsync("send", "--bulk", await CsvAsync("allowed.csv", "../secret.pdf"), "--allow-outside", "--profile", "org");
        var after = await cli.RunAsync("inbox", "--json", "--profile", "citizen");
        var single = await cli.RunAsync("send", "--allow-outside", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", Path.Combine(batch, "a.pdf"), "--profile", "org");

        Assert.Equal((2, 2, 2, 2), (climb.Exit, windows.Exit, absolute.Exit, link.Exit));
        Assert.Contains("npes: climb.csv: line 3: the file '../etc/passwd' climbs out with '..'; documents must be inside the CSV's folder (--allow-outside permits others).", climb.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: the file '..\\secret.pdf' climbs out with '..'", windows.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: the file '/etc/passwd' is an absolute path", absolute.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: the file 'link.pdf' is reached through a link that leads outside the folder", link.Error, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(before.Output).RootElement.GetArrayLength());
        Assert.True(allowed.Exit == 0, allowed.Error);
        Assert.Equal(2, JsonDocument.Parse(after.Output).RootElement.GetArrayLength());
        Assert.Equal(2, single.Exit);
        Assert.Contains("--allow-outside applies to the files column of a --bulk CSV.", single.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LetterShow_PaperRoutedLetter_ChannelAndCoarseClassOnly()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);

        var id = await cli.SendAsync("org", "Петров Пётр Петрович", CitizenAddress, []);
        var show = await cli.RunAsync("letter", "show", id, "--profile", "org");

        Assert.True(show.Exit == 0, show.Error);
        Assert.Contains(
            "routing: paper, not_matched (No confirmed e-mailbox matches the recipient's name and address with certainty; the letter goes on paper.)",
            show.Output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Иванов", show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("name_mismatch", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_RegisteredLetter_RefusalNoticeVerifiesAndSecondDecisionRefused()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app, new() { ["NPES_P12_PASSWORD"] = Password });
        var id = await SendAsync(cli, registered: true);

        var refuse = await cli.RunAsync("refuse", id, "--profile", "citizen");
        var again = await cli.RunAsync("receive", id, "--out", Path.Combine(cli.Work, "x"), "--profile", "citizen");
        var receipt = Path.Combine(cli.Work, "refusal.p7m");
        var get = await cli.RunAsync("receipt", "get", id, "--kind", "refusal", "--out", receipt, "--profile", "org");
        var verify = await cli.RunAsync(["receipt", "verify", receipt, .. Trust()]);

        Assert.True(refuse.Exit == 0, refuse.Error);
        Assert.Matches("^refused letter RR[0-9]{9}BY: refused", refuse.Output);
        Assert.Equal(1, again.Exit);
        Assert.Contains("is registered and refused: its content cannot be received", again.Error, StringComparison.Ordinal);
        Assert.True(get.Exit == 0, get.Error);
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Contains($"recipient: {CitizenName} (personal number 3140582A001PB1) signed 'refuse'", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SameIdempotencyKey_SameLetterAndOtherContentRefused()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var document = Path.Combine(cli.Work, "letter.pdf");
        await File.WriteAllBytesAsync(document, TestDocuments.Pdf());
        string[] letter = ["send", "--profile", "org", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", document, "--idempotency-key", "invoice-2025-01"];

        var first = await cli.RunAsync(letter);
        var repeat = await cli.RunAsync(letter);
        var other = await cli.RunAsync([.. letter, "--subject", "Другое"]);
        var inbox = await cli.RunAsync("inbox", "--json", "--profile", "citizen");

        Assert.True(first.Exit == 0, first.Error);
        Assert.StartsWith("sent simple letter ", first.Output, StringComparison.Ordinal);
        Assert.StartsWith("already sent with this idempotency key: simple letter ", repeat.Output, StringComparison.Ordinal);
        Assert.Equal(first.Output["sent ".Length..], repeat.Output["already sent with this idempotency key: ".Length..]);
        Assert.Equal(1, other.Exit);
        Assert.Contains("npes.letter.idempotency_conflict", other.Error, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(inbox.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Send_ServerWithOtherLimits_CliTakesTheServersLimitsAndRefusesOverThemBeforeUploading()
    {
        // A server that takes 4 documents (НПЭС: 3) but only 1 MB together (НПЭС: 10 MB): the CLI keeps no limits of its own.
        await using var app = await NpesApp.StartAsync(s =>
        {
            s["Npes:Documents:MaxDocuments"] = "4";
            s["Npes:Documents:MaxDocumentBytes"] = "1048576";
            s["Npes:Documents:MaxTotalBytes"] = "1048576";
        });
        using var cli = await LoggedInAsync(app);
        var pages = Enumerable.Range(1, 5).Select(i => Path.Combine(cli.Work, $"page-{i}.pdf")).ToList();
        pages.ForEach(p => File.WriteAllBytes(p, TestDocuments.Pdf()));
        var large = Path.Combine(cli.Work, "large.pdf");
        await File.WriteAllBytesAsync(large, [.. TestDocuments.Pdf(), .. new byte[1024 * 1024]]);
        string[] letter = ["send", "--profile", "org", "--to-name", CitizenName, "--to-address", CitizenAddress];

        var four = await cli.RunAsync([.. letter, .. pages.Take(4).SelectMany(p => new[] { "--file", p })]);
        var five = await cli.RunAsync([.. letter, .. pages.SelectMany(p => new[] { "--file", p })]);
        var tooLarge = await cli.RunAsync([.. letter, "--file", large]);
        var inbox = await cli.RunAsync("inbox", "--json", "--profile", "citizen");

        Assert.True(four.Exit == 0, four.Error);
        Assert.Equal(2, five.Exit);
        Assert.Contains("Give 1 to 4 documents", five.Error, StringComparison.Ordinal);
        Assert.Equal(2, tooLarge.Exit);
        Assert.Contains("the server takes documents of at most 1048576 bytes", tooLarge.Error, StringComparison.Ordinal);
        var letters = JsonDocument.Parse(inbox.Output).RootElement;
        Assert.Equal(1, letters.GetArrayLength());
    }

    [Fact]
    public async Task Receive_SimpleLetter_DownloadsWithoutSigning()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var id = await SendAsync(cli, registered: false);

        var unread = await cli.RunAsync("inbox", "--unread", "--profile", "citizen");
        var receive = await cli.RunAsync("receive", id, "--out", Path.Combine(cli.Work, "in"), "--profile", "citizen");
        var afterwards = await cli.RunAsync("inbox", "--unread", "--profile", "citizen");

        Assert.Contains(id, unread.Output, StringComparison.Ordinal);
        Assert.True(receive.Exit == 0, receive.Error);
        Assert.DoesNotContain("signed for", receive.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.Work, "in", "letter.pdf")));
        Assert.Equal("the inbox is empty" + Environment.NewLine, afterwards.Output);
    }

    [Fact]
    public async Task Errors_EachOneClearLineWithServerCode()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var unknown = Guid.NewGuid().ToString("D");
        var id = await SendAsync(cli, registered: true);

        var missingFile = await cli.RunAsync("send", "--profile", "org", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", "/nonexistent/a.pdf");
        var noRecipient = await cli.RunAsync("send", "--profile", "org", "--file", "/nonexistent/a.pdf");
        var show = await cli.RunAsync("letter", "show", unknown, "--profile", "org");
        var notAnId = await cli.RunAsync("letter", "show", "RR123", "--profile", "org");
        var foreign = await cli.RunAsync("letter", "show", id, "--profile", "citizen");
        var noDelivery = await cli.RunAsync("receipt", "get", id, "--kind", "delivery", "--out", Path.Combine(cli.Work, "d.p7m"), "--profile", "org");
        var receive = await cli.RunAsync("receive", unknown, "--out", cli.Work, "--profile", "citizen");

        Assert.Equal(2, missingFile.Exit);
        Assert.Equal("npes: No such file: /nonexistent/a.pdf" + Environment.NewLine, missingFile.Error);
        Assert.Equal(2, noRecipient.Exit);
        Assert.Contains("--to-name is required", noRecipient.Error, StringComparison.Ordinal);
        Assert.Equal(1, show.Exit);
        Assert.Single(show.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("(npes.letter.not_found)", show.Error, StringComparison.Ordinal);
        Assert.Equal(2, notAnId.Exit);
        Assert.Contains("'RR123' is not a letter id", notAnId.Error, StringComparison.Ordinal);
        Assert.Contains("npes.letter.not_found", foreign.Error, StringComparison.Ordinal);
        Assert.Contains("npes.letter.receipt_not_found", noDelivery.Error, StringComparison.Ordinal);
        Assert.Contains("npes.letter.not_found", receive.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Signed_SenderSignatureVerifiedInBundle()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var document = Path.Combine(cli.Work, "contract.pdf");
        await File.WriteAllBytesAsync(document, TestDocuments.Pdf());
        var bundle = Path.Combine(cli.Work, "signed.asice");

        var send = await cli.RunAsync("send", "--profile", "org", "--to-name", "  " + CitizenName, "--to-address", CitizenAddress, "--file", document, "--subject", "Договор ", "--sign", "--password", Password, "--json");
        var id = JsonDocument.Parse(send.Output).RootElement.GetProperty("id").GetString()!;
        var get = await cli.RunAsync("bundle", "get", id, "--out", bundle, "--profile", "org");
        var verify = await cli.RunAsync(["bundle", "verify", bundle, .. Trust()]);

        Assert.True(send.Exit == 0, send.Error);
        Assert.Equal(0, get.Exit);
        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
        Assert.Contains("sender signature: by", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UntrustedOrDamagedInput_Refused()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var work = cli.Work;
        var document = Path.Combine(work, "letter.pdf");
        await File.WriteAllBytesAsync(document, TestDocuments.Pdf());
        var receipt = Path.Combine(work, "acceptance.p7m");
        await cli.RunAsync("send", "--profile", "org", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", document, "--receipt-out", receipt);
        var garbage = Path.Combine(work, "garbage.p7m");
        await File.WriteAllTextAsync(garbage, "not a CMS");

        var foreignTrust = await cli.RunAsync("receipt", "verify", receipt, "--trust", TestPki.ForeignFile("root-ca.crt"), "--intermediate", TestPki.ForeignFile("issuing-ca.crt"));
        var damaged = await cli.RunAsync(["receipt", "verify", garbage, .. Trust()]);
        var noBundle = await cli.RunAsync(["bundle", "verify", garbage, .. Trust()]);
        var missingTrust = await cli.RunAsync("receipt", "verify", receipt, "--trust", "/nonexistent/root.crt");

        Assert.Equal(1, foreignTrust.Exit);
        Assert.Contains("npes: the receipt does not verify: the TSA certificate is not trusted", foreignTrust.Error, StringComparison.Ordinal);
        Assert.Equal(1, damaged.Exit);
        Assert.Contains("the CMS cannot be decoded", damaged.Error, StringComparison.Ordinal);
        Assert.Equal(1, noBundle.Exit);
        Assert.Contains("first broken link: the bundle is not a ZIP container", noBundle.Error, StringComparison.Ordinal);
        Assert.Equal(2, missingTrust.Exit);
        Assert.Contains("No such certificate file: /nonexistent/root.crt", missingTrust.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiptVerify_NoTrustGiven_SaysItUsesTheWorkingTreeSamplePki()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var document = Path.Combine(cli.Work, "letter.pdf");
        await File.WriteAllBytesAsync(document, TestDocuments.Pdf());
        var receipt = Path.Combine(cli.Work, "acceptance.p7m");
        await cli.RunAsync("send", "--profile", "org", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", document, "--receipt-out", receipt);

        // The test PKI is not the working tree's sample PKI: the default trust is used, said, and does not trust it.
        var verify = await cli.RunAsync("receipt", "verify", receipt);

        Assert.StartsWith("trust: the sample PKI in ", verify.Output, StringComparison.Ordinal);
        Assert.Contains("certs-sample (SAMPLE - NOT FOR PRODUCTION", verify.Output, StringComparison.Ordinal);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("is not trusted", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RemembersKeyFileNeverPassword_OldProfileAsksToLogInAgain()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = await LoggedInAsync(app);
        var id = await SendAsync(cli, registered: true);
        var profile = Path.Combine(cli.Home, "profiles", "citizen.json");
        var saved = await File.ReadAllTextAsync(profile);

        var node = JsonNode.Parse(saved)!.AsObject();
        node.Remove("keyFile");
        await File.WriteAllTextAsync(profile, node.ToJsonString());
        var refuse = await cli.RunAsync("refuse", id, "--profile", "citizen", "--password", Password);

        Assert.Equal(TestPki.File("citizen-1.p12"), JsonDocument.Parse(saved).RootElement.GetProperty("keyFile").GetString());
        Assert.DoesNotContain(Password, saved, StringComparison.Ordinal);
        Assert.Equal(1, refuse.Exit);
        Assert.Contains("Profile 'citizen' does not remember its key file; run `npes login --p12 FILE --profile citizen` again.", refuse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvRead_QuotedCommasQuotesAndLineBreaks_ParsedWithStartingLines()
    {
        const string text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n,,\nlast,\"\",end";

        var records = Csv.Read(new StringReader(text), 100).ToList();

        Assert.Equal([1, 2, 5, 6], records.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal([string.Empty, string.Empty, string.Empty], records[2].Fields);
        Assert.Equal(["last", string.Empty, "end"], records[3].Fields);
        Assert.Throws<FormatException>(() => Csv.Read(new StringReader("a,b\"c\n"), 100).ToList());
        Assert.Throws<FormatException>(() => Csv.Read(new StringReader("abcdef\n"), 5).ToList());
    }

    /// <summary>One CLI home with two profiles: "org" (org-1) and "citizen" (citizen-1, with a mailbox at the address).</summary>
    private static async Task<Cli> LoggedInAsync(NpesApp app, Dictionary<string, string?>? variables = null)
    {
        var cli = new Cli(app.Server.CreateHandler(), variables);
        foreach (var (p12, profile) in new[] { ("org-1.p12", "org"), ("citizen-1.p12", "citizen") })
        {
            var login = await cli.RunAsync("login", "--p12", TestPki.File(p12), "--password", Password, "--profile", profile);
            Assert.True(login.Exit == 0, login.Error);
        }

        await cli.ConfirmMailboxAsync(app, "citizen", CitizenAddress);
        return cli;
    }

    private static Task<string> SendAsync(Cli cli, bool registered) =>
        cli.SendAsync("org", CitizenName, CitizenAddress, registered ? ["--registered"] : []);

    private static string[] Trust() => ["--trust", TestPki.File("root-ca.crt"), "--intermediate", TestPki.File("issuing-ca.crt"), "--crl", TestPki.File("issuing-ca.crl")];

    private static async Task<List<IReadOnlyList<string>>> ReadCsvAsync(string path)
    {
        using var reader = new StringReader(await File.ReadAllTextAsync(path, Encoding.UTF8));
        return Csv.Read(reader, 10_000).Select(r => r.Fields).ToList();
    }
}
