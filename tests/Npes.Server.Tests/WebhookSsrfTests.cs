using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Webhooks;

namespace Npes.Server.Tests;

/// <summary>The webhook SSRF guard: global unicast space only, at registration and again at every connect.</summary>
public sealed class WebhookSsrfTests
{
    /// <summary>One address from every special-purpose block of the IANA IPv4 and IPv6 registries, and the embedding forms.</summary>
    private static readonly string[] SpecialAddressList =
    [
        // IPv4 special-purpose registry
        "0.0.0.1", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "169.254.169.254", "172.16.0.1", "172.31.255.254",
        "192.0.0.1", "192.0.0.9", "192.0.0.170", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.168.1.1",
        "192.175.48.1", "198.18.0.1", "198.19.255.254", "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.255.255.250",
        "240.0.0.1", "255.255.255.255",

        // IPv6 special-purpose registry and non-unicast space
        "::", "::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:0:8.8.8.8", "::8.8.8.8", "64:ff9b::808:808", "64:ff9b::a00:1",
        "64:ff9b:1::1", "64:ff9b:1:808:8:800::", "100::1", "100:0:0:1::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "2001:1::1", "2001:2::1", "2001:3::1", "2001:4:112::1", "2001:10::1", "2001:20::1", "2001:30::1", "2001:db8::1",
        "2002:808:808::1", "2002:a00:1::1", "2620:4f:8000::1", "3fff::1", "5f00::1", "fc00::1", "fd12:3456::1", "fe80::1",
        "fec0::1", "ff02::1", "4000::1",
    ];

    /// <summary>One address from every special-purpose block of the IANA IPv4 and IPv6 registries, and the embedding forms.</summary>
    public static TheoryData<string> SpecialAddresses() => new(SpecialAddressList);

    [Theory]
    [MemberData(nameof(SpecialAddresses))]
    public void Refusal_SpecialAddress_Refused(string address)
    {
        Assert.NotNull(GlobalUnicast.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("198.20.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700::1111")]
    public void Refusal_GlobalUnicastAddress_Allowed(string address)
    {
        Assert.Null(GlobalUnicast.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("64:ff9b::a00:1", "10.0.0.1")]
    [InlineData("2002:c0a8:101::1", "192.168.1.1")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1")]
    [InlineData("::ffff:0:a9fe:a9fe", "169.254.169.254")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::", "169.254.169.254")]
    public void Embedded_Ipv4EmbeddingForm_Unwrapped(string address, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), GlobalUnicast.Embedded(IPAddress.Parse(address))!.Value.V4);
    }

    [Fact]
    public async Task Subscribe_EverySpecialAddressLiteralOrObfuscatedLoopback_RefusedAtRegistration()
    {
        await using var app = await NpesApp.StartAsync(s => s["Npes:Webhooks:AllowPrivateNetworks"] = "false");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var urls = SpecialAddressList
            .Select(a => IPAddress.Parse(a).AddressFamily == AddressFamily.InterNetworkV6 ? $"http://[{a}]:8080/hook" : $"http://{a}:8080/hook")
            .Concat(["http://2130706433/hook", "http://0x7f.1/hook", "http://[::ffff:7f00:1]/hook", "http://[fe80::1%25eth0]/hook"])
            .ToList();

        foreach (var url in urls)
        {
            using var response = await bank.PutAsJsonAsync("/api/v1/webhook", new { url });
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.webhook.url_invalid");
            Assert.True(
                problem.GetProperty("detail").GetString()!.StartsWith("'url' points outside global unicast space: ", StringComparison.Ordinal),
                url + ": " + problem.GetProperty("detail").GetString());
        }

        await Problem.AssertAsync(await bank.GetAsync("/api/v1/webhook"), HttpStatusCode.NotFound, "npes.webhook.not_found");
    }

    /// <summary>A host name that resolves (or re-resolves, DNS rebinding) to a special address is refused when connecting.</summary>
    [Theory]
    [MemberData(nameof(SpecialAddresses))]
    public async Task Connect_HostResolvesToSpecialAddress_RefusedBeforeConnecting(string address)
    {
        var resolved = new List<string>();
        using var handler = WebhookDispatcher.CreateHandler(new WebhookOptions { AllowPrivateNetworks = false }, (host, _) =>
        {
            resolved.Add(host);
            return Task.FromResult(new[] { IPAddress.Parse(address) });
        });
        using var client = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri("http://hook.example:8080/hook"), new StringContent("{}")));

        Assert.Equal(["hook.example"], resolved);
        Assert.IsType<WebhookAddressRefusedException>(error.InnerException);
        Assert.Equal(WebhookErrors.Refused, WebhookErrors.Classify(error));
    }

    [Fact]
    public async Task Connect_LoopbackListener_NeverReachedAndSenderSeesOnlyRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var app = await NpesApp.StartAsync(s => s["Npes:Webhooks:AllowPrivateNetworks"] = "false");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var put = await bank.PutAsJsonAsync("/api/v1/webhook", new { url = $"http://localhost:{port}/hook" });
        put.EnsureSuccessStatusCode();
        await Letters.SendOkAsync(bank, Letters.Metadata(name: "Нет Такого", address: "г. Пинск, ул. Ленина, 1"));

        var delivered = await app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(0, delivered);
        Assert.False(listener.Pending(), "the guard let a connection through to loopback");
        var attempted = (await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries")).EnumerateArray().Where(d => d.GetProperty("attempts").GetInt32() > 0).ToList();
        Assert.Equal(["refused"], attempted.Select(d => d.GetProperty("lastError").GetString()));
    }

    [Fact]
    public void CreateHandler_ProxyConfiguredInEnvironment_NotUsed()
    {
        using var handler = WebhookDispatcher.CreateHandler(new WebhookOptions());

        Assert.False(handler.UseProxy);
        Assert.Null(handler.Proxy);
        Assert.False(handler.AllowAutoRedirect);
    }
}
