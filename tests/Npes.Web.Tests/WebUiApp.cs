using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Letters.Store;
using Npes.Server.Tests;
using Npes.Storage.Documents;

namespace Npes.Web.Tests;

/// <summary>
/// The real NPES host on a real Kestrel port (a browser needs one), on a database of its own, with the server
/// tests' settings and sample PKI; the clock is the system's, since the browser lives in real time.
/// </summary>
public sealed partial class WebUiApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private WebUiApp(Dictionary<string, string?> settings) => _settings = settings;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebUiApp> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = await NpesApp.SettingsAsync();
        configure?.Invoke(settings);
        var app = new WebUiApp(settings);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        app.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
    }

    /// <summary>An API client with the bearer token of the holder of <paramref name="p12File"/>.</summary>
    public async Task<HttpClient> ApiClientAsync(string p12File)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        using var response = await NpesApp.LoginAsync(client, p12File);
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Sends a letter through the API (multipart: 'letter' JSON + one UTF-8 text document).</summary>
    public static async Task<JsonElement> SendAsync(HttpClient sender, string name, string address, string kind, string subject)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new { recipient = new { name, address }, kind, subject }), Encoding.UTF8, "application/json"), "letter");
        var document = new ByteArrayContent(Encoding.UTF8.GetBytes("Уважаемый получатель!\nСчёт за услуги связи прилагается.\n"));
        document.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        form.Add(document, "document", "letter.txt");
        using var response = await sender.PostAsync(new Uri("/api/v1/letters", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The confirmation code in the paper letter NPES sent to an address — what the owner finds in the postbox.</summary>
    public async Task<string> PaperCodeAsync(Guid letterId)
    {
        var letters = Services.GetRequiredService<ILetterStore>();
        var sealing = Services.GetRequiredService<SealedDocuments>();
        var letter = await letters.FindAsync(letterId, CancellationToken.None) ?? throw new InvalidOperationException("No such letter.");
        var document = (await letters.DocumentsAsync(letterId, CancellationToken.None)).Single();
        var text = Encoding.UTF8.GetString(sealing.Unseal(letter.Id, new WrappedKey(letter.KeyId, letter.WrappedKey), document.Position, document.Sealed));
        return CodePattern().Match(text).Groups[1].Value;
    }

    /// <summary>
    /// The software key file a citizen loads in the browser: PKCS#8 private key and certificate in PEM, with the
    /// issuing CA first (the page must pick the holder's certificate itself). As <c>openssl pkcs12 -nodes</c> writes.
    /// </summary>
    public static string KeyFile(string p12File)
    {
        using var certificate = TestPki.Load(p12File);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("Not an ECDSA key.");
        var ca = File.ReadAllText(TestPki.File("issuing-ca.crt"));
        var path = Path.Combine(Path.GetTempPath(), $"npes-web-{Guid.NewGuid():N}-{Path.GetFileNameWithoutExtension(p12File)}.pem");
        File.WriteAllText(path, ca.Trim() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem() + "\n");
        return path;
    }

    [GeneratedRegex("Код подтверждения адреса: ([0-9]{8})")]
    private static partial Regex CodePattern();
}
