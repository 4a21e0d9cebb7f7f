using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Npes.Server.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Login_CitizenSampleKey_ReturnsTokenForPerson()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.LoginAsync("citizen-1.p12");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("npes_", login.GetProperty("accessToken").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", login.GetProperty("tokenType").GetString());
        Assert.Equal("person", login.GetProperty("party").GetProperty("kind").GetString());
        Assert.Equal("Иванов Иван Иванович", login.GetProperty("party").GetProperty("name").GetString());
        Assert.Equal("3140582A001PB1", login.GetProperty("party").GetProperty("personalNumber").GetString());
        Assert.Equal(["citizen"], login.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(login.GetProperty("expiresAt").GetDateTimeOffset() <= app.Clock.GetUtcNow().AddMinutes(15));
    }

    [Fact]
    public async Task Login_OrganisationSampleKey_ReturnsOrganisationWithUnp()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.LoginAsync("org-1.p12");

        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("organisation", login.GetProperty("party").GetProperty("kind").GetString());
        Assert.Equal("100289066", login.GetProperty("party").GetProperty("unp").GetString());
        Assert.Equal(["organisation"], login.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Login_ConfiguredOperator_GetsOperatorRole()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.LoginAsync("operator-1.p12");

        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("operator", login.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Login_ReplayedChallenge_RefusedAsReplayed()
    {
        await using var app = await NpesApp.StartAsync();
        using var certificate = TestPki.Load("citizen-1.p12");
        var client = app.CreateClient();
        var challenge = await NpesApp.RequestChallengeAsync(client, certificate);
        var body = LoginBody(challenge, certificate, TestPki.Sign(certificate, ToBeSigned(challenge)));
        using var first = await client.PostAsJsonAsync("/api/v1/auth/login", body);

        using var replay = await client.PostAsJsonAsync("/api/v1/auth/login", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Problem.AssertAsync(replay, HttpStatusCode.Unauthorized, "npes.auth.challenge_replayed");
    }

    [Fact]
    public async Task Login_ExpiredChallenge_RefusedAsExpired()
    {
        await using var app = await NpesApp.StartAsync();
        using var certificate = TestPki.Load("citizen-1.p12");
        var client = app.CreateClient();
        var challenge = await NpesApp.RequestChallengeAsync(client, certificate);
        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", LoginBody(challenge, certificate, TestPki.Sign(certificate, ToBeSigned(challenge))));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.challenge_expired");
    }

    [Fact]
    public async Task Login_ChallengeOfAnotherCertificate_RefusedAsForeign()
    {
        await using var app = await NpesApp.StartAsync();
        using var victim = TestPki.Load("citizen-1.p12");
        using var attacker = TestPki.Load("citizen-2.p12");
        var client = app.CreateClient();
        var challenge = await NpesApp.RequestChallengeAsync(client, victim);

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", LoginBody(challenge, attacker, TestPki.Sign(attacker, ToBeSigned(challenge))));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.challenge_foreign");
    }

    [Fact]
    public async Task Login_UnknownChallenge_RefusedAsUnknown()
    {
        await using var app = await NpesApp.StartAsync();
        using var certificate = TestPki.Load("citizen-1.p12");

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new
        {
            challengeId = Guid.NewGuid(),
            certificate = Convert.ToBase64String(certificate.RawData),
            signature = Convert.ToBase64String(new byte[64]),
        });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.challenge_unknown");
    }

    [Fact]
    public async Task Login_SignatureOverOtherBytes_RefusedAsInvalidSignature()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.LoginAsync("citizen-1.p12", tamper: data => [.. data, (byte)'!']);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.signature_invalid");
    }

    [Fact]
    public async Task Login_SignatureNotBase64_RefusedAsInvalidSignature()
    {
        await using var app = await NpesApp.StartAsync();
        using var certificate = TestPki.Load("citizen-1.p12");
        var client = app.CreateClient();
        var challenge = await NpesApp.RequestChallengeAsync(client, certificate);

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new
        {
            challengeId = challenge.GetProperty("challengeId").GetGuid(),
            certificate = Convert.ToBase64String(certificate.RawData),
            signature = "not base64 at all",
        });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.signature_invalid");
    }

    [Fact]
    public async Task Login_CertificateOfAnotherPki_RefusedAsUntrusted()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.LoginAsync(TestPki.ForeignFile("citizen-1.p12"));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.eds.certificate_untrusted");
    }

    [Fact]
    public async Task Login_CertificateExpired_RefusedAsExpired()
    {
        await using var app = await NpesApp.StartAsync();
        app.Clock.Advance(TimeSpan.FromDays(4 * 366));

        using var response = await app.LoginAsync("citizen-1.p12");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.eds.certificate_expired");
    }

    [Fact]
    public async Task Login_CertificateNotYetValid_RefusedAsNotYetValid()
    {
        await using var app = await NpesApp.StartAsync();
        app.Clock.Advance(TimeSpan.FromDays(-30));

        using var response = await app.LoginAsync("citizen-1.p12");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.eds.certificate_not_yet_valid");
    }

    [Fact]
    public async Task Login_TlsServerCertificate_RefusedAsWrongKeyUsage()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.LoginAsync("tls-localhost.p12");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.eds.certificate_wrong_usage");
    }

    [Fact]
    public async Task Login_CertificateOnConfiguredCrl_RefusedAsRevoked()
    {
        var crl = Path.Combine(Path.GetTempPath(), "npes-test-" + Guid.NewGuid().ToString("N") + ".crl");
        using (var issuer = TestPki.Load("issuing-ca.p12"))
        using (var revoked = X509CertificateLoader.LoadCertificateFromFile(TestPki.File("citizen-2.crt")))
        {
            var builder = new CertificateRevocationListBuilder();
            builder.AddEntry(revoked, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.KeyCompromise);
            await File.WriteAllBytesAsync(crl, builder.Build(issuer, 2, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256));
        }

        await using var app = await NpesApp.StartAsync(settings => settings["Npes:Eds:Crls:0"] = crl);

        using var revokedLogin = await app.LoginAsync("citizen-2.p12");
        using var unaffectedLogin = await app.LoginAsync("citizen-1.p12");

        await Problem.AssertAsync(revokedLogin, HttpStatusCode.Unauthorized, "npes.eds.certificate_revoked");
        Assert.Equal(HttpStatusCode.OK, unaffectedLogin.StatusCode);
        File.Delete(crl);
    }

    [Fact]
    public async Task Challenge_GarbageCertificate_RefusedAsMalformed()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/challenge", new { certificate = Convert.ToBase64String(Encoding.UTF8.GetBytes("no certificate here")) });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.eds.certificate_malformed");
    }

    [Fact]
    public async Task Challenge_PemCertificate_Accepted()
    {
        await using var app = await NpesApp.StartAsync();
        var pem = await File.ReadAllTextAsync(TestPki.File("citizen-1.crt"));

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/challenge", new { certificate = pem });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var challenge = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("NPES login challenge v2\norigin: http://localhost\n", Encoding.UTF8.GetString(ToBeSigned(challenge)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_OversizedCertificate_RefusedAsMalformed()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/challenge", new { certificate = new string('A', 20_000) });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.eds.certificate_malformed");
    }

    [Fact]
    public async Task Challenge_BodyNotJson_RefusedAsInvalidRequest()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().PostAsync("/api/v1/auth/challenge", new StringContent("{not json", Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.request.invalid");
    }

    [Fact]
    public async Task Challenge_MissingCertificate_RefusedAsInvalidRequest()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/challenge", new { });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.request.invalid");
    }

    private static byte[] ToBeSigned(JsonElement challenge) => Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!);

    private static object LoginBody(JsonElement challenge, X509Certificate2 certificate, byte[] signature) => new
    {
        challengeId = challenge.GetProperty("challengeId").GetGuid(),
        certificate = Convert.ToBase64String(certificate.RawData),
        signature = Convert.ToBase64String(signature),
    };
}
