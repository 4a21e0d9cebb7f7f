using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npes.Webhooks;

namespace Npes.Server.Tests;

public sealed partial class WebhookTests
{
    [Fact]
    public async Task Events_PostedToSenderEndpoint_SignedAndInOrder()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = await NpesApp.StartAsync();
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var secret = await SubscribeAsync(bank, receiver.Url);
        var sent = await Letters.SendOkAsync(bank);
        (await Letters.DecideAsync(citizen, sent.GetProperty("id").GetGuid(), "accept")).EnsureSuccessStatusCode();

        var delivered = await app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(4, delivered);
        var requests = receiver.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.True(
            WebhookSignature.Verify(WebhookSignature.SecretBytes(secret), r.Id, r.Timestamp, r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)),
            "signature does not verify"));
        var events = requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data")).OrderBy(d => d.GetProperty("seq").GetInt32()).ToList();
        Assert.Equal(["SubmissionAcceptance", "ContentConsignment", "ConsignmentAcceptance", "ContentHandover"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e => Assert.Equal(sent.GetProperty("s10").GetString(), e.GetProperty("s10").GetString()));
        Assert.False(WebhookSignature.Verify(WebhookSignature.SecretBytes(secret), requests[0].Id, requests[0].Timestamp, requests[0].Signature, [.. requests[0].Body, 0x20], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Delivery_EndpointFails_SubscriberBackedOffThenDelivered()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 2);
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        await SubscribeAsync(bank, receiver.Url);
        await Letters.SendOkAsync(bank, Letters.Metadata(name: "Нет Такого", address: "г. Пинск, ул. Ленина, 1"));
        var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();

        var first = await dispatcher.DispatchDueAsync(CancellationToken.None);
        var tooEarly = await dispatcher.DispatchDueAsync(CancellationToken.None);
        var backingOff = await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook");
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        var second = await dispatcher.DispatchDueAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterBackoff = await dispatcher.DispatchDueAsync(CancellationToken.None);
        var deliveries = await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries");
        var healthy = await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook");

        Assert.Equal((0, 0, 0, 2), (first, tooEarly, second, afterBackoff));
        Assert.Equal("backing-off", backingOff.GetProperty("state").GetString());
        Assert.Equal(1, backingOff.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal("active", healthy.GetProperty("state").GetString());
        Assert.All(deliveries.EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("state").GetString()));
        Assert.Equal(4, receiver.Attempts);
    }

    [Fact]
    public async Task Delivery_ServerRestarts_PendingDeliveriesSurvive()
    {
        var connectionString = string.Empty;
        var url = $"http://127.0.0.1:{FreePort()}/hooks";
        await using (var first = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!))
        {
            using var bank = await first.LoggedInClientAsync("org-1.p12");
            await SubscribeAsync(bank, url);
            await Letters.SendOkAsync(bank, Letters.Metadata(name: "Нет Такого", address: "г. Пинск, ул. Ленина, 1"));
            Assert.Equal(0, await first.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None));
        }

        await using var receiver = await Receiver.StartAsync(url: url);
        await using var second = await NpesApp.StartAsync(s => s["ConnectionStrings:Npes"] = connectionString);
        second.Clock.Advance(TimeSpan.FromSeconds(6));

        var delivered = await second.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(2, delivered);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Theory]
    [InlineData("ftp://example.org/hook", "npes.webhook.url_invalid")]
    [InlineData("not a url", "npes.webhook.url_invalid")]
    [InlineData("https://user:pass@example.org/hook", "npes.webhook.url_invalid")]
    [InlineData("", "npes.webhook.url_invalid")]
    public async Task Subscribe_BadUrl_Refused(string url, string code)
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");

        using var response = await bank.PutAsJsonAsync("/api/v1/webhook", new { url });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, code);
        await Problem.AssertAsync(await bank.GetAsync("/api/v1/webhook"), HttpStatusCode.NotFound, "npes.webhook.not_found");
    }

    [Theory]
    [InlineData("http://example.org/hook", "'url' must use https.")]
    [InlineData("https://10.1.2.3/hook", "'url' points outside global unicast space: 10.1.2.3 is in 10.0.0.0/8 (private use).")]
    [InlineData("https://127.0.0.1/hook", "'url' points outside global unicast space: 127.0.0.1 is in 127.0.0.0/8 (loopback).")]
    [InlineData("https://[64:ff9b::a00:1]/hook", "'url' points outside global unicast space: 64:ff9b::a00:1 embeds the IPv4 address 10.0.0.1 (NAT64 64:ff9b::/96).")]
    public async Task Subscribe_ProductionDefaults_RefuseHttpAndSpecialAddresses(string url, string detail)
    {
        await using var app = await NpesApp.StartAsync(s =>
        {
            s["Npes:Webhooks:RequireHttps"] = "true";
            s["Npes:Webhooks:AllowPrivateNetworks"] = "false";
        });
        using var bank = await app.LoggedInClientAsync("org-1.p12");

        using var response = await bank.PutAsJsonAsync("/api/v1/webhook", new { url });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "npes.webhook.url_invalid");
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    private static async Task<string> SubscribeAsync(HttpClient sender, string url)
    {
        using var response = await sender.PutAsJsonAsync("/api/v1/webhook", new { url });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(url, body.GetProperty("url").GetString());
        return body.GetProperty("secret").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Received(string Id, string Timestamp, string Signature, byte[] Body);

    /// <summary>A real HTTP endpoint on loopback that records what it receives; it can fail its first requests.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _attempts;

        private Receiver(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public ConcurrentQueue<Received> Requests { get; } = new();

        public int Attempts => _attempts;

        /// <summary>Waits until <paramref name="count"/> requests were received (or fails after <paramref name="limit"/>).</summary>
        public async Task WaitForAsync(int count, TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            while (Requests.Count < count)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        public static async Task<Receiver> StartAsync(int failFirst = 0, string? url = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(url is null ? "http://127.0.0.1:0" : new Uri(url).GetLeftPart(UriPartial.Authority));
            var app = builder.Build();
            Receiver? self = null;
            app.MapPost("/hooks", async (HttpRequest request) =>
            {
                var attempt = Interlocked.Increment(ref self!._attempts);
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                if (attempt <= failFirst)
                {
                    return Results.StatusCode(500);
                }

                self.Requests.Enqueue(new Received(request.Headers["webhook-id"]!, request.Headers["webhook-timestamp"]!, request.Headers["webhook-signature"]!, buffer.ToArray()));
                return Results.NoContent();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new Receiver(app, url ?? address + "/hooks");
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
