using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npes.Eds.Pki;
using Npes.MobileEdsSimulator;
using Npes.Testing;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>Domain-separated statements, identity policy per CA, the operator's system party and rate limits on anonymous writes.</summary>
public sealed class IdentityTests
{
    private const string Phone = "+375291234567";

    [Fact]
    public async Task Challenge_StatementNamesPurposeAndOrigin()
    {
        await using var app = await NpesApp.StartAsync();
        using var certificate = TestPki.Load("citizen-1.p12");

        var challenge = await NpesApp.RequestChallengeAsync(app.CreateClient(), certificate);
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!));

        Assert.StartsWith("NPES login challenge v2\norigin: http://localhost\nchallenge: " + challenge.GetProperty("challengeId").GetGuid().ToString("D") + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_ConfiguredOrigin_NamedInsteadOfTheRequestHost()
    {
        await using var app = await NpesApp.StartAsync(s => s["Npes:Auth:Origins:0"] = "https://npes.example.by");
        using var certificate = TestPki.Load("citizen-1.p12");

        var challenge = await NpesApp.RequestChallengeAsync(app.CreateClient(), certificate);
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!));

        Assert.Contains("\norigin: https://npes.example.by\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handover_LoginSignatureReplayed_RefusedAsWrongPurpose()
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        using var certificate = TestPki.Load("citizen-1.p12");
        var challenge = await NpesApp.RequestChallengeAsync(app.CreateClient(), certificate);
        var loginStatement = Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!);

        using var replayed = await citizen.PostAsJsonAsync($"/api/v1/mailbox/letters/{id}/handover", new
        {
            statement = Convert.ToBase64String(loginStatement),
            signature = Convert.ToBase64String(TestPki.Sign(certificate, loginStatement)),
            certificate = Convert.ToBase64String(certificate.RawData),
        });

        await Problem.AssertAsync(replayed, HttpStatusCode.BadRequest, "npes.auth.statement_purpose");
        Assert.Equal("consigned", (await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Login_HandoverSignatureReplayed_RefusedAsBadSignature()
    {
        await using var app = await NpesApp.StartAsync();
        using var bank = await app.LoggedInClientAsync("org-1.p12");
        using var citizen = await Letters.CitizenWithMailboxAsync(app);
        var id = (await Letters.SendOkAsync(bank)).GetProperty("id").GetGuid();
        var statement = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{id}/statement?decision=accept");
        var handoverBytes = Convert.FromBase64String(statement.GetProperty("toBeSigned").GetString()!);
        using var certificate = TestPki.Load("citizen-1.p12");
        var challenge = await NpesApp.RequestChallengeAsync(app.CreateClient(), certificate);

        using var replayed = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new
        {
            challengeId = challenge.GetProperty("challengeId").GetGuid(),
            certificate = Convert.ToBase64String(certificate.RawData),
            signature = Convert.ToBase64String(TestPki.Sign(certificate, handoverBytes)),
        });

        await Problem.AssertAsync(replayed, HttpStatusCode.Unauthorized, "npes.auth.signature_invalid");
    }

    [Fact]
    public async Task Login_CaNotAllowedToAssertPersonalNumbers_RefusedWithItsCode()
    {
        await using var app = await NpesApp.StartAsync(TrustSecondCa("foreign"));

        using var foreign = await app.LoginAsync(TestPki.ForeignFile("citizen-1.p12"));
        using var national = await app.LoginAsync("citizen-1.p12");

        var problem = await Problem.AssertAsync(foreign, HttpStatusCode.Unauthorized, "npes.identity.kind_not_allowed");
        Assert.Contains("by-personal-number", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, national.StatusCode);
    }

    [Fact]
    public async Task Login_AnchorInNoPolicy_RefusedWithItsCode()
    {
        await using var app = await NpesApp.StartAsync(s =>
        {
            TrustSecondCa("foreign")(s);
            s.Remove("Npes:Auth:IdentityPolicies:second:Anchors:0");
            s.Remove("Npes:Auth:IdentityPolicies:second:Identifiers:0");
        });

        using var foreign = await app.LoginAsync(TestPki.ForeignFile("org-1.p12"));

        await Problem.AssertAsync(foreign, HttpStatusCode.Unauthorized, "npes.identity.kind_not_allowed");
    }

    [Fact]
    public async Task Login_SameNumberFromAnotherPolicy_AnotherPartyWithoutTheOperatorRole()
    {
        await using var app = await NpesApp.StartAsync(TrustSecondCa("by-personal-number"));

        using var national = await app.LoginAsync("operator-1.p12");
        using var second = await app.LoginAsync(TestPki.ForeignFile("operator-1.p12"));

        var nationalLogin = await national.Content.ReadFromJsonAsync<JsonElement>();
        var secondLogin = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("operator", nationalLogin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("operator", secondLogin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("auditor", secondLogin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEqual(nationalLogin.GetProperty("party").GetProperty("id").GetGuid(), secondLogin.GetProperty("party").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Login_OperatorsOwnUnp_RefusedAsSystemParty()
    {
        await using var app = await NpesApp.StartAsync(s => s["Npes:Letters:OperatorUnp"] = "100289066");

        using var response = await app.LoginAsync("org-1.p12");

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "npes.identity.system_party");
    }

    [Fact]
    public async Task SystemParty_KeyedUnderTheSystemPolicy_NotTheNationalOne()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s => connectionString = s["ConnectionStrings:Npes"]!);
        using var citizen = await app.LoggedInClientAsync("citizen-1.p12");
        using var response = await citizen.PostAsJsonAsync("/api/v1/mailboxes", new { addresses = new[] { Letters.CitizenAddress } });
        response.EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select identity_key from parties order by identity_key", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Contains("organisation:by-unp:system:190000001", keys);
        Assert.Contains("person:by-personal-number:national:3140582A001PB1", keys);
    }

    [Fact]
    public async Task Challenge_AnonymousBurst_429WithRetryAfterAndAtMostTheLimitWritten()
    {
        var connectionString = string.Empty;
        await using var app = await NpesApp.StartAsync(s =>
        {
            connectionString = s["ConnectionStrings:Npes"]!;
            s["Npes:RateLimits:ChallengesPerIp:Permits"] = "5";
            s["Npes:RateLimits:ChallengesPerIp:Window"] = "00:10:00";
        });
        using var certificate = TestPki.Load("citizen-1.p12");
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/challenge", new { certificate = Convert.ToBase64String(certificate.RawData) });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused?.Dispose();
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(refused);
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "npes.request.rate_limited");
        refused.Dispose();
        Assert.Equal(5L, await CountAsync(connectionString, "auth_challenges"));
    }

    [Fact]
    public async Task MobileLogin_PollFromAnotherClient_RefusedAndPhonePromptCarriesTheCode()
    {
        await using var simulator = await StartSimulatorAsync("manual");
        await using var app = await NpesApp.StartAsync(s => s["Npes:MobileEds:Url"] = simulator.Url.AbsoluteUri);
        var starter = app.CreateClient();
        using var start = await starter.PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });
        var started = await start.Content.ReadFromJsonAsync<JsonElement>();
        var requestId = started.GetProperty("requestId").GetString();
        var code = started.GetProperty("verificationCode").GetString()!;

        using var phone = new HttpClient { BaseAddress = simulator.Url };
        var prompt = (await phone.GetFromJsonAsync<JsonElement>($"phones/{Uri.EscapeDataString(Phone)}/requests")).EnumerateArray().Single();
        using var answered = await phone.PostAsync($"requests/{prompt.GetProperty("requestId").GetString()}/confirm", null);
        answered.EnsureSuccessStatusCode();
        using var noSecret = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId });
        using var wrongSecret = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret = "mps_guessed" });
        using var owner = await starter.PostAsJsonAsync("/api/v1/auth/mobile/poll", new { requestId, pollSecret = started.GetProperty("pollSecret").GetString() });

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Matches("^[0-9]{4}$", code);
        Assert.Contains(code, prompt.GetProperty("displayText").GetString(), StringComparison.Ordinal);
        Assert.Contains(code, started.GetProperty("displayText").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("NPES login challenge v2\norigin: http://localhost\n", prompt.GetProperty("statement").GetString(), StringComparison.Ordinal);
        await Problem.AssertAsync(noSecret, HttpStatusCode.Forbidden, "npes.mobile.client_mismatch");
        await Problem.AssertAsync(wrongSecret, HttpStatusCode.Forbidden, "npes.mobile.client_mismatch");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task MobileLogin_PendingRequest_AnsweredByAnotherNode()
    {
        await using var simulator = await StartSimulatorAsync("approve");
        var settings = await NpesApp.SettingsAsync();
        await using var nodeA = await NpesApp.StartAsync(s =>
        {
            foreach (var (key, value) in settings)
            {
                s[key] = value;
            }

            s["Npes:MobileEds:Url"] = simulator.Url.AbsoluteUri;
        });
        await using var nodeB = await NpesApp.StartAsync(s =>
        {
            foreach (var (key, value) in settings)
            {
                s[key] = value;
            }

            s["Npes:MobileEds:Url"] = simulator.Url.AbsoluteUri;
        });

        using var start = await nodeA.CreateClient().PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });
        var started = await start.Content.ReadFromJsonAsync<JsonElement>();
        using var poll = await nodeB.CreateClient().PostAsJsonAsync("/api/v1/auth/mobile/poll", new
        {
            requestId = started.GetProperty("requestId").GetString(),
            pollSecret = started.GetProperty("pollSecret").GetString(),
        });

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
    }

    [Fact]
    public async Task MobileStart_PushedAtOnePhone_LimitedPerPhoneWithRetryAfter()
    {
        await using var simulator = await StartSimulatorAsync("manual");
        await using var app = await NpesApp.StartAsync(s =>
        {
            s["Npes:MobileEds:Url"] = simulator.Url.AbsoluteUri;
            s["Npes:RateLimits:MobileStartsPerPhone:Permits"] = "2";
        });
        var client = app.CreateClient();

        using var first = await client.PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });
        using var second = await client.PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });
        using var third = await client.PostAsJsonAsync("/api/v1/auth/mobile/start", new { phone = Phone });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await Problem.AssertAsync(third, HttpStatusCode.TooManyRequests, "npes.request.rate_limited");
        Assert.NotNull(third.Headers.RetryAfter);
        using var phone = new HttpClient { BaseAddress = simulator.Url };
        Assert.Equal(2, (await phone.GetFromJsonAsync<JsonElement>($"phones/{Uri.EscapeDataString(Phone)}/requests")).GetArrayLength());
    }

    /// <summary>Trusts a second CA (another generated PKI) beside the test PKI, under a policy of its own allowed <paramref name="identifiers"/>.</summary>
    private static Action<Dictionary<string, string?>> TrustSecondCa(string identifiers) => s =>
    {
        s["Npes:Eds:TrustAnchors:1"] = TestPki.ForeignFile("root-ca.crt");
        s["Npes:Eds:Intermediates:1"] = TestPki.ForeignFile("issuing-ca.crt");
        s["Npes:Eds:Crls:9"] = TestPki.ForeignFile(SamplePki.CrlFile); // revocation is fail-closed for every issuing CA
        s["Npes:Auth:IdentityPolicies:national:Anchors:0"] = TestPki.File("root-ca.crt");
        s["Npes:Auth:IdentityPolicies:national:Identifiers:0"] = "by-personal-number";
        s["Npes:Auth:IdentityPolicies:national:Identifiers:1"] = "by-unp";
        s["Npes:Auth:IdentityPolicies:second:Anchors:0"] = TestPki.ForeignFile("root-ca.crt");
        s["Npes:Auth:IdentityPolicies:second:Identifiers:0"] = identifiers;
    };

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<SimulatorHost> StartSimulatorAsync(string policy)
    {
        var options = new SimulatorOptions
        {
            KeyFolder = Path.GetDirectoryName(TestPki.File("citizen-1.p12"))!,
            KeyPassword = SamplePki.DemoPassword,
            RequestLifetime = TimeSpan.FromMinutes(2),
        };
        options.Phones[Phone] = new PhoneOptions { Certificate = "citizen-1.p12", Policy = policy };
        return await SimulatorHost.StartAsync(options, new MutableTimeProvider(DateTimeOffset.UtcNow));
    }
}
