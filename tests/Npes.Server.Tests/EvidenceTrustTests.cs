using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds;
using Npes.Eds.Bundles;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Npes.Eds.Trust;
using Npes.Server.Hosting;

namespace Npes.Server.Tests;

/// <summary>
/// Attacks on evidence, on the real host: signatures by anyone but the operator, notices moved between letters,
/// containers changed after issue, revocation while the server runs, and old evidence under newer CRLs.
/// </summary>
public sealed class EvidenceTrustTests
{
    [Theory]
    [InlineData("citizen-1.p12", "Иванов Иван Иванович")]
    [InlineData("org-1.p12", "ОАО «Белтелеком»")]
    public async Task Bundle_ReceiptResignedByCitizenOrOrganisation_FailsNamingTheSigner(string forger, string forgerName)
    {
        await using var app = await NpesApp.StartAsync();
        var (bundle, _) = await DeliveredBundleAsync(app);
        var verifier = app.Services.GetRequiredService<BundleVerifier>();
        var tsa = app.Services.GetRequiredService<ITimestampAuthority>();
        var receipt = BundleTampering.Entry(bundle, "receipts/acceptance.p7m");
        var content = Content(receipt);

        var forged = BundleTampering.Replace(bundle, "receipts/acceptance.p7m", await SignAsync(forger, content, detached: false, tsa));
        var verification = verifier.Verify(forged);

        Assert.False(verification.IsValid);
        Assert.StartsWith("acceptance receipt: it is signed by", verification.Failure, StringComparison.Ordinal);
        Assert.Contains(forgerName, verification.Failure, StringComparison.Ordinal);
        Assert.Contains("not the operator", verification.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events/0001.json", "citizen-1.p12", "Иванов Иван Иванович")]
    [InlineData("events/0003.json", "org-2.p12", "ООО «Пример Плюс»")]
    public async Task Bundle_EventResignedByCitizenOrOrganisation_FailsNamingTheSigner(string eventEntry, string forger, string forgerName)
    {
        await using var app = await NpesApp.StartAsync();
        var (bundle, _) = await DeliveredBundleAsync(app);
        var tsa = app.Services.GetRequiredService<ITimestampAuthority>();
        var signature = eventEntry.Replace(".json", ".p7s", StringComparison.Ordinal);

        var forged = BundleTampering.Replace(bundle, signature, await SignAsync(forger, BundleTampering.Entry(bundle, eventEntry), detached: true, tsa));
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(forged);

        Assert.False(verification.IsValid);
        Assert.Matches(@"^event \d \([A-Za-z]+\): it is signed by", verification.Failure);
        Assert.Contains(forgerName, verification.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundle_SealResignedByOrganisation_FailsNamingTheSigner()
    {
        await using var app = await NpesApp.StartAsync();
        var (bundle, _) = await DeliveredBundleAsync(app);
        var tsa = app.Services.GetRequiredService<ITimestampAuthority>();

        var forged = BundleTampering.Replace(bundle, "seal.p7m", await SignAsync("org-1.p12", Content(BundleTampering.Entry(bundle, "seal.p7m")), detached: false, tsa));
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(forged);

        Assert.StartsWith("bundle seal: it is signed by", verification.Failure, StringComparison.Ordinal);
        Assert.Contains("ОАО «Белтелеком»", verification.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceLog_EventResignedByOrganisation_FailsNamingTheSigner()
    {
        await using var app = await NpesApp.StartAsync();
        await DeliveredBundleAsync(app);
        using var auditor = await app.LoggedInClientAsync("operator-1.p12");
        var log = (await auditor.GetFromJsonAsync<JsonElement>("/api/v1/evidence/log?after=0&limit=100")).EnumerateArray()
            .Select(e => new ExportedEvent(Convert.FromBase64String(e.GetProperty("encoded").GetString()!), Convert.FromBase64String(e.GetProperty("signature").GetString()!)))
            .ToList();
        var verifier = app.Services.GetRequiredService<EvidenceLogVerifier>();
        Assert.True(verifier.Verify(log).IsValid, verifier.Verify(log).Failure);

        log[1] = log[1] with { Signature = await SignAsync("org-1.p12", log[1].Encoded, detached: true, app.Services.GetRequiredService<ITimestampAuthority>()) };
        var verification = verifier.Verify(log);

        Assert.StartsWith("event #2", verification.Failure, StringComparison.Ordinal);
        Assert.Contains("it is signed by 'C=BY, O=ОАО «Белтелеком»", verification.Failure, StringComparison.Ordinal);
        Assert.Equal(1, verification.Events);
    }

    [Fact]
    public async Task Bundle_DeliveryNoticeCopiedFromAnotherLettersBundle_Fails()
    {
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var first = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        var second = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        (await Letters.DecideAsync(citizen, first, "accept")).EnsureSuccessStatusCode();
        (await Letters.DecideAsync(citizen, second, "accept")).EnsureSuccessStatusCode();
        var bundle = await bank.GetByteArrayAsync($"/api/v1/letters/{first}/bundle");
        var other = await bank.GetByteArrayAsync($"/api/v1/letters/{second}/bundle");
        var verifier = app.Services.GetRequiredService<BundleVerifier>();
        Assert.True(verifier.Verify(bundle).IsValid, verifier.Verify(bundle).Failure);

        var verification = verifier.Verify(BundleTampering.Replace(bundle, "receipts/delivery.p7m", BundleTampering.Entry(other, "receipts/delivery.p7m")));

        Assert.Equal("delivery notice: it is not about this letter and manifest", verification.Failure);
    }

    [Fact]
    public async Task Bundle_EntryAddedRemovedOrChanged_FailsNamingTheEntry()
    {
        await using var app = await NpesApp.StartAsync();
        var (bundle, _) = await DeliveredBundleAsync(app);
        var verifier = app.Services.GetRequiredService<BundleVerifier>();
        var good = verifier.Verify(bundle);
        Assert.True(good.IsValid, good.Failure);
        Assert.Contains(good.Checks, c => c.StartsWith("bundle seal: by the operator, over ", StringComparison.Ordinal));
        Assert.Contains(good.Checks, c => c.StartsWith("revocation data: ", StringComparison.Ordinal));

        Assert.Equal("bundle seal: entry 'notes/forged.txt' was added after the bundle was issued",
            verifier.Verify(BundleTampering.Add(bundle, "notes/forged.txt", "the recipient agreed"u8.ToArray())).Failure);
        Assert.Equal("bundle seal: entry 'certificates/operator.crt' was removed after the bundle was issued",
            verifier.Verify(BundleTampering.Remove(bundle, "certificates/operator.crt")).Failure);
        Assert.Equal("bundle seal: entry 'META-INF/manifest.xml' was changed after the bundle was issued",
            verifier.Verify(BundleTampering.Replace(bundle, "META-INF/manifest.xml", "<manifest/>"u8.ToArray())).Failure);
        Assert.Equal("bundle seal: entry 'revocation/01.crl' was removed after the bundle was issued",
            verifier.Verify(BundleTampering.Remove(bundle, "revocation/01.crl")).Failure);
    }

    [Theory]
    [InlineData("manifest.json", "appears twice")]
    [InlineData("/etc/passwd", "has an absolute name")]
    [InlineData("documents/../../evil.pdf", "'..' segment")]
    [InlineData("documents\\evil.pdf", "has a backslash")]
    [InlineData("C:/evil.pdf", "has an absolute name")]
    [InlineData("Manifest.json", "differs from another only in case")]
    public async Task Bundle_HostileEntryName_RefusedWithReason(string name, string reason)
    {
        await using var app = await NpesApp.StartAsync();
        var (bundle, _) = await DeliveredBundleAsync(app);

        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(BundleTampering.Add(bundle, name, "{}"u8.ToArray()));

        Assert.False(verification.IsValid);
        Assert.StartsWith("the container is refused: ", verification.Failure, StringComparison.Ordinal);
        Assert.Contains(reason, verification.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_CertificateRevokedWhileRunning_RefusedAfterCrlRefreshWithoutRestart()
    {
        var crl = Path.Combine(Path.GetTempPath(), "npes-test-" + Guid.NewGuid().ToString("N") + ".crl");
        File.Copy(TestPki.File(SamplePki.CrlFile), crl);
        await using var app = await NpesApp.StartAsync(settings => settings["Npes:Eds:Crls:0"] = crl);
        using (var before = await app.LoginAsync("citizen-2.p12"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await File.WriteAllBytesAsync(crl, IssueCrl(DateTimeOffset.UtcNow, ("citizen-2.crt", DateTimeOffset.UtcNow.AddMinutes(-1))));
        await app.Services.GetRequiredService<RevocationRefresh>().RunAsync(CancellationToken.None);

        using var revoked = await app.LoginAsync("citizen-2.p12");
        using var unaffected = await app.LoginAsync("citizen-1.p12");
        await Problem.AssertAsync(revoked, HttpStatusCode.Unauthorized, "npes.eds.certificate_revoked");
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
        File.Delete(crl);
    }

    [Fact]
    public async Task Login_CrlFromDistributionPoint_RefusesRevokedAfterRefresh()
    {
        var served = File.ReadAllBytes(TestPki.File(SamplePki.CrlFile));
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                context.Response.ContentType = "application/pkix-crl";
                await context.Response.OutputStream.WriteAsync(Volatile.Read(ref served));
                context.Response.Close();
            }
        });
        await using var app = await NpesApp.StartAsync(settings => settings["Npes:Eds:CrlDistributionPoints:0"] = $"http://127.0.0.1:{port}/issuing-ca.crl");
        using (var before = await app.LoginAsync("citizen-2.p12"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Volatile.Write(ref served, IssueCrl(DateTimeOffset.UtcNow, ("citizen-2.crt", DateTimeOffset.UtcNow.AddMinutes(-1))));
        var report = await app.Services.GetRequiredService<CrlRefresher>().RefreshAsync(CancellationToken.None);

        Assert.Equal(1, report.Installed);
        using var revoked = await app.LoginAsync("citizen-2.p12");
        await Problem.AssertAsync(revoked, HttpStatusCode.Unauthorized, "npes.eds.certificate_revoked");
        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task Login_IssuerWithoutCrl_RefusedUnlessExempted()
    {
        await using var strict = await NpesApp.StartAsync(settings => settings.Remove("Npes:Eds:Crls:0"));
        using var refused = await strict.LoginAsync("citizen-1.p12");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("there is no CRL for its issuer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await using var exempt = await NpesApp.StartAsync(settings =>
        {
            settings.Remove("Npes:Eds:Crls:0");
            settings["Npes:Eds:RevocationOptional:0"] = TestPki.File("issuing-ca.crt");
        });
        using var accepted = await exempt.LoginAsync("citizen-1.p12");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Bundle_IssuedBeforeNewerCrl_StillVerifies_EvenWhenTheRecipientIsRevokedLater()
    {
        var crl = Path.Combine(Path.GetTempPath(), "npes-test-" + Guid.NewGuid().ToString("N") + ".crl");
        File.Copy(TestPki.File(SamplePki.CrlFile), crl);
        await using var app = await NpesApp.StartAsync(settings => settings["Npes:Eds:Crls:0"] = crl);
        var (bundle, _) = await DeliveredBundleAsync(app);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // CRL times have whole seconds: the new one is issued after every signature

        // Years later: a newer CRL, and the recipient's certificate revoked after it signed for the letter.
        var later = DateTimeOffset.UtcNow;
        await File.WriteAllBytesAsync(crl, IssueCrl(later, ("citizen-1.crt", later)));
        await app.Services.GetRequiredService<RevocationRefresh>().RunAsync(CancellationToken.None);
        var verification = app.Services.GetRequiredService<BundleVerifier>().Verify(bundle);
        Assert.True(verification.IsValid, verification.Failure);

        // A verifier that holds no CRL at all (revocation required) checks the bundle with the CRLs it carries.
        using var offline = OfflineVerifier();
        var carried = offline.GetRequiredService<BundleVerifier>().Verify(bundle);
        Assert.True(carried.IsValid, carried.Failure);
        var stripped = offline.GetRequiredService<BundleVerifier>().Verify(BundleTampering.Remove(bundle, "revocation/01.crl"));
        Assert.Contains("there is no CRL for its issuer", stripped.Failure, StringComparison.Ordinal);
        File.Delete(crl);
    }

    /// <summary>A letter from org-1 to citizen-1, signed for; its bundle and id.</summary>
    private static async Task<(byte[] Bundle, Guid Id)> DeliveredBundleAsync(NpesApp app)
    {
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        (await Letters.DecideAsync(citizen, id, "accept")).EnsureSuccessStatusCode();
        return (await bank.GetByteArrayAsync($"/api/v1/letters/{id}/bundle"), id);
    }

    private static ServiceProvider OfflineVerifier() => new ServiceCollection()
        .AddLogging()
        .AddEds(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Npes:Eds:TrustAnchors:0"] = TestPki.File("root-ca.crt"),
            ["Npes:Eds:Intermediates:0"] = TestPki.File("issuing-ca.crt"),
        }).Build())
        .BuildServiceProvider();

    /// <summary>A CMS by <paramref name="p12"/>'s holder, timestamped by a real TSA: what a forger with a valid EDS can make.</summary>
    private static async Task<byte[]> SignAsync(string p12, byte[] content, bool detached, ITimestampAuthority tsa)
    {
        using var key = TestPki.Load(p12);
        var cms = new SignedCms(new ContentInfo(content), detached);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, key) { IncludeOption = X509IncludeOption.EndCertOnly }, silent: true);
        var signerInfo = cms.SignerInfos[0];
        var token = await tsa.TimestampAsync(SHA256.HashData(signerInfo.GetSignature()), CancellationToken.None);
        signerInfo.AddUnsignedAttribute(new AsnEncodedData("1.2.840.113549.1.9.16.2.14", token));
        return cms.Encode();
    }

    private static byte[] IssueCrl(DateTimeOffset thisUpdate, params (string Certificate, DateTimeOffset At)[] revoked)
    {
        using var issuer = TestPki.Load("issuing-ca.p12");
        var builder = new CertificateRevocationListBuilder();
        foreach (var (file, at) in revoked)
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(TestPki.File(file));
            builder.AddEntry(certificate, at, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(issuer, System.Numerics.BigInteger.Parse(thisUpdate.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), thisUpdate.AddDays(7), HashAlgorithmName.SHA256, thisUpdate: thisUpdate);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static byte[] Content(byte[] attachedCms)
    {
        var cms = new SignedCms();
        cms.Decode(attachedCms);
        return cms.ContentInfo.Content;
    }
}
