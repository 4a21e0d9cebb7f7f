using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Letters;
using Npes.Eds;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Npes.MobileEdsSimulator;
using Npes.Testing;

namespace Npes.Server.Tests;

/// <summary>Login and handover with mobile EDS through the simulator, hosted in-process on a real port.</summary>
public sealed class MobileEdsTests
{
    private const string Phone = "+375291234567";

    [Fact]
    public async Task MobileLogin_PhoneApproves_TokenWorksOnMailboxesMe()
    {
        await using var simulator = await StartSimulatorAsync("approve");
        await using var app = await StartAppAsync(simulator);
        var client = app.CreateClient();

        var (requestId, pollSecret) = await StartLoginAsync(client);
        using var poll = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        var login = await poll.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("3140582A001PB1", login.GetProperty("party").GetProperty("personalNumber").GetString());
        using var citizen = app.CreateClient();
        citizen.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        using var created = await citizen.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var me = await citizen.GetAsync("/api/v1/mailboxes/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task MobileLogin_ConfirmedOnPhoneAfterPending_ReturnsToken()
    {
        await using var simulator = await StartSimulatorAsync("manual");
        await using var app = await StartAppAsync(simulator);
        var client = app.CreateClient();
        var (requestId, pollSecret) = await StartLoginAsync(client);
        using var pending = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        await AnswerOnPhoneAsync(simulator, "confirm");
        using var poll = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal("pending", (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
    }

    [Fact]
    public async Task MobileLogin_ApproveAfterDelay_PendingUntilThenToken()
    {
        await using var simulator = await StartSimulatorAsync("approve-after:5");
        await using var app = await StartAppAsync(simulator);
        var client = app.CreateClient();
        var (requestId, pollSecret) = await StartLoginAsync(client);

        using var early = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });
        simulator.Clock.Advance(TimeSpan.FromSeconds(5));
        using var late = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
    }

    [Fact]
    public async Task MobileLogin_PhoneRefuses_RefusedAndNoSession()
    {
        string connectionString = "";
        await using var simulator = await StartSimulatorAsync("refuse");
        await using var app = await StartAppAsync(simulator, s => connectionString = s["ConnectionStrings:Npes"]!);
        var client = app.CreateClient();
        var (requestId, pollSecret) = await StartLoginAsync(client);

        using var poll = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });
        using var again = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        await Problem.AssertAsync(poll, HttpStatusCode.Forbidden, "npes.mobile.refused");
        await Problem.AssertAsync(again, HttpStatusCode.NotFound, "npes.mobile.request_unknown");
        Assert.Equal(0L, await Db.ScalarAsync(connectionString, "select count(*) from sessions"));
    }

