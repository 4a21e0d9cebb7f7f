using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Npes.Cli.Agent;
using Npes.Core.Auth;
using Npes.Core.Letters;
using Npes.Eds.Input;
using Npes.Server.Tests;
using Npes.Testing;

namespace Npes.Cli.Tests;

/// <summary>
/// <c>npes agent</c>: the real agent on a real loopback port, asked over HTTP as a web page asks it (Origin header,
/// CORS preflight), with its real terminal reading what the holder types from a pipe; keys from PKCS#12 files and
/// from a real SoftHSM2 token; the handover it signs accepted by the real host.
/// </summary>
public sealed class AgentTests
{
    private const string Origin = "https://npes.test";
    private const string Password = "npes-demo";

    private static SoftHsm Tokens => SoftHsm.Tokens(Path.GetDirectoryName(TestPki.File("issuing-ca.p12"))!);

    [Fact]
    public async Task Sign_LoginStatementForTheAskingOrigin_SignedWithTheKeyAfterTheHolderTypesThePassword()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");
        var statement = agent.LoginStatement(Origin);

        var answer = agent.SignAsync(statement, Origin);
        await agent.TypeAsync(Password);
        using var response = await answer;

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var signed = JsonDocument.Parse(body).RootElement;
        Assert.Equal("login", signed.GetProperty("purpose").GetString());
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(signed.GetProperty("certificate").GetString()!));
        using var ecdsa = certificate.GetECDsaPublicKey()!;
        var signature = Convert.FromBase64String(signed.GetProperty("signature").GetString()!);
        Assert.True(
            ecdsa.VerifyData(statement, signature, HashAlgorithmName.SHA256)
            || ecdsa.VerifyData(statement, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Contains("== Log in to NPES at https://npes.test", agent.Terminal, StringComparison.Ordinal);
        Assert.Contains("   | NPES login challenge v2", agent.Terminal, StringComparison.Ordinal);
        Assert.Contains("   signed.", agent.Terminal, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, agent.Terminal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_AllowedOrigin_CertificateWithoutAskingTheHolder()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");

        using var response = await agent.SendAsync(HttpMethod.Get, "v1/identity", Origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var identity = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var expected = TestPki.Load("citizen-1.p12");
        Assert.Equal(Convert.ToBase64String(expected.RawData), identity.GetProperty("certificate").GetString());
        Assert.DoesNotContain("To sign", agent.Terminal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://npes.test")]
    [InlineData("https://npes.test:8443")]
    [InlineData("null")]
    [InlineData(null)]
    public async Task Sign_FromAnotherOriginOrNone_RefusedWithoutCorsAndWithoutAskingTheHolder(string? origin)
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");

        using var sign = await agent.SignAsync(agent.LoginStatement(Origin), origin);
        using var identity = await agent.SendAsync(HttpMethod.Get, "v1/identity", origin);
        using var preflight = await agent.SendAsync(HttpMethod.Options, "v1/sign", origin);

        foreach (var response in new[] { sign, identity, preflight })
        {
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "npes.agent.origin_refused");
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }

        Assert.DoesNotContain("To sign", agent.Terminal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_AllowsPostFromThatOriginAndPrivateNetworkAccess()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");

        using var response = await agent.SendAsync(HttpMethod.Options, "v1/sign", Origin, request =>
        {
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Private-Network", "true");
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Private-Network").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("npes.test")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task Request_AddressedToAnotherHost_RefusedAgainstDnsRebinding(string host)
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");

        using var response = await agent.SendAsync(HttpMethod.Get, "v1/identity", Origin, request => request.Headers.Host = host + ":" + agent.Address.Port);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "npes.agent.host_refused");
    }

    public static TheoryData<string, string> NotForThisPage => new()
    {
        { "login for another origin", "The login statement is for https://evil.example, but https://npes.test asks for it." },
        { "login for another certificate", "The login statement names another certificate than this agent's." },
        { "expired login", "The login statement has expired." },
        { "old login challenge", "This is not an NPES login, handover or refusal statement." },
        { "random bytes", "This is not an NPES login, handover or refusal statement." },
        { "a contract", "This is not an NPES login, handover or refusal statement." },
    };

    [Theory]
    [MemberData(nameof(NotForThisPage))]
    public async Task Sign_StatementNotForThisPageOrNoStatement_RefusedWithTheReasonBeforeAskingTheHolder(string what, string reason)
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");
        var statement = what switch
        {
            "login for another origin" => agent.LoginStatement("https://evil.example"),
            "login for another certificate" => new LoginStatement(Origin, Guid.NewGuid(), "bm9uY2U=", new string('0', 64), DateTimeOffset.UtcNow.AddMinutes(5)).Encode(),
            "expired login" => agent.LoginStatement(Origin, DateTimeOffset.UtcNow.AddSeconds(-1)),
            "old login challenge" => Encoding.UTF8.GetBytes($"NPES login challenge v1\nchallenge: {Guid.NewGuid():D}\nnonce: AQID\ncertificate: {agent.Thumbprint}\nexpires: {DateTimeOffset.UtcNow.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}\n"),
            "random bytes" => RandomNumberGenerator.GetBytes(32),
            _ => Encoding.UTF8.GetBytes("I, the undersigned, owe the bearer 1,000,000 BYN.\n"),
        };

        using var response = await agent.SignAsync(statement, Origin);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "npes.agent.statement_refused");
        Assert.Equal(reason, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("To sign", agent.Terminal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_HolderDeclinesOrDoesNotAnswer_NotSigned()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12", confirmTimeout: TimeSpan.FromSeconds(1));

        var declined = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeAsync(string.Empty);
        using var declinedResponse = await declined;
        using var unanswered = await agent.SignAsync(agent.LoginStatement(Origin), Origin);

        await AssertProblemAsync(declinedResponse, HttpStatusCode.Forbidden, "npes.agent.declined");
        await AssertProblemAsync(unanswered, HttpStatusCode.RequestTimeout, "npes.agent.timed_out");
        Assert.Contains("   declined: not signed.", agent.Terminal, StringComparison.Ordinal);
        Assert.Contains("   not confirmed in time: not signed.", agent.Terminal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_LineTypedAfterARequestTimedOut_NeverUsedForTheNextRequest()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12", confirmTimeout: TimeSpan.FromSeconds(1));
        using var first = await agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeLateAsync(Password);
        await Task.Delay(200);

        var second = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        using var secondResponse = await second;

        await AssertProblemAsync(first, HttpStatusCode.RequestTimeout, "npes.agent.timed_out");
        await AssertProblemAsync(secondResponse, HttpStatusCode.RequestTimeout, "npes.agent.timed_out");
    }

    [Fact]
    public async Task Sign_WhileAnotherWaitsForTheHolder_Busy()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");
        var first = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.WaitForPromptAsync(1);

        using var second = await agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeAsync(Password);
        using var firstResponse = await first;

        await AssertProblemAsync(second, HttpStatusCode.Conflict, "npes.agent.busy");
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [Fact]
    public async Task Sign_WrongPassword_KeyFailedAndTheNextSignatureStillWorks()
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");

        var wrong = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeAsync("not-the-password");
        using var wrongResponse = await wrong;
        var right = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeAsync(Password);
        using var rightResponse = await right;

        var problem = await AssertProblemAsync(wrongResponse, HttpStatusCode.UnprocessableEntity, "npes.agent.key_failed");
        Assert.Contains("wrong password", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.DoesNotContain("not-the-password", agent.Terminal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"statement\": \"%%%\"}")]
    [InlineData("{}")]
    [InlineData("oversized")]
    public async Task Sign_MalformedOrOversizedRequest_RefusedAsInvalid(string body)
    {
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");
        var content = body == "oversized"
            ? JsonSerializer.Serialize(new { statement = Convert.ToBase64String(new byte[64 * 1024]) })
            : body;

        using var response = await agent.SendAsync(HttpMethod.Post, "v1/sign", Origin, request => request.Content = new StringContent(content, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "npes.agent.request_invalid");
    }

    [Fact]
    public async Task Handover_SignedThroughTheAgent_AcceptedByTheServerAndTheNoticeCarriesTheAgentsCertificate()
    {
        await using var app = await NpesApp.StartAsync();
        var sender = await app.LoggedInClientAsync("org-1.p12");
        var recipient = await Npes.Server.Tests.Letters.CitizenWithMailboxAsync(app);
        var letter = await Npes.Server.Tests.Letters.SendOkAsync(sender);
        var letterId = letter.GetProperty("id").GetGuid();
        await using var agent = await RunningAgent.StartAsync("citizen-1.p12");

        var statement = await recipient.GetFromJsonAsync<JsonElement>($"/api/v1/mailbox/letters/{letterId}/statement?decision=accept");
        var signing = agent.SignAsync(Convert.FromBase64String(statement.GetProperty("toBeSigned").GetString()!), Origin);
        await agent.TypeAsync(Password);
        using var signed = await signing;
        var answer = await signed.Content.ReadFromJsonAsync<JsonElement>();
        using var handover = await recipient.PostAsJsonAsync($"/api/v1/mailbox/letters/{letterId}/handover", new
        {
            statement = statement.GetProperty("toBeSigned").GetString(),
            signature = answer.GetProperty("signature").GetString(),
            certificate = answer.GetProperty("certificate").GetString(),
        });

        Assert.Equal("accept", answer.GetProperty("purpose").GetString());
        Assert.True(handover.IsSuccessStatusCode, await handover.Content.ReadAsStringAsync());
        Assert.Matches("== Sign for \\(accept\\) registered letter RR[0-9]{9}BY on https://npes.test", agent.Terminal);
    }

    [SoftHsmFact]
    public async Task Sign_KeyOnToken_PinTypedForEachSignatureWrongPinRefusedAndTheKeyNeverLeavesTheToken()
    {
        var key = Tokens.Citizen;
        await using var agent = await RunningAgent.StartAsync(key);

        var wrong = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeAsync("000000");
        using var wrongResponse = await wrong;
        var right = agent.SignAsync(agent.LoginStatement(Origin), Origin);
        await agent.TypeAsync(SoftHsm.Pin);
        using var rightResponse = await right;

        var problem = await AssertProblemAsync(wrongResponse, HttpStatusCode.UnprocessableEntity, "npes.agent.key_failed");
        Assert.Contains("CKR_PIN_INCORRECT", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(rightResponse.StatusCode == HttpStatusCode.OK, await rightResponse.Content.ReadAsStringAsync());
        var answer = await rightResponse.Content.ReadFromJsonAsync<JsonElement>();
        using var tokenCertificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(key.CertificateFile!));
        Assert.Equal(Convert.ToBase64String(tokenCertificate.RawData), answer.GetProperty("certificate").GetString());
        Assert.Contains("To sign, type the PIN of token 'npes-citizen'", agent.Terminal, StringComparison.Ordinal);
        Assert.DoesNotContain(SoftHsm.Pin, agent.Terminal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "agent" }, "npes: Give the agent's EDS key: --p12 FILE, --key FILE with --certificate FILE, or --pkcs11 MODULE with --token LABEL.")]
    [InlineData(new[] { "agent", "--origin", "https://npes.test/", "--p12", "x.p12" }, "npes: --origin https://npes.test/: give an origin as scheme://host[:port], without a path or a trailing slash.")]
    [InlineData(new[] { "agent", "--timeout", "1", "--p12", "x.p12" }, "npes: --timeout is between 5 and 600 seconds.")]
    [InlineData(new[] { "agent", "--p12", "x.p12", "--certificate", "x.crt" }, "npes: Give either --p12 FILE, or --key FILE with --certificate FILE.")]
    public async Task Agent_UsageErrors_ExitTwoWithTheReason(string[] args, string message)
    {
        using var cli = new Cli();

        var run = await cli.RunAsync(args);

        Assert.Equal(2, run.Exit);
        Assert.Equal(message + Environment.NewLine, run.Error);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>An agent listening on a free loopback port, its terminal fed through a pipe and recorded.</summary>
    private sealed class RunningAgent : IAsyncDisposable
    {
        private readonly Pipe _keyboard = new();
        private readonly StreamWriter _typist;
        private readonly RecordingWriter _screen = new();
        private readonly AgentTerminal _terminal;
        private readonly AgentKey _key;
        private readonly HttpClient _http = new();
        private SigningAgent? _agent;
        private int _prompts;

        private RunningAgent(Func<char[], SigningKey> open, string secretName, string secret)
        {
            _typist = new StreamWriter(_keyboard.Writer.AsStream()) { AutoFlush = true };
            _terminal = new AgentTerminal(new StreamReader(_keyboard.Reader.AsStream()), _screen);
            _key = new AgentKey(open, secretName, secret.ToCharArray());
        }

        public Uri Address => _agent!.Address;

        public string Thumbprint => _key.Thumbprint;

        public string Terminal => _screen.ToString();

        public static Task<RunningAgent> StartAsync(string p12, TimeSpan? confirmTimeout = null) =>
            StartAsync(new RunningAgent(secret => SigningKey.Open(new FileInfo(TestPki.File(p12)), new string(secret)), "the password of " + p12, Password), confirmTimeout);

        public static Task<RunningAgent> StartAsync(SoftHsmKey key) =>
            StartAsync(
                new RunningAgent(
                    pin => SigningKey.OpenToken(new Eds.Pkcs11.Pkcs11KeyReference(key.Module, key.Token, null, key.KeyLabel, null), pin, new Eds.Pkcs11.Pkcs11Options()),
                    $"the PIN of token '{key.Token}'",
                    SoftHsm.Pin),
                null);

        public byte[] LoginStatement(string origin, DateTimeOffset? expires = null) =>
            new LoginStatement(origin, Guid.NewGuid(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Thumbprint, expires ?? DateTimeOffset.UtcNow.AddMinutes(5)).Encode();

        public Task<HttpResponseMessage> SignAsync(byte[] statement, string? origin) =>
            SendAsync(HttpMethod.Post, "v1/sign", origin, request => request.Content = JsonContent.Create(new { statement = Convert.ToBase64String(statement) }));

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? origin, Action<HttpRequestMessage>? configure = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(Address, path));
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            configure?.Invoke(request);
            return await _http.SendAsync(request);
        }

        /// <summary>Waits for the next prompt to sign, then types <paramref name="line"/> and Enter.</summary>
        public async Task TypeAsync(string line)
        {
            await WaitForPromptAsync(++_prompts);
            await _typist.WriteLineAsync(line);
        }

        /// <summary>Types a line with no prompt waiting for it (the holder too late).</summary>
        public Task TypeLateAsync(string line)
        {
            _prompts++;
            return _typist.WriteLineAsync(line);
        }

        public async Task WaitForPromptAsync(int count)
        {
            for (var waited = 0; Count(Terminal, "To sign, type") < count; waited += 20)
            {
                Assert.True(waited < 30_000, "The agent never asked the holder: " + Terminal);
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_agent is not null)
            {
                await _agent.DisposeAsync();
            }

            await _keyboard.Writer.CompleteAsync();
            _terminal.Dispose();
            _key.Dispose();
            _http.Dispose();
            await _typist.DisposeAsync();
        }

        private static async Task<RunningAgent> StartAsync(RunningAgent agent, TimeSpan? confirmTimeout)
        {
            var settings = new AgentSettings(0, new HashSet<string>([Origin], StringComparer.Ordinal), confirmTimeout ?? TimeSpan.FromSeconds(30));
            agent._agent = await SigningAgent.StartAsync(settings, agent._key, agent._terminal, TimeProvider.System, CancellationToken.None);
            return agent;
        }

        private static int Count(string text, string what)
        {
            var count = 0;
            for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>A terminal screen tests can read while the agent writes to it.</summary>
    private sealed class RecordingWriter : StringWriter
    {
        private readonly Lock _lock = new();

        public override void Write(char value)
        {
            lock (_lock)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_lock)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_lock)
            {
                base.Write(buffer, index, count);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return base.ToString();
            }
        }
    }
}
