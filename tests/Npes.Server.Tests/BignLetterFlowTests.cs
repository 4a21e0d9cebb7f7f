using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Eds;
using Npes.Eds.Bundles;
using Npes.Eds.Cms;
using Npes.Eds.Pki;

namespace Npes.Server.Tests;

/// <summary>
/// The letter flow on national crypto: the operator signs receipts and evidence with a bign key (STB 34.101.45), the
/// built-in TSA timestamps them with an ECDSA or a bign key, and a citizen with a bign certificate logs in and signs the
/// handover with it.
/// </summary>
public sealed class BignLetterFlowTests
{
    private const string BignWithHbelt = "1.2.112.0.2.0.34.101.45.12";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string CitizenName = "Ковалёва Мария Андреевна";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RegisteredLetter_BignOperatorAndBignCitizen_ReceiptsHandoverAndBundleVerify(bool bignTsa)
    {
        await using var app = await StartAsync(bignTsa);
        var timestampAlgorithm = bignTsa ? BignWithHbelt : EcdsaWithSha256;
        using var key = BignKey.Open(SamplePki.BignCitizen);
        using var citizen = await LoggedInAsync(app, key);
        using (var mailbox = await citizen.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } }))
        {
            mailbox.EnsureSuccessStatusCode();
        }

        await PaperCodes.ConfirmAllAsync(app, citizen);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var pdf = TestDocuments.Pdf();

        // The acceptance receipt is a bign CMS by the operator's bign key, with a timestamp.
        var sent = await Letters.SendOkAsync(bank, Letters.Metadata(name: CitizenName), [new Attachment("Извещение.pdf", "application/pdf", pdf)]);
        var id = sent.GetProperty("id").GetGuid();
        Assert.Equal("matched", sent.GetProperty("routing").GetProperty("outcome").GetString());
        var receipt = Convert.FromBase64String(sent.GetProperty("receipt").GetString()!);
        var verifier = app.Services.GetRequiredService<CmsVerifier>();
        var acceptance = verifier.Verify(receipt, null, requireTimestamp: true);
        Assert.True(acceptance.IsValid, acceptance.Failure);
        Assert.Equal(BignWithHbelt, SignatureAlgorithmOf(receipt));
        Assert.Equal(timestampAlgorithm, TimestampSignatureAlgorithmOf(receipt));
        Assert.Equal("NPES Operator Service bign (SAMPLE)", acceptance.Signer!.GetNameInfo(X509NameType.SimpleName, false));

        // The citizen signs the handover statement with the bign key; the content is released.
        var statement = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}/statement?decision=accept");
        var toBeSigned = Convert.FromBase64String(statement.GetProperty("toBeSigned").GetString()!);
        using (var handover = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", new
        {
            statement = Convert.ToBase64String(toBeSigned),
            signature = Convert.ToBase64String(key.Sign(toBeSigned)),
            certificate = Convert.ToBase64String(key.Certificate.RawData),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        Assert.Equal(pdf, await citizen.GetByteArrayAsync($"/api/v1/mailbox/letters/{id}/documents/0"));

        // The delivery notice (bign CMS) carries the citizen's bign signature, and it verifies.
        var deliveryCms = await bank.GetByteArrayAsync($"/api/v1/letters/{id}/receipts/delivery");
        var delivery = verifier.Verify(deliveryCms, null, requireTimestamp: true);
        Assert.True(delivery.IsValid, delivery.Failure);
        Assert.Equal(BignWithHbelt, SignatureAlgorithmOf(deliveryCms));
        Assert.Equal(timestampAlgorithm, TimestampSignatureAlgorithmOf(deliveryCms));
        var notice = DeliveryNotice.Decode(delivery.Content!);
        using var citizenCertificate = X509CertificateLoader.LoadCertificate(notice.Certificate);
        var provider = app.Services.GetRequiredService<IEdsProviderRegistry>().Find(citizenCertificate)!;
        Assert.Equal("bign", provider.Id);
        Assert.Equal("4120687E004PB9", provider.Describe(citizenCertificate).PersonalNumber);
        Assert.True(provider.Verify(citizenCertificate, notice.Statement, notice.Signature));

        // The evidence bundle — events sealed with bign, bundle seal — verifies offline; a changed byte breaks it.
        var bundle = await bank.GetByteArrayAsync($"/api/v1/letters/{id}/bundle");
        var bundles = app.Services.GetRequiredService<BundleVerifier>();
        var verification = bundles.Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Contains("delivery notice", bundles.Verify(BundleTampering.Tamper(bundle, "receipts/delivery.p7m", at: 0.8)).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_BignSignatureOverOtherBytes_Refused()
    {
        await using var app = await StartAsync(bignTsa: false);
        using var key = BignKey.Open(SamplePki.BignCitizen);
        var client = app.CreateClient();
        var challenge = await NpesApp.RequestChallengeAsync(client, key.Certificate);

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new
        {
            challengeId = challenge.GetProperty("challengeId").GetGuid(),
            certificate = Convert.ToBase64String(key.Certificate.RawData),
            signature = Convert.ToBase64String(key.Sign("not the challenge"u8.ToArray())),
        });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.signature_invalid");
        Assert.Contains("bign-with-hbelt", challenge.GetProperty("signatureFormat").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The test host with the bign operator key, the sample ECDSA TSA or (<paramref name="bignTsa"/>) the sample bign
    /// TSA, and both hierarchies trusted (with the bign CRL).
    /// </summary>
    private static Task<NpesApp> StartAsync(bool bignTsa) => NpesApp.StartAsync(settings =>
    {
        NpesApp.TrustBign(settings);
        settings["Npes:Operator:KeyType"] = "Bign";
        settings["Npes:Operator:SigningKey"] = TestPki.File(SamplePki.BignOperatorService + SamplePki.BignKeyExtension);
        settings["Npes:Operator:SigningCertificate"] = TestPki.File(SamplePki.BignOperatorService + ".crt");
        if (bignTsa)
        {
            settings["Npes:Tsa:KeyType"] = "Bign";
            settings["Npes:Tsa:Key"] = TestPki.File(SamplePki.BignTsa + SamplePki.BignKeyExtension);
            settings["Npes:Tsa:Certificate"] = TestPki.File(SamplePki.BignTsa + ".crt");
        }
    });

    /// <summary>Challenge → sign with the bign key → login; a client with the bearer token.</summary>
    private static async Task<HttpClient> LoggedInAsync(NpesApp app, BignKey key)
    {
        var client = app.CreateClient();
        var challenge = await NpesApp.RequestChallengeAsync(client, key.Certificate);
        var toBeSigned = Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!);
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new
        {
            challengeId = challenge.GetProperty("challengeId").GetGuid(),
            certificate = Convert.ToBase64String(key.Certificate.RawData),
            signature = Convert.ToBase64String(key.Sign(toBeSigned)),
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    private static string? SignatureAlgorithmOf(byte[] cms)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        return signed.SignerInfos[0].SignatureAlgorithm.Value;
    }

    /// <summary>The signature algorithm of the RFC 3161 token in the unsigned attributes of <paramref name="cms"/>.</summary>
    private static string? TimestampSignatureAlgorithmOf(byte[] cms)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        var token = signed.SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
        return SignatureAlgorithmOf(token.Values[0].RawData);
    }

    /// <summary>
    /// A citizen's bign key as a client holds it: the sample certificate and key container, imported into the bign
    /// EDS provider of a client-side service collection, which signs (the key never leaves it).
    /// </summary>
    private sealed class BignKey : IDisposable
    {
        private readonly ServiceProvider _services;
        private readonly IEdsProvider _provider;

        private BignKey(ServiceProvider services, IEdsProvider provider, X509Certificate2 certificate)
        {
            _services = services;
            _provider = provider;
            Certificate = certificate;
        }

        public X509Certificate2 Certificate { get; }

        public static BignKey Open(string entity)
        {
            var services = new ServiceCollection().AddLogging().AddEds(new ConfigurationBuilder().Build()).BuildServiceProvider();
            var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(TestPki.File(entity + ".crt")));
            var provider = services.GetRequiredService<IEdsProviderRegistry>().Find(certificate)!;
            ((IEdsKeyStore)provider).ImportKey(certificate, File.ReadAllBytes(TestPki.File(entity + SamplePki.BignKeyExtension)), SamplePki.DemoPassword);
            return new BignKey(services, provider, certificate);
        }

        public byte[] Sign(byte[] data) => _provider.Sign(Certificate, data);

        public void Dispose()
        {
            Certificate.Dispose();
            _services.Dispose();
        }
    }
}