    [Fact]
    public async Task MobileLogin_PhoneNeverAnswers_Expired()
    {
        await using var simulator = await StartSimulatorAsync("timeout");
        await using var app = await StartAppAsync(simulator);
        var client = app.CreateClient();
        var (requestId, pollSecret) = await StartLoginAsync(client);
        using var pending = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        simulator.Clock.Advance(TimeSpan.FromMinutes(2));
        using var poll = await client.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret });

        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        await Problem.AssertAsync(poll, HttpStatusCode.Gone, "npes.mobile.expired");
    }

    [Fact]
    public async Task MobileLogin_UnregisteredPhone_RefusedAsPhoneUnknown()
    {
        await using var simulator = await StartSimulatorAsync("approve");
        await using var app = await StartAppAsync(simulator);

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = "+375290000000" });

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "npes.mobile.phone_unknown");
    }

    [Fact]
    public async Task MobileLogin_NotConfigured_RefusedAsUnavailable()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable, "npes.mobile.unavailable");
    }

    [Fact]
    public async Task MobileHandover_PhoneApproves_HandedOverAndDeliveryNoticeCarriesSignature()
    {
        await using var simulator = await StartSimulatorAsync("approve");
        await using var app = await StartAppAsync(simulator);
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();

        var (requestId, pollSecret) = await StartHandoverAsync(citizen, id);
        using var poll = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover/mobile/poll", new { requestId, pollSecret });

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Equal("handed_over", (await poll.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var delivery = app.Services.GetRequiredService<CmsVerifier>().Verify(await bank.GetByteArrayAsync($"/api/v1/letters/{id}/receipts/delivery"), null, requireTimestamp: true);
        Assert.True(delivery.IsValid, delivery.Failure);
        var notice = DeliveryNotice.Decode(delivery.Content!);
        using var certificate = X509CertificateLoader.LoadCertificate(notice.Certificate);
        var provider = app.Services.GetRequiredService<IEdsProviderRegistry>().Find(certificate)!;
        Assert.Equal("x509", provider.Id);
        Assert.Equal("3140582A001PB1", provider.Describe(certificate).PersonalNumber);
        Assert.True(provider.Verify(certificate, notice.Statement, notice.Signature));
    }

    [Fact]
    public async Task MobileHandover_PhoneRefuses_LetterStaysUnopened()
    {
        await using var simulator = await StartSimulatorAsync("manual");
        await using var app = await StartAppAsync(simulator);
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        var (requestId, pollSecret) = await StartHandoverAsync(citizen, id);

        await AnswerOnPhoneAsync(simulator, "refuse");
        using var poll = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover/mobile/poll", new { requestId, pollSecret });

        await Problem.AssertAsync(poll, HttpStatusCode.Forbidden, "npes.mobile.refused");
        await Problem.AssertAsync(await citizen.GetAsync($"/api/v1/mailbox/letters/{id}/documents/0"), HttpStatusCode.Forbidden, "npes.letter.content_withheld");
        var letter = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}");
        Assert.Equal("consigned", letter.GetProperty("status").GetString());
    }

    [Fact]
    public async Task MobileHandover_RequestOfAnotherLetter_RefusedAsUnknown()
    {
        await using var simulator = await StartSimulatorAsync("approve");
        await using var app = await StartAppAsync(simulator);
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var first = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        var second = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        var (requestId, pollSecret) = await StartHandoverAsync(citizen, first);

        using var poll = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{second}/handover/mobile/poll", new { requestId, pollSecret });

        await Problem.AssertAsync(poll, HttpStatusCode.NotFound, "npes.mobile.request_unknown");
    }

    [Fact]
    public async Task MobileHandover_ForeignLetterOrAnonymous_NotFoundOrUnauthenticated()
    {
        await using var simulator = await StartSimulatorAsync("approve");
        await using var app = await StartAppAsync(simulator);
        using var recipient = await Letters.CitizenWithMailboxAsync(app);
        using var other = await Letters.CitizenWithMailboxAsync(app, "citizen-2.p12", "г. Гомель, ул. Советская, д. 3, кв. 7");
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();

        using var foreign = await other.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover/mobile", new { phone = Phone });
        using var anonymous = await app.CreateClient().PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover/mobile", new { phone = Phone });

        await Problem.AssertAsync(foreign, HttpStatusCode.NotFound, "npes.letter.not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("consigned", (await recipient.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}")).GetProperty("status").GetString());
    }

    private static Task<NpesApp> StartAppAsync(Simulator simulator, Action<Dictionary<string, string?>>? configure = null) =>
        NpesApp.StartAsync(s =>
        {
            s["Npes:MobileEds:Url"] = simulator.Host.Url.AbsoluteUri;
            configure?.Invoke(s);
        });

    private static async Task<Simulator> StartSimulatorAsync(string policy)
    {
        var options = new SimulatorOptions
        {
            KeyFolder = Path.GetDirectoryName(TestPki.File("citizen-1.p12"))!,
            KeyPassword = SamplePki.DemoPassword,
            RequestLifetime = TimeSpan.FromMinutes(2),
        };
        options.Phones[Phone] = new PhoneOptions { Certificate = "citizen-1.p12", Policy = policy };
        var clock = new MutableTimeProvider(DateTimeOffset.UtcNow);
        return new Simulator(await SimulatorHost.StartAsync(options, clock), clock);
    }

    private static async Task<(string RequestId, string PollSecret)> StartLoginAsync(HttpClient client)
    {
        using var start = await client.PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, body);
        var root = JsonDocument.Parse(body).RootElement;
        return (root.GetProperty("requestId").GetString()!, root.GetProperty("pollSecret").GetString()!);
    }

    private static async Task<(string RequestId, string PollSecret)> StartHandoverAsync(HttpClient citizen, Guid letterId)
    {
        using var start = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{letterId}/handover/mobile", new { phone = Phone });
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, body);
        var root = JsonDocument.Parse(body).RootElement;
        return (root.GetProperty("requestId").GetString()!, root.GetProperty("pollSecret").GetString()!);
    }

    /// <summary>The holder answers the one pending request on the phone.</summary>
    private static async Task AnswerOnPhoneAsync(Simulator simulator, string answer)
    {
        using var phone = new HttpClient { BaseAddress = simulator.Host.Url };
        var pending = await phone.GetFromJsonAsync<JsonElement>($"phones/{Uri.EscapeDataString(Phone)}/requests");
        var id = pending.EnumerateArray().Single().GetProperty("requestId").GetString();
        using var response = await phone.PostAsync($"requests/{id}/{answer}", null);
        response.EnsureSuccessStatusCode();
    }

    private sealed class Simulator(SimulatorHost host, MutableTimeProvider clock) : IAsyncDisposable
    {
        public SimulatorHost Host { get; } = host;

        public MutableTimeProvider Clock { get; } = clock;

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
