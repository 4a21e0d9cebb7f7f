using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Eds;
using Npes.Eds.Bundles;
using Npes.Eds.Cms;
using Npes.Letters.Expiry;

namespace Npes.Server.Tests;

public sealed class LetterFlowTests
{
    [Fact]
    public async Task RegisteredLetter_EndToEnd_ReceiptHandoverDeliveryNoticeAndBundleVerify()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var pdf = TestDocuments.Pdf(pages: 2);

        // The organisation sends a registered letter by name and address only.
        var sent = await Letters.SendOkAsync(bank, documents: [new Attachment("Извещение.pdf", "application/pdf", pdf)]);
        var id = sent.GetProperty("id").GetGuid();
        var s10 = sent.GetProperty("s10").GetString()!;
        Assert.True(S10.IsValid(s10), s10);
        Assert.Equal("consigned", sent.GetProperty("status").GetString());
        Assert.Equal("matched", sent.GetProperty("routing").GetProperty("outcome").GetString());

        // The acceptance receipt verifies, signs the manifest, and carries a timestamp.
        var receipt = Convert.FromBase64String(sent.GetProperty("receipt").GetString()!);
        var verifier = app.Services.GetRequiredService<CmsVerifier>();
        var acceptance = verifier.Verify(receipt, null, requireTimestamp: true);
        Assert.True(acceptance.IsValid, acceptance.Failure);
        var manifest = LetterManifest.Decode(acceptance.Content!);
        Assert.Equal(s10, manifest.S10);
        Assert.Equal("ОАО «Белтелеком»", manifest.Sender.Name);
        Assert.Equal(Letters.CitizenAddress, manifest.Recipient.Address);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(pdf), manifest.Documents.Single().Sha256);

        // The recipient sees sender and subject only, and cannot read the content before signing.
        var inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailbox/letters");
        var item = inbox.EnumerateArray().Single();
        Assert.Equal("ОАО «Белтелеком»", item.GetProperty("senderName").GetString());
        Assert.False(item.GetProperty("contentAvailable").GetBoolean());
        var opened = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}");
        Assert.Equal(JsonValueKind.Null, opened.TryGetProperty("documents", out var hidden) ? hidden.ValueKind : JsonValueKind.Null);
        await Problem.AssertAsync(await citizen.GetAsync($"/api/v1/mailbox/letters/{id}/documents/0"), HttpStatusCode.Forbidden, "npes.letter.content_withheld");

        // The recipient signs; the content is released.
        using var handover = await Letters.DecideAsync(citizen, id, "accept");
        Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        Assert.Equal("handed_over", (await handover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(pdf, await citizen.GetByteArrayAsync($"/api/v1/mailbox/letters/{id}/documents/0"));

        // The sender's delivery notice carries the citizen's own signature.
        var deliveryCms = await bank.GetByteArrayAsync($"/api/v1/letters/{id}/receipts/delivery");
        var delivery = verifier.Verify(deliveryCms, null, requireTimestamp: true);
        Assert.True(delivery.IsValid, delivery.Failure);
        var notice = DeliveryNotice.Decode(delivery.Content!);
        using var citizenCertificate = X509CertificateLoader.LoadCertificate(notice.Certificate);
        Assert.Equal("3140582A001PB1", app.Services.GetRequiredService<IEdsProviderRegistry>().Find(citizenCertificate)!.Describe(citizenCertificate).PersonalNumber);
        Assert.True(app.Services.GetRequiredService<IEdsProviderRegistry>().Find(citizenCertificate)!.Verify(citizenCertificate, notice.Statement, notice.Signature));

        // The sender sees the whole chain of events.
        var letter = await bank.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{id}");
        Assert.Equal(
            ["SubmissionAcceptance", "ContentConsignment", "ConsignmentAcceptance", "ContentHandover"],
            letter.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("handed_over", letter.GetProperty("status").GetString());

        // The bundle verifies offline; any changed byte breaks it with a precise reason.
        var bundle = await bank.GetByteArrayAsync($"/api/v1/letters/{id}/bundle");
        var bundles = app.Services.GetRequiredService<BundleVerifier>();
        var verification = bundles.Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Equal(s10, verification.S10);

        Assert.Contains("document 'Извещение.pdf' does not match", bundles.Verify(BundleTampering.Tamper(bundle, "documents/Извещение.pdf")).Failure, StringComparison.Ordinal);
        Assert.Contains("manifest.json", bundles.Verify(BundleTampering.Tamper(bundle, "manifest.json")).Failure, StringComparison.Ordinal);
        Assert.Contains("acceptance receipt", bundles.Verify(BundleTampering.Tamper(bundle, "receipts/acceptance.p7m", at: 0.8)).Failure, StringComparison.Ordinal);
        Assert.Contains("delivery notice", bundles.Verify(BundleTampering.Tamper(bundle, "receipts/delivery.p7m", at: 0.8)).Failure, StringComparison.Ordinal);
        Assert.Contains("event 2", bundles.Verify(BundleTampering.Tamper(bundle, "events/0002.json")).Failure, StringComparison.Ordinal);
        Assert.Contains("event 3", bundles.Verify(BundleTampering.Tamper(bundle, "events/0003.p7s", at: 0.8)).Failure, StringComparison.Ordinal);
        Assert.Contains("event 2 is missing", bundles.Verify(BundleTampering.Remove(bundle, "events/0002.json", "events/0002.p7s")).Failure, StringComparison.Ordinal);
        Assert.Contains("bundle seal: the bundle was issued with 4 events; 3 are present", bundles.Verify(BundleTampering.Remove(bundle, "events/0004.json", "events/0004.p7s")).Failure, StringComparison.Ordinal);
        Assert.Contains("'seal.p7m' is missing", bundles.Verify(BundleTampering.Remove(bundle, "seal.p7m")).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptanceReceipt_VerifiesWithOpenssl()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var sent = await Letters.SendOkAsync(bank);
        var receipt = Convert.FromBase64String(sent.GetProperty("receipt").GetString()!);
        var folder = Directory.CreateTempSubdirectory("npes-openssl-").FullName;
        var receiptFile = Path.Combine(folder, "receipt.p7m");
        await File.WriteAllBytesAsync(receiptFile, receipt);

        // openssl cms -verify: signature, content, and chain to the sample root.
        var cms = Openssl("cms", "-verify", "-in", receiptFile, "-inform", "DER", "-CAfile", TestPki.File("root-ca.crt"), "-certfile", TestPki.File("issuing-ca.crt"), "-purpose", "any", "-out", Path.Combine(folder, "manifest.json"));
        Assert.True(cms.Exit == 0, cms.Output);
        Assert.Equal(LetterManifest.Decode(await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"))).S10, sent.GetProperty("s10").GetString());

        // openssl ts -verify: the timestamp token over the signature value.
        var signed = new SignedCms();
        signed.Decode(receipt);
        var token = signed.SignerInfos[0].UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14").Values[0].RawData;
        var tokenFile = Path.Combine(folder, "token.der");
        await File.WriteAllBytesAsync(tokenFile, token);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(signed.SignerInfos[0].GetSignature()));
        var ts = Openssl("ts", "-verify", "-token_in", "-in", tokenFile, "-digest", digest, "-CAfile", TestPki.File("root-ca.crt"), "-untrusted", TestPki.File("issuing-ca.crt"));
        Assert.True(ts.Exit == 0, ts.Output);
        Assert.Contains("Verification: OK", ts.Output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task SimpleLetter_ReadableAtOnce_FirstOpeningIsContentHandover()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var text = "Ваш счёт за ноябрь: 12,50 BYN."u8.ToArray();
        var sent = await Letters.SendOkAsync(bank, Letters.Metadata(kind: "simple"), [new Attachment("счёт.txt", "text/plain", text)]);
        var id = sent.GetProperty("id").GetGuid();

        var unread = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailbox/letters?unread=true");
        var content = await citizen.GetByteArrayAsync($"/api/v1/mailbox/letters/{id}/documents/0");
        _ = await citizen.GetByteArrayAsync($"/api/v1/mailbox/letters/{id}/documents/0");
        var unreadAfter = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailbox/letters?unread=true");
        var letter = await bank.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{id}");

        Assert.Equal(1, unread.GetArrayLength());
        Assert.Equal(text, content);
        Assert.Equal(0, unreadAfter.GetArrayLength());
        Assert.Equal(
            ["SubmissionAcceptance", "ContentConsignment", "ContentHandover"],
            letter.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Letter_NoMailboxAtAddress_GoesToPaperQueueInSameTransaction()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var bank = await app.LoggedInClientAsync("org-1.p12");

        var sent = await Letters.SendOkAsync(bank, Letters.Metadata(name: "Сидорова Мария Петровна", address: "224005, г. Брест, ул. Советская, д. 1, кв. 2"));
        var letter = await bank.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{sent.GetProperty("id").GetGuid()}");

        Assert.Equal("awaiting_print", sent.GetProperty("status").GetString());
        Assert.Equal("not_matched", sent.GetProperty("routing").GetProperty("outcome").GetString());
        Assert.Equal("paper", sent.GetProperty("routing").GetProperty("channel").GetString());
        Assert.Equal(["SubmissionAcceptance", "RelayToNonERDS"], letter.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(1L, await Db.ScalarAsync(connectionString, "select count(*) from paper_queue where letter_id = @id", sent.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Letter_NameDiffersFromMailboxOwner_NeverDeliveredThere()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");

        var sent = await Letters.SendOkAsync(bank, Letters.Metadata(name: "Иванова Мария Ивановна"));
        var inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/mailbox/letters");

        Assert.Equal("not_matched", sent.GetProperty("routing").GetProperty("outcome").GetString());
        Assert.Equal(0, inbox.GetArrayLength());
    }

    [Fact]
    public async Task Refuse_SignedRefusal_SenderGetsRefusalNoticeAndContentStaysClosed()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();

        using var refusal = await Letters.DecideAsync(citizen, id, "refuse");
        var refusalCms = await bank.GetByteArrayAsync($"/api/v1/letters/{id}/receipts/refusal");
        var bundle = await bank.GetByteArrayAsync($"/api/v1/letters/{id}/bundle");

        Assert.Equal(HttpStatusCode.OK, refusal.StatusCode);
        Assert.Equal("refusal", DeliveryNotice.Decode(app.Services.GetRequiredService<CmsVerifier>().Verify(refusalCms, null, true).Content!).Kind);
        await Problem.AssertAsync(await citizen.GetAsync($"/api/v1/mailbox/letters/{id}/documents/0"), HttpStatusCode.Forbidden, "npes.letter.content_withheld");
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Contains(verification.Checks, c => c.StartsWith("refusal notice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_AcceptWindowPassed_ExpiresAndPolicySendsToPaper()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var toPaper = (await Letters.SendOkAsync(bank, Letters.Metadata(policy: new { acceptWindowDays = 1, printIfNotClaimedDays = 1 }))).GetProperty("id").GetGuid();
        var expires = (await Letters.SendOkAsync(bank, Letters.Metadata(subject: "second", policy: new { acceptWindowDays = 2 }))).GetProperty("id").GetGuid();
        var sweeper = app.Services.GetRequiredService<Npes.Letters.Expiry.ExpirySweeper>();

        var early = await sweeper.SweepAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(3));
        var due = await sweeper.SweepAsync(CancellationToken.None);
        var again = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(2, due);
        Assert.Equal(0, again);
        using var bankLater = await app.LoggedInClientAsync("org-1.p12");
        using var citizenLater = await app.LoggedInClientAsync("citizen-1.p12");
        var paper = await bankLater.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{toPaper}");
        var expired = await bankLater.GetFromJsonAsync<JsonElement>($"/api/v1/letters/{expires}");
        Assert.Equal("awaiting_print", paper.GetProperty("status").GetString());
        Assert.Equal(["SubmissionAcceptance", "ContentConsignment", "AcceptanceRejectionExpiry", "RelayToNonERDS"], paper.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Contains("expiry", expired.GetProperty("receipts").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(1L, await Db.ScalarAsync(connectionString, "select count(*) from paper_queue where letter_id = @id", toPaper));
        await Problem.AssertAsync(await citizenLater.GetAsync($"/api/v1/mailbox/letters/{expires}/statement?decision=accept"), HttpStatusCode.Conflict, "npes.letter.already_decided");
    }

    internal static (int Exit, string Output) Openssl(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

internal static class Db
{
    public static async Task<long> ScalarAsync(string connectionString, string sql, Guid? id = null)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        if (id is not null)
        {
            command.Parameters.AddWithValue("id", id.Value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
