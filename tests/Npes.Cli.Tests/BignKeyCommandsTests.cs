using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Npes.Eds.Pki;
using Npes.Server.Tests;
using Npes.Storage;

namespace Npes.Cli.Tests;

/// <summary>
/// Holders of bign keys (STB 34.101.45: a certificate <c>NAME.crt</c> and its key container <c>NAME.key</c>) through
/// the <c>npes</c> CLI, against the real host and PostgreSQL.
/// </summary>
public sealed class BignKeyCommandsTests
{
    private const string Password = SamplePki.DemoPassword;
    private const string CitizenName = "Ковалёва Мария Андреевна";
    private const string CitizenAddress = "220030, г. Минск, ул. Немига, д. 3, кв. 7";
    private const string OrganisationName = "ООО «Нацкрипто Пример»";

    [Fact]
    public async Task RegisteredLetter_BignOrganisationToBignCitizen_SignedReceivedAndEvidenceVerifies()
    {
        await using var app = await NpesApp.StartAsync(NpesApp.TrustBign);
        using var cli = new Cli(app.Server.CreateHandler());

        // The organisation's certificate is given in DER, the citizen's in PEM (as the sample PKI writes it).
        var derCertificate = Path.Combine(cli.Work, "bign-org-1.cer");
        using (var pem = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Certificate(SamplePki.BignOrganisation))))
        {
            await File.WriteAllBytesAsync(derCertificate, pem.RawData);
        }

        var orgLogin = await cli.RunAsync("login", "--key", Key(SamplePki.BignOrganisation), "--certificate", derCertificate, "--password", Password, "--profile", "org");
        var citizenLogin = await LoginAsync(cli, SamplePki.BignCitizen, "citizen", "--password", Password);
        Assert.True(orgLogin.Exit == 0, orgLogin.Error);
        Assert.Contains($"logged in as {OrganisationName} (", orgLogin.Output, StringComparison.Ordinal);
        Assert.True(citizenLogin.Exit == 0, citizenLogin.Error);
        Assert.Contains($"logged in as {CitizenName} (citizen)", citizenLogin.Output, StringComparison.Ordinal);
        await cli.ConfirmMailboxAsync(app, "citizen", CitizenAddress);

        // The organisation signs its letter with its bign key; the citizen signs the handover with hers.
        var id = await cli.SendAsync("org", CitizenName, CitizenAddress, "--registered", "--sign", "--password", Password);
        var sent = await File.ReadAllBytesAsync(Path.Combine(cli.Work, "letter.pdf"));
        var receive = await cli.RunAsync("receive", id, "--out", Path.Combine(cli.Work, "received"), "--profile", "citizen", "--password", Password);

        Assert.True(receive.Exit == 0, receive.Error);
        Assert.Matches($"^signed for registered letter RR[0-9]{{9}}BY from {OrganisationName}: handed_over", receive.Output);
        Assert.Equal(sent, await File.ReadAllBytesAsync(Path.Combine(cli.Work, "received", "letter.pdf")));

        // The sender's delivery notice carries the citizen's bign signature; the bundle verifies offline.
        var delivery = Path.Combine(cli.Work, "delivery.p7m");
        var get = await cli.RunAsync("receipt", "get", id, "--kind", "delivery", "--out", delivery, "--profile", "org");
        var verify = await cli.RunAsync(["receipt", "verify", delivery, .. Trust()]);
        var bundle = Path.Combine(cli.Work, "letter.asice");
        var bundleGet = await cli.RunAsync("bundle", "get", id, "--out", bundle, "--profile", "org");
        var bundleVerify = await cli.RunAsync(["bundle", "verify", bundle, .. Trust()]);

        Assert.True(get.Exit == 0, get.Error);
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Contains($"recipient: {CitizenName} (personal number 4120687E004PB9) signed 'accept'", verify.Output, StringComparison.Ordinal);
        Assert.True(bundleGet.Exit == 0, bundleGet.Error);
        Assert.True(bundleVerify.Exit == 0, bundleVerify.Output + bundleVerify.Error);
        Assert.Contains($"ok      sender signature: by C=BY, O={OrganisationName}, organizationIdentifier=VATBY-192345678", bundleVerify.Output, StringComparison.Ordinal);
        Assert.Contains("ok      delivery notice: recipient " + CitizenName, bundleVerify.Output, StringComparison.Ordinal);
        Assert.Matches("the bundle of letter RR[0-9]{9}BY verifies", bundleVerify.Output);
    }

    [Fact]
    public async Task Refuse_BignCitizen_WrongPasswordRefusesNothingThenRefusalNoticeVerifies()
    {
        await using var app = await NpesApp.StartAsync(NpesApp.TrustBign);
        using var cli = new Cli(app.Server.CreateHandler(), new() { ["NPES_P12_PASSWORD"] = Password });
        var orgLogin = await cli.RunAsync("login", "--p12", TestPki.File("org-1.p12"), "--profile", "org");
        var citizenLogin = await LoginAsync(cli, SamplePki.BignCitizen, "citizen");
        Assert.True(orgLogin.Exit == 0, orgLogin.Error);
        Assert.True(citizenLogin.Exit == 0, citizenLogin.Error);
        await cli.ConfirmMailboxAsync(app, "citizen", CitizenAddress);
        var id = await cli.SendAsync("org", CitizenName, CitizenAddress, "--registered");

        var wrong = await cli.RunAsync("refuse", id, "--profile", "citizen", "--password", "wrong");
        var inbox = await cli.RunAsync("inbox", "--profile", "citizen");
        var refuse = await cli.RunAsync("refuse", id, "--profile", "citizen");
        var receipt = Path.Combine(cli.Work, "refusal.p7m");
        var get = await cli.RunAsync("receipt", "get", id, "--kind", "refusal", "--out", receipt, "--profile", "org");
        var verify = await cli.RunAsync(["receipt", "verify", receipt, .. Trust()]);

        Assert.Equal(1, wrong.Exit);
        Assert.Equal("npes: Cannot open bign-citizen-1.key: wrong password or damaged key container." + Environment.NewLine, wrong.Error);
        Assert.Contains("consigned     sign to open", inbox.Output, StringComparison.Ordinal);
        Assert.True(refuse.Exit == 0, refuse.Error);
        Assert.Matches("^refused letter RR[0-9]{9}BY: refused", refuse.Output);
        Assert.True(get.Exit == 0, get.Error);
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Contains($"recipient: {CitizenName} (personal number 4120687E004PB9) signed 'refuse'", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_BignWrongPassword_ClearMessageAndProfileUnchanged()
    {
        await using var app = await NpesApp.StartAsync(NpesApp.TrustBign);
        using var cli = new Cli(app.Server.CreateHandler());
        var profile = Path.Combine(cli.Home, "profiles", "citizen.json");
        var first = await LoginAsync(cli, SamplePki.BignCitizen, "citizen", "--password", Password);
        var saved = await File.ReadAllBytesAsync(profile);

        var again = await LoginAsync(cli, SamplePki.BignCitizen, "citizen", "--password", "wrong");
        var other = await LoginAsync(cli, SamplePki.BignCitizen, "other", "--password", "wrong");

        Assert.True(first.Exit == 0, first.Error);
        var json = JsonDocument.Parse(saved).RootElement;
        Assert.Equal(Key(SamplePki.BignCitizen), json.GetProperty("keyFile").GetString());
        Assert.Equal(Certificate(SamplePki.BignCitizen), json.GetProperty("certificateFile").GetString());
        Assert.DoesNotContain(Password, System.Text.Encoding.UTF8.GetString(saved), StringComparison.Ordinal);
        Assert.Equal(1, again.Exit);
        Assert.Equal("npes: Cannot open bign-citizen-1.key: wrong password or damaged key container." + Environment.NewLine, again.Error);
        Assert.Equal(saved, await File.ReadAllBytesAsync(profile));
        Assert.Equal(1, other.Exit);
        Assert.False(File.Exists(Path.Combine(cli.Home, "profiles", "other.json")));
    }

    [Theory]
    [InlineData("bign-org-1.key", "bign-citizen-1.crt", "Cannot use bign-org-1.key with bign-citizen-1.crt: The bign private key is not the key of certificate 'C=BY, SN=Ковалёва, G=Мария Андреевна")]
    [InlineData("missing.key", "bign-citizen-1.crt", "No such file: ")]
    [InlineData("bign-citizen-1.key", "missing.crt", "No such file: ")]
    [InlineData("citizen-1.p12", "bign-citizen-1.crt", "citizen-1.p12 is a PKCS#12 file, not a key container: log in with --p12 citizen-1.p12 alone.")]
    [InlineData("bign-citizen-1.key", "citizen-1.crt", "citizen-1.crt is a certificate of the 'x509' EDS provider, whose keys come in PKCS#12 files")]
    [InlineData("bign-citizen-1.key", "citizen-1.p12", "citizen-1.p12 is not a PEM or DER certificate")]
    [InlineData("bign-citizen-1.crt", "bign-citizen-1.crt", "Cannot use bign-citizen-1.crt with bign-citizen-1.crt: The bign key container is PEM but has no 'ENCRYPTED PRIVATE KEY' block.")]
    public async Task Login_UnusableKeyOrCertificateFile_UsageFailureAndNoProfile(string key, string certificate, string message)
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("login", "--key", TestPki.File(key), "--certificate", TestPki.File(certificate), "--password", Password);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("npes: " + message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(cli.Home, "profiles")));
    }

    [Theory]
    [InlineData(new[] { "--key", "bign-citizen-1.key", "--password", Password }, "--key needs --certificate FILE")]
    [InlineData(new[] { "--certificate", "bign-citizen-1.crt", "--password", Password }, "--certificate goes with --key FILE")]
    [InlineData(new[] { "--p12", "citizen-1.p12", "--key", "bign-citizen-1.key", "--certificate", "bign-citizen-1.crt" }, "--p12 holds the key and its certificate")]
    [InlineData(new[] { "--password", Password }, "Give the EDS key: --p12 FILE, --key FILE with --certificate FILE, or --pkcs11 MODULE with --token LABEL.")]
    [InlineData(new[] { "--key", "bign-citizen-1.key", "--certificate", "bign-citizen-1.crt" }, "bign-citizen-1.key is protected by a password: give --password or set NPES_P12_PASSWORD.")]
    [InlineData(new[] { "--p12", "bign-citizen-1.key", "--password", Password }, "bign-citizen-1.key is a PEM file, not PKCS#12: a key container is given with --key FILE together with --certificate FILE.")]
    public async Task Login_KeyOptionsMisused_UsageFailure(string[] options, string message)
    {
        using var cli = new Cli();
        var args = options.Select(o => o.Contains('.', StringComparison.Ordinal) ? TestPki.File(o) : o);

        var result = await cli.RunAsync(["login", .. args]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("npes: " + message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cli.Home, "profiles")));
    }

    [Fact]
    public async Task Login_KeyContainerOverOneMegabyte_UsageFailure()
    {
        using var cli = new Cli();
        var large = Path.Combine(cli.Work, "large.key");
        await File.WriteAllBytesAsync(large, new byte[SigningKey.MaxFileBytes + 1]);

        var result = await cli.RunAsync("login", "--key", large, "--certificate", Certificate(SamplePki.BignCitizen), "--password", Password);

        Assert.Equal(2, result.Exit);
        Assert.Contains("large.key is larger than 1 MB; that is not a key container.", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The dev server as a developer runs it (Development settings, the working tree's certs-sample): the bign sample
    /// citizen logs in with her key container, has her demo mailbox, signs for a letter, and the delivery notice
    /// verifies with the default sample trust.
    /// </summary>
    [Fact]
    public async Task DevServer_BignSampleCitizen_LogsInSignsForLetterAndDeliveryVerifiesWithSampleTrust()
    {
        var samples = Path.Combine(RepositoryRoot.Find()!, "certs-sample");
        var dataRoot = Path.Combine(Path.GetTempPath(), "npes-devserver-" + Guid.NewGuid().ToString("N"));
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        using var server = ServerProcess.Start(url, ("Npes__Storage__DataRoot", dataRoot));
        using var cli = new Cli();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            Assert.True(await ServerProcess.WaitForReadyAsync(http, server.Process), server.Output);

            var login = await cli.RunAsync(
                "login", "--key", Path.Combine(samples, SamplePki.BignCitizen + SamplePki.BignKeyExtension), "--certificate", Path.Combine(samples, SamplePki.BignCitizen + ".crt"),
                "--password", Password, "--profile", "maria", "--server", url);
            var org = await cli.RunAsync("login", "--p12", Path.Combine(samples, "org-1.p12"), "--password", Password, "--profile", "org", "--server", url);
            var mailbox = await cli.RunAsync("mailbox", "show", "--profile", "maria");
            Assert.True(login.Exit == 0, login.Error + server.Output);
            Assert.Contains($"logged in as {CitizenName} (citizen)", login.Output, StringComparison.Ordinal);
            Assert.True(org.Exit == 0, org.Error);
            Assert.Contains("[confirmed", mailbox.Output, StringComparison.Ordinal);

            var id = await cli.SendAsync("org", CitizenName, CitizenAddress, "--registered");
            var receive = await cli.RunAsync("receive", id, "--out", Path.Combine(cli.Work, "received"), "--profile", "maria", "--password", Password);
            var delivery = Path.Combine(cli.Work, "delivery.p7m");
            var get = await cli.RunAsync("receipt", "get", id, "--kind", "delivery", "--out", delivery, "--profile", "org");
            var verify = await cli.RunAsync("receipt", "verify", delivery);

            Assert.True(receive.Exit == 0, receive.Error);
            Assert.Contains("handed_over", receive.Output, StringComparison.Ordinal);
            Assert.True(get.Exit == 0, get.Error);
            Assert.True(verify.Exit == 0, verify.Output + verify.Error);
            Assert.StartsWith("trust: the sample PKI in ", verify.Output, StringComparison.Ordinal);
            Assert.Contains($"recipient: {CitizenName} (personal number 4120687E004PB9) signed 'accept'", verify.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.Process.HasExited)
            {
                await server.TerminateAsync();
            }

            ServerProcess.RemoveDataRoot(dataRoot);
        }
    }

    private static Task<(int Exit, string Output, string Error)> LoginAsync(Cli cli, string entity, string profile, params string[] options) =>
        cli.RunAsync(["login", "--key", Key(entity), "--certificate", Certificate(entity), "--profile", profile, .. options]);

    private static string Key(string entity) => TestPki.File(entity + SamplePki.BignKeyExtension);

    private static string Certificate(string entity) => TestPki.File(entity + ".crt");

    /// <summary>Both hierarchies of the test PKI: ECDSA (the operator, the TSA) and bign (the holders).</summary>
    private static string[] Trust() =>
    [
        "--trust", TestPki.File("root-ca.crt"), "--trust", Certificate(SamplePki.BignRootCa),
        "--intermediate", TestPki.File("issuing-ca.crt"), "--intermediate", Certificate(SamplePki.BignIssuingCa),
        "--crl", TestPki.File(SamplePki.CrlFile), "--crl", TestPki.File(SamplePki.BignCrlFile),
    ];
}
