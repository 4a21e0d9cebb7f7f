using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Webhooks;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>One party's webhook trouble — deleted, dead, slow or disabled endpoints — never holds up another party's.</summary>
public sealed partial class WebhookTests
{
    private static readonly object PaperMetadata = Letters.Metadata(name: "Нет Такого", address: "г. Пинск, ул. Ленина, 1");

    [Fact]
    public async Task Dispatch_DeletedSubscriptionWith60Pending_OtherPartyDeliveredInFirstRound()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var other = await app.LoggedInClientAsync("org-2.p12");
        await SubscribeAsync(bank, $"http://127.0.0.1:{FreePort()}/gone");
        for (var i = 0; i < 30; i++)
        {
            await Letters.SendOkAsync(bank, PaperMetadata);
        }

        Assert.Equal(60, (await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries?limit=100")).GetArrayLength());
        (await bank.DeleteAsync("/api/v1/webhook")).EnsureSuccessStatusCode();
        await SubscribeAsync(other, receiver.Url);
        var sent = await Letters.SendOkAsync(other, PaperMetadata);

        var delivered = await app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(2, delivered);
        Assert.All(receiver.Requests, r => Assert.Equal(sent.GetProperty("id").GetString(), JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("letterId").GetString()));
        var cancelled = await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries?limit=100");
        Assert.Equal(60, cancelled.EnumerateArray().Count(d => d.GetProperty("state").GetString() == "cancelled"));
    }

    [Fact]
    public async Task Dispatch_DisabledSubscriberWithDueRows_NeverClaimedAndOthersDelivered()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = await NpesApp.StartAsync(s => s["Npes:Webhooks:DisableAfterFailures"] = "2");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var other = await app.LoggedInClientAsync("org-2.p12");
        await SubscribeAsync(bank, $"http://127.0.0.1:{FreePort()}/dead");
        for (var i = 0; i < 30; i++)
        {
            await Letters.SendOkAsync(bank, PaperMetadata);
        }

        var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        var disabled = await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook");
        await SubscribeAsync(other, receiver.Url);
        await Letters.SendOkAsync(other, PaperMetadata);
        app.Clock.Advance(TimeSpan.FromHours(2));
        using var bankAgain = await app.LoggedInClientAsync("org-1.p12");

        var delivered = await dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.Equal("disabled", disabled.GetProperty("state").GetString());
        Assert.Equal(2, disabled.GetProperty("consecutiveFailures").GetInt32());
        Assert.StartsWith("2 consecutive failed attempts; the last: refused.", disabled.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, delivered);
        var bankDeliveries = (await bankAgain.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries?limit=100")).EnumerateArray().ToList();
        Assert.Equal(60, bankDeliveries.Count(d => d.GetProperty("state").GetString() == "pending"));
        Assert.Equal(2, bankDeliveries.Sum(d => d.GetProperty("attempts").GetInt32()));
        Assert.All(bankDeliveries.Where(d => d.GetProperty("attempts").GetInt32() > 0), d => Assert.Equal("refused", d.GetProperty("lastError").GetString()));

        // A new PUT enables the endpoint again; the kept deliveries go out.
        await using var revived = await Receiver.StartAsync();
        await SubscribeAsync(bankAgain, revived.Url);
        Assert.Equal(60, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(60, revived.Requests.Count);
    }

    [Fact]
    public async Task Dispatch_TarpitEndpoint_OtherPartyDeliveredWhileTarpitHangs()
    {
        using var tarpit = new Tarpit();
        await using var receiver = await Receiver.StartAsync();
        // The tarpit holds its connection for the whole timeout; a busy machine must not make the other party's two
        // deliveries look late, so the timeout is generous and the test asserts order, not speed.
        await using var app = await NpesApp.StartAsync(s => s["Npes:Webhooks:Timeout"] = "00:00:15");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var other = await app.LoggedInClientAsync("org-2.p12");
        await SubscribeAsync(bank, tarpit.Url);
        await Letters.SendOkAsync(bank, PaperMetadata);
        await SubscribeAsync(other, receiver.Url);
        await Letters.SendOkAsync(other, PaperMetadata);

        var dispatch = app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);
        await receiver.WaitForAsync(2, TimeSpan.FromSeconds(60));
        // The dispatch cannot finish before the tarpit's attempt has timed out; the other party's deliveries came first.
        var tarpitStillHeld = !dispatch.IsCompleted;
        var delivered = await dispatch;

        Assert.True(tarpitStillHeld, "the other party's deliveries arrived only after the tarpit's attempt ended");
        Assert.Equal(1, tarpit.Accepted);
        Assert.Equal(2, delivered);
        var stuck = (await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries")).EnumerateArray().ToList();
        Assert.Equal(["timeout"], stuck.Where(d => d.GetProperty("attempts").GetInt32() > 0).Select(d => d.GetProperty("lastError").GetString()));
        Assert.Equal(1, stuck.Sum(d => d.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Dispatch_EndpointAnswers500_LastErrorIsStatusOnly()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 1);
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        await SubscribeAsync(bank, receiver.Url);
        await Letters.SendOkAsync(bank, PaperMetadata);

        await app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        var errors = (await bank.GetFromJsonAsync<JsonElement>("/api/v1/webhook/deliveries")).EnumerateArray()
            .Select(d => d.TryGetProperty("lastError", out var e) ? e : default).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()).ToList();
        Assert.Equal(["http 500"], errors);
    }

    [Fact]
    public async Task Unsubscribe_PendingDeliveries_CancelledInTheDatabase()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        await SubscribeAsync(bank, $"http://127.0.0.1:{FreePort()}/gone");
        await Letters.SendOkAsync(bank, PaperMetadata);

        (await bank.DeleteAsync("/api/v1/webhook")).EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from webhook_deliveries where delivered_at is null and cancelled_at is null and given_up_at is null", connection);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>Accepts TCP connections and never answers (nor closes them) — the slowest possible endpoint.</summary>
    private sealed class Tarpit : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];
        private int _accepted;

        public Tarpit()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks";

        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose()
        {
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(s => s.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync();
                    lock (_held)
                    {
                        _held.Add(socket);
                    }

                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (SocketException)
            {
                // stopped
            }
            catch (ObjectDisposedException)
            {
                // stopped
            }
        }
    }
}
