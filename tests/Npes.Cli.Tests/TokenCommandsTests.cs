using System.IO.Compression;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Npes.Core.Letters;
using Npes.Eds.Bundles;
using Npes.Server.Tests;
using Npes.Testing;

namespace Npes.Cli.Tests;

/// <summary>
/// Citizens and organisations whose EDS key is on a USB token: the <c>npes</c> CLI against the real host, signing on
/// real SoftHSM2 tokens made for this test process by tools/softhsm-token.sh (the key generated on the token).
/// </summary>
public sealed class TokenCommandsTests
{
    private const string Password = "npes-demo";
    private const string TokenCitizenAddress = "220004, г. Минск, ул. Сурганова, д. 21, кв. 8";
    private const string CitizenName = "Иванов Иван Иванович";
    private const string CitizenAddress = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";

    private static SoftHsm Tokens => SoftHsm.Tokens(Path.GetDirectoryName(TestPki.File("issuing-ca.p12"))!);

    [SoftHsmFact]
    public async Task Login_KeyOnTokenWithPin_LoggedInAndProfileRemembersTheTokenNotThePin()
    {
        var key = Tokens.Citizen;
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());

        var login = await cli.RunAsync("login", "--pkcs11", key.Module, "--token", key.Token, "--key", key.KeyLabel, "--pin", SoftHsm.Pin, "--profile", "token");

