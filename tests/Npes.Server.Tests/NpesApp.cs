using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npes.Eds.Pki;
using Npes.Testing;

namespace Npes.Server.Tests;

/// <summary>
/// The real NPES host on a database of its own (cloned from the migrated template of the per-process test
/// cluster), trusting a sample PKI generated for this test run, with a clock the test controls.
/// </summary>
public sealed class NpesApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private NpesApp(Dictionary<string, string?> settings, MutableTimeProvider clock)
    {
        _settings = settings;
        Clock = clock;
    }

    public MutableTimeProvider Clock { get; }

    public static async Task<NpesApp> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = await SettingsAsync();
        configure?.Invoke(settings);
        var app = new NpesApp(settings, new MutableTimeProvider(DateTimeOffset.UtcNow));
        _ = app.Server; // start the host now, so that start-up failures surface here
        return app;
    }

    /// <summary>The test host's settings, on a fresh database; also given to server processes started by tests.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["ConnectionStrings:Npes"] = await TestPostgres.CreateDatabaseAsync(),
        ["Npes:Storage:MigrateOnStart"] = "false",
        ["Npes:Demo:Enabled"] = "false",
        ["Npes:Eds:TrustAnchors:0"] = TestPki.File("root-ca.crt"),
        ["Npes:Eds:Intermediates:0"] = TestPki.File("issuing-ca.crt"),
        ["Npes:Auth:Operators:0"] = "3010185C003PB7",
        ["Npes:Auth:Auditors:0"] = "3010185C003PB7",
        ["Npes:Operator:SigningKey"] = TestPki.File("operator-service.p12"),
        ["Npes:Operator:SigningKeyPassword"] = SamplePki.DemoPassword,
        ["Npes:Tsa:Key"] = TestPki.File("tsa.p12"),
        ["Npes:Tsa:KeyPassword"] = SamplePki.DemoPassword,
        ["Npes:Storage:MasterKeys:test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Npes:Webhooks:RequireHttps"] = "false",
        ["Npes:Webhooks:AllowPrivateNetworks"] = "true",

        // No job server: tests run sweeps and dispatches explicitly (tests of the pipeline turn it on).
        ["Npes:Jobs:Enabled"] = "false",
        ["Npes:Webhooks:PollInterval"] = "01:00:00",
        ["Npes:Letters:ExpirySweepInterval"] = "01:00:00",

        // One warm document worker per test host (a production server keeps two); LibreOffice's first start in a fresh
        // profile can take minutes on a loaded test machine, so conversions get more time than in production.
        ["Npes:Documents:Workers"] = "1",
        ["Npes:Documents:ConversionTimeoutSeconds"] = "240",
        ["Npes:Documents:InspectTimeoutSeconds"] = "300",
    };

    /// <summary>Adds the bign hierarchy of the test PKI to the trust (root, issuing CA, its bign-signed CRL) beside the ECDSA one.</summary>
    public static void TrustBign(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Npes:Eds:TrustAnchors:1"] = TestPki.File(SamplePki.BignRootCa + ".crt");
        settings["Npes:Eds:Intermediates:1"] = TestPki.File(SamplePki.BignIssuingCa + ".crt");
        settings["Npes:Eds:Crls:0"] = TestPki.File(SamplePki.BignCrlFile);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>Challenge → sign with the PKCS#12 key → login; returns the login response (or the refusal).</summary>
    public Task<HttpResponseMessage> LoginAsync(string p12File, Func<byte[], byte[]>? tamper = null) => LoginAsync(CreateClient(), p12File, tamper);

    /// <summary>Challenge → sign → login through <paramref name="client"/> (any server: this host or a process).</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string p12File, Func<byte[], byte[]>? tamper = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var certificate = TestPki.Load(p12File);
        var challenge = await RequestChallengeAsync(client, certificate);
        var toBeSigned = Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!);
        var signature = TestPki.Sign(certificate, tamper is null ? toBeSigned : tamper(toBeSigned));
        return await client.PostAsJsonAsync("/api/v1/auth/login", new
        {
            challengeId = challenge.GetProperty("challengeId").GetGuid(),
            certificate = Convert.ToBase64String(certificate.RawData),
            signature = Convert.ToBase64String(signature),
        });
    }

    /// <summary>A client carrying a bearer token of the holder of <paramref name="p12File"/>.</summary>
    public async Task<HttpClient> LoggedInClientAsync(string p12File)
    {
        using var response = await LoginAsync(p12File);
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        return client;
    }

    public static async Task<JsonElement> RequestChallengeAsync(HttpClient client, X509Certificate2 certificate)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/challenge", new { certificate = Convert.ToBase64String(certificate.RawData) });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>A sample PKI generated once per test process by the project's own generator.</summary>
public static class TestPki
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "npes-test-pki-" + Guid.NewGuid().ToString("N"));
        SamplePki.Ensure(directory, TimeProvider.System);
        return directory;
    });

    private static readonly Lazy<string> ForeignDirectory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "npes-test-foreign-pki-" + Guid.NewGuid().ToString("N"));
        SamplePki.Ensure(directory, TimeProvider.System);
        return directory;
    });

    public static string File(string name) => Path.Combine(Directory.Value, name);

    /// <summary>A file of another PKI with the same names but a different root, trusted by nobody.</summary>
    public static string ForeignFile(string name) => Path.Combine(ForeignDirectory.Value, name);

    public static X509Certificate2 Load(string p12File) =>
        X509CertificateLoader.LoadPkcs12FromFile(Path.IsPathRooted(p12File) ? p12File : File(p12File), SamplePki.DemoPassword, X509KeyStorageFlags.EphemeralKeySet);

    /// <summary>Signs as a browser's WebCrypto would: ECDSA P-256 with SHA-256, IEEE P1363 encoding.</summary>
    public static byte[] Sign(X509Certificate2 certificate, byte[] data)
    {
        using var ecdsa = certificate.GetECDsaPrivateKey();
        if (ecdsa is not null)
        {
            return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        using var rsa = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("No private key.");
        return rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
