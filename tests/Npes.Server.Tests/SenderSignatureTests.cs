using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Addressing;
using Npes.Core.Letters;
using Npes.Eds.Bundles;

namespace Npes.Server.Tests;

public sealed class SenderSignatureTests
{
    private const string Subject = "Договор";

    [Fact]
    public async Task Submit_SignedBySender_BoundIntoManifestAndVerifiedInBundle()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var pdf = TestDocuments.Pdf();
        var signature = Sign("org-1.p12", Manifest(pdf, Subject));

        using var response = await SendAsync(bank, pdf, Subject, signature);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sent = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var bundle = await bank.GetByteArrayAsync($"/api/v1/letters/{sent.GetProperty("id").GetGuid()}/bundle");
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Contains(verification.Checks, c => c.StartsWith("sender signature: by", StringComparison.Ordinal));
        Assert.Contains("sender signature", app.Services.GetRequiredService<BundleVerifier>().Verify(BundleTampering.Tamper(bundle, "sender-signature.p7s", at: 0.9)).Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signed-by-another-organisation")]
    [InlineData("signed-over-another-subject")]
    [InlineData("not-a-cms")]
    public async Task Submit_BadSenderSignature_RefusedAndNothingStored(string input)
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var pdf = TestDocuments.Pdf();
        var signature = input switch
        {
            "signed-by-another-organisation" => Sign("org-2.p12", Manifest(pdf, Subject)),
            "signed-over-another-subject" => Sign("org-1.p12", Manifest(pdf, "Другое")),
            _ => Encoding.ASCII.GetBytes("definitely not DER"),
        };

        using var response = await SendAsync(bank, pdf, Subject, signature);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.letter.sender_signature_invalid");
        Assert.Equal(0L, await Db.ScalarAsync(connectionString, "select count(*) from letters"));
    }

    private static byte[] Manifest(byte[] pdf, string subject) => new SenderManifest(
        new RecipientQuery(Letters.CitizenName, Letters.CitizenAddress, null), "registered", subject, [("letter.pdf", SHA256.HashData(pdf))]).Encode();

    private static byte[] Sign(string p12, byte[] content)
    {
        using var key = TestPki.Load(p12);
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.ComputeSignature(new CmsSigner(key));
        return cms.Encode();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient sender, byte[] pdf, string subject, byte[] signature)
    {
        using var form = Letters.Form(Letters.Metadata(subject: subject), [new Attachment("letter.pdf", "application/pdf", pdf)]);
        form.Add(new ByteArrayContent(signature), "senderSignature", "signature.p7s");
        return await sender.PostAsync("/api/v1/letters", form);
    }
}