        Assert.True(login.Exit == 0, login.Error);
        Assert.Contains($"logged in as {SoftHsm.CitizenName} (citizen)", login.Output, StringComparison.Ordinal);
        var saved = await File.ReadAllTextAsync(Path.Combine(cli.Home, "profiles", "token.json"));
        var token = JsonDocument.Parse(saved).RootElement.GetProperty("token");
        Assert.Equal(key.Module, token.GetProperty("module").GetString());
        Assert.Equal(key.Token, token.GetProperty("tokenLabel").GetString());
        Assert.Equal(key.KeyLabel, token.GetProperty("keyLabel").GetString());
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(saved).RootElement.GetProperty("keyFile").ValueKind);
        Assert.DoesNotContain("\"" + SoftHsm.Pin + "\"", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("pin", saved, StringComparison.OrdinalIgnoreCase);
    }

    [SoftHsmFact]
    public async Task Login_PinFromEnvironmentOrPromptOrNowhere_LoggedInTwiceThenUsageFailure()
    {
        var key = Tokens.Citizen;
        await using var app = await NpesApp.StartAsync();
        using var fromEnvironment = new Cli(app.Server.CreateHandler(), new() { ["NPES_PIN"] = SoftHsm.Pin });
        using var prompted = new Cli(app.Server.CreateHandler());
        var prompts = new List<string>();
        prompted.ReadSecret = prompt =>
        {
            prompts.Add(prompt);
            return SoftHsm.Pin.ToCharArray();
        };
        using var noTerminal = new Cli(app.Server.CreateHandler());
        string[] login = ["login", "--pkcs11", key.Module, "--token", key.Token];

        var environment = await fromEnvironment.RunAsync(login);
        var prompt = await prompted.RunAsync(login);
        var nowhere = await noTerminal.RunAsync(login);

        Assert.True(environment.Exit == 0, environment.Error);
        Assert.True(prompt.Exit == 0, prompt.Error);
        Assert.Equal(["PIN of token 'npes-citizen': "], prompts);
        Assert.Equal(2, nowhere.Exit);
        Assert.Equal("npes: The token's PIN is needed: give --pin PIN, set NPES_PIN, or run where the PIN can be typed." + Environment.NewLine, nowhere.Error);
        Assert.False(File.Exists(Path.Combine(noTerminal.Home, "profiles", "default.json")));
    }

    [SoftHsmFact]
    public async Task RegisteredLetter_TokenCitizenSignsTheHandover_DeliveryNoticeCarriesTheTokenCertificate()
    {
        var key = Tokens.Citizen;
        using var tokenCertificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(key.CertificateFile!));
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler(), new() { ["NPES_PIN"] = SoftHsm.Pin });
        var org = await cli.RunAsync("login", "--p12", TestPki.File("org-1.p12"), "--password", Password, "--profile", "org");
        var citizen = await cli.RunAsync("login", "--pkcs11", key.Module, "--token", key.Token, "--key", key.KeyLabel, "--profile", "token");
        Assert.True(org.Exit == 0, org.Error);
        Assert.True(citizen.Exit == 0, citizen.Error);
        await cli.ConfirmMailboxAsync(app, "token", TokenCitizenAddress);
        var id = await cli.SendAsync("org", SoftHsm.CitizenName, TokenCitizenAddress, "--registered");
        var sent = await File.ReadAllBytesAsync(Path.Combine(cli.Work, "letter.pdf"));

        // The citizen signs for the letter with the key on the token (the PIN from NPES_PIN, the token from the profile).
        var receive = await cli.RunAsync("receive", id, "--out", Path.Combine(cli.Work, "received"), "--profile", "token");

        Assert.True(receive.Exit == 0, receive.Error);
        Assert.Matches($"^signed for registered letter RR[0-9]{{9}}BY from ОАО «Белтелеком»: handed_over", receive.Output);
        Assert.Equal(sent, await File.ReadAllBytesAsync(Path.Combine(cli.Work, "received", "letter.pdf")));

        // The sender's delivery notice carries the token's certificate and the citizen's signature made on the token.
        var delivery = Path.Combine(cli.Work, "delivery.p7m");
        var get = await cli.RunAsync("receipt", "get", id, "--kind", "delivery", "--out", delivery, "--profile", "org");
        var verify = await cli.RunAsync(["receipt", "verify", delivery, .. Trust()]);
        Assert.True(get.Exit == 0, get.Error);
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Contains($"recipient: {SoftHsm.CitizenName} (personal number {SoftHsm.CitizenPersonalNumber}) signed 'accept'", verify.Output, StringComparison.Ordinal);
        var receipt = new SignedCms();
        receipt.Decode(await File.ReadAllBytesAsync(delivery));
        var notice = DeliveryNotice.Decode(receipt.ContentInfo.Content);
        Assert.Equal(tokenCertificate.RawData, notice.Certificate);
    }

    [SoftHsmFact]
    public async Task Refuse_TokenNamedOnTheCommandLine_RefusalSignedOnTheToken()
    {
        var key = Tokens.Citizen;
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());
        var org = await cli.RunAsync("login", "--p12", TestPki.File("org-1.p12"), "--password", Password, "--profile", "org");
        var citizen = await cli.RunAsync("login", "--pkcs11", key.Module, "--token", key.Token, "--pin", SoftHsm.Pin, "--profile", "token");
        Assert.True(org.Exit == 0, org.Error);
        Assert.True(citizen.Exit == 0, citizen.Error);
        await cli.ConfirmMailboxAsync(app, "token", TokenCitizenAddress);
        var id = await cli.SendAsync("org", SoftHsm.CitizenName, TokenCitizenAddress, "--registered");

        var wrong = await cli.RunAsync("refuse", id, "--profile", "token", "--pin", "000000");
        var refuse = await cli.RunAsync("refuse", id, "--profile", "token", "--pkcs11", key.Module, "--token", key.Token, "--key-id", key.KeyId, "--pin", SoftHsm.Pin);
        var receipt = Path.Combine(cli.Work, "refusal.p7m");
        var get = await cli.RunAsync("receipt", "get", id, "--kind", "refusal", "--out", receipt, "--profile", "org");
        var verify = await cli.RunAsync(["receipt", "verify", receipt, .. Trust()]);

        Assert.Equal(5, wrong.Exit);
        Assert.StartsWith("npes: Token 'npes-citizen' refused the PIN (CKR_PIN_INCORRECT).", wrong.Error, StringComparison.Ordinal);
        Assert.True(refuse.Exit == 0, refuse.Error);
        Assert.Matches("^refused letter RR[0-9]{9}BY: refused", refuse.Output);
        Assert.True(verify.Exit == 0, verify.Error + get.Error);
        Assert.Contains($"recipient: {SoftHsm.CitizenName} (personal number {SoftHsm.CitizenPersonalNumber}) signed 'refuse'", verify.Output, StringComparison.Ordinal);
    }

    [SoftHsmFact]
    public async Task SendSigned_TokenCitizenSender_SenderSignatureIsMadeByTheTokenKey()
    {
        var key = Tokens.Citizen;
        using var tokenCertificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(key.CertificateFile!));
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());
        var citizen = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", Password, "--profile", "citizen");
        var sender = await cli.RunAsync("login", "--pkcs11", key.Module, "--token", key.Token, "--pin", SoftHsm.Pin, "--profile", "token");
        Assert.True(citizen.Exit == 0, citizen.Error);
        Assert.True(sender.Exit == 0, sender.Error);
        await cli.ConfirmMailboxAsync(app, "citizen", CitizenAddress);

        var id = await cli.SendAsync("token", CitizenName, CitizenAddress, "--registered", "--sign", "--pin", SoftHsm.Pin);
        var bundle = Path.Combine(cli.Work, "letter.asice");
        var bundleGet = await cli.RunAsync("bundle", "get", id, "--out", bundle, "--profile", "token");
        var bundleVerify = await cli.RunAsync(["bundle", "verify", bundle, .. Trust()]);

        Assert.True(bundleGet.Exit == 0, bundleGet.Error);
        Assert.True(bundleVerify.Exit == 0, bundleVerify.Output + bundleVerify.Error);
        Assert.Contains($"ok      sender signature: by {tokenCertificate.Subject}, over recipient, subject and documents", bundleVerify.Output, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(bundle);
        await using var entry = archive.GetEntry(AsicLayout.SenderSignatureEntry)!.Open();
        using var copy = new MemoryStream();
        await entry.CopyToAsync(copy);
        var signature = new SignedCms();
        signature.Decode(copy.ToArray());
        Assert.Equal(tokenCertificate.RawData, signature.SignerInfos[0].Certificate!.RawData);
    }

    [SoftHsmTheory]
    [InlineData("npes-wrong-pin", "000000", new string[0], 5, "Token 'npes-wrong-pin' refused the PIN (CKR_PIN_INCORRECT). The token reports that few tries remain before it locks the PIN.")]
    [InlineData("npes-locked", SoftHsm.Pin, new string[0], 6, "The user PIN of token 'npes-locked' is locked after too many wrong PINs; it can only be unlocked with the token's administration tool and its security officer PIN or PUK.")]
    [InlineData("npes-citizen", SoftHsm.Pin, new[] { "--key", "signing-2027" }, 7, "Token 'npes-citizen' holds no private key 'signing-2027'; keys there: 'citizen' (id 01). Choose the key with --key LABEL or --key-id HEX.")]
    [InlineData("npes-no-cert", SoftHsm.Pin, new[] { "--key", "citizen" }, 8, "Token 'npes-no-cert' holds no certificate for key 'citizen' (id 01); write it onto the token under the key's id, e.g. pkcs11-tool --write-object CERT.der --type cert --id 01 --login.")]
    [InlineData("npes-elsewhere", SoftHsm.Pin, new string[0], 4, "No token 'npes-elsewhere' is present in MODULE; present: 'npes-always-auth' (serial ")]
    [InlineData("npes-two-keys", SoftHsm.Pin, new string[0], 2, "2 private keys on token 'npes-two-keys' match (the only key with a certificate): 'first' (id 01), 'second' (id 02); choose one by its label and id. Choose the key with --key LABEL or --key-id HEX.")]
    public async Task Login_TokenFailure_ItsMessageAndExitCodeAndNoProfile(string token, string pin, string[] options, int exit, string message)
    {
        var module = Tokens.Module;
        using var cli = new Cli();

        var result = await cli.RunAsync(["login", "--pkcs11", module, "--token", token, "--pin", pin, .. options]);

        Assert.Equal(exit, result.Exit);
        Assert.StartsWith("npes: " + message.Replace("MODULE", module, StringComparison.Ordinal), result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(pin, result.Error + result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cli.Home, "profiles")));
    }

    [Fact]
    public async Task Login_ModuleMissing_Exit3()
    {
        using var cli = new Cli();
        var module = Path.Combine(cli.Work, "libvendor-pkcs11.so");

        var result = await cli.RunAsync("login", "--pkcs11", module, "--token", "npes-citizen", "--pin", SoftHsm.Pin);

        Assert.Equal(3, result.Exit);
        Assert.Equal($"npes: The PKCS#11 module {module} does not exist. --pkcs11 names the token vendor's PKCS#11 library." + Environment.NewLine, result.Error);
    }

    [Theory]
    [InlineData(new[] { "--token", "npes-citizen" }, "--token names a key on a token and goes with --pkcs11 MODULE.")]
    [InlineData(new[] { "--key-id", "01", "--p12", "citizen-1.p12" }, "--key-id names a key on a token and goes with --pkcs11 MODULE.")]
    [InlineData(new[] { "--pkcs11", "/usr/lib/softhsm/libsofthsm2.so" }, "--pkcs11 needs the token: --token LABEL or --token-serial SERIAL.")]
    [InlineData(new[] { "--pkcs11", "/usr/lib/softhsm/libsofthsm2.so", "--token", "t", "--p12", "citizen-1.p12" }, "--pkcs11 signs with a key on a token; --p12 is for key files (the token's PIN is given with --pin).")]
    [InlineData(new[] { "--pkcs11", "/usr/lib/softhsm/libsofthsm2.so", "--token", "t", "--password", "x" }, "--pkcs11 signs with a key on a token; --password is for key files (the token's PIN is given with --pin).")]
    [InlineData(new[] { "--pkcs11", "/usr/lib/softhsm/libsofthsm2.so", "--token", "a-label-that-is-longer-than-32-bytes" }, "--token: A token label has 1 to 32 bytes of UTF-8 and is not blank.")]
    [InlineData(new[] { "--pkcs11", "/usr/lib/softhsm/libsofthsm2.so", "--token", "t", "--key-id", "xyz" }, "--key-id: A key id is 1 to 64 bytes in hex (e.g. 01 or a1b2c3).")]
    [InlineData(new[] { "--p12", "citizen-1.p12", "--pin", "123456" }, "--pin is the PIN of a token and goes with --pkcs11 MODULE; key files take --password.")]
    public async Task Login_TokenOptionsMisused_UsageFailure(string[] options, string message)
    {
        using var cli = new Cli();
        var arguments = options.Select(o => o.EndsWith(".p12", StringComparison.Ordinal) ? TestPki.File(o) : o).ToArray();

        var result = await cli.RunAsync(["login", .. arguments]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("npes: " + message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cli.Home, "profiles")));
    }

    [Fact]
    public async Task Login_MalformedVendorMechanisms_UsageFailure()
    {
        using var cli = new Cli(variables: new() { ["NPES_PKCS11_MECHANISMS"] = "bign=avest" });

        var result = await cli.RunAsync("login", "--pkcs11", "/usr/lib/softhsm/libsofthsm2.so", "--token", "t", "--pin", "123456");

        Assert.Equal(2, result.Exit);
        Assert.Equal("npes: NPES_PKCS11_MECHANISMS: 'avest' is not a PKCS#11 mechanism number (hex 0x80000045 or decimal)." + Environment.NewLine, result.Error);
    }

    [SoftHsmFact]
    public async Task SigningCommands_TokenOptionsMisused_UsageFailure()
    {
        var key = Tokens.Citizen;
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());
        var token = await cli.RunAsync("login", "--pkcs11", key.Module, "--token", key.Token, "--pin", SoftHsm.Pin, "--profile", "token");
        var file = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", Password, "--profile", "file");
        var document = Path.Combine(cli.Work, "note.txt");
        await File.WriteAllTextAsync(document, "Добрый день.");
        var letter = Guid.NewGuid().ToString();

        var passwordForToken = await cli.RunAsync("refuse", letter, "--profile", "token", "--password", Password);
        var pinForFile = await cli.RunAsync("refuse", letter, "--profile", "file", "--pin", SoftHsm.Pin);
        var pinWithoutSign = await cli.RunAsync("send", "--profile", "token", "--to-name", CitizenName, "--to-address", CitizenAddress, "--file", document, "--pin", SoftHsm.Pin);

        Assert.True(token.Exit == 0, token.Error);
        Assert.True(file.Exit == 0, file.Error);
        Assert.Equal((2, "npes: --password opens key files; the token's PIN is given with --pin (or NPES_PIN)." + Environment.NewLine), (passwordForToken.Exit, passwordForToken.Error));
        Assert.Equal((2, "npes: --pin is the PIN of a token: profile 'file' signs with a key file (--password); use --pkcs11 to sign with a token." + Environment.NewLine), (pinForFile.Exit, pinForFile.Error));
        Assert.Equal((2, "npes: --pin chooses the key that signs the letter; it goes with --sign." + Environment.NewLine), (pinWithoutSign.Exit, pinWithoutSign.Error));
    }

    private static string[] Trust() => ["--trust", TestPki.File("root-ca.crt"), "--intermediate", TestPki.File("issuing-ca.crt"), "--crl", TestPki.File("issuing-ca.crl")];
}
