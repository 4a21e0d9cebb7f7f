using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Npes.Contracts;
using Npes.Core.Auth;
using Npes.Core.Letters;
using Npes.Server.Tests;

namespace Npes.Cli.Tests;

/// <summary>The CLI signs only the statement of the purpose at hand, for the server it talks to, and shows it first.</summary>
public sealed class StatementTests
{
    [Fact]
    public async Task Login_RealServer_ShowsTheStatementItSigns()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());

        var login = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "npes-demo");

        Assert.True(login.Exit == 0, login.Error);
        Assert.Contains("  | NPES login challenge v2", login.Error, StringComparison.Ordinal);
        Assert.Contains("  | origin: http://127.0.0.1:5080", login.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ChallengeNamingAnotherOrigin_RefusedBeforeSigning()
    {
        await using var app = await NpesApp.StartAsync(s => s["Npes:Auth:Origins:0"] = "https://npes.example.by");
        using var cli = new Cli(app.Server.CreateHandler());

        var login = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "npes-demo");

        Assert.NotEqual(0, login.Exit);
        Assert.Contains("Refusing to sign: the login statement is for https://npes.example.by, not for http://127.0.0.1:5080", login.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.Home, "profiles", "default.json")));
    }

    [Fact]
    public async Task Login_ServerPassesAHandoverStatementAsChallenge_RefusedAndNothingSigned()
    {
        var handover = new HandoverStatement(HandoverStatement.Accept, Guid.NewGuid(), "RR123456785BY", new string('a', 64), DateTimeOffset.UtcNow).Encode();
        using var server = new MaliciousServer(handover);
        using var cli = new Cli(server);

        var login = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "npes-demo");

        Assert.NotEqual(0, login.Exit);
        Assert.Contains("Refusing to sign: the server's challenge is not an NPES login statement", login.Error, StringComparison.Ordinal);
        Assert.False(server.LoginPosted);
    }

    [Fact]
    public async Task Login_StatementOfAnotherServersOrigin_RefusedAndNothingSigned()
    {
        using var certificate = TestPki.Load("citizen-1.p12");
        var challengeId = Guid.NewGuid();
        var statement = new LoginStatement("https://npes.example.by", challengeId, "AQID", Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), DateTimeOffset.UtcNow.AddMinutes(2)).Encode();
        using var server = new MaliciousServer(statement, challengeId);
        using var cli = new Cli(server);

        var login = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "npes-demo", "--server", "https://evil.example");

        Assert.NotEqual(0, login.Exit);
        Assert.Contains("is for https://npes.example.by, not for https://evil.example", login.Error, StringComparison.Ordinal);
        Assert.False(server.LoginPosted);
    }

    /// <summary>A server that answers a challenge request with bytes of its choosing, and notes whether a signature came back.</summary>
    private sealed class MaliciousServer(byte[] toBeSigned, Guid? challengeId = null) : HttpMessageHandler
    {
        public bool LoginPosted { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/auth/challenge", StringComparison.Ordinal))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = JsonContent.Create(new ChallengeResponse(challengeId ?? Guid.NewGuid(), Convert.ToBase64String(toBeSigned), DateTimeOffset.UtcNow.AddMinutes(2), "ECDSA")),
                });
            }

            LoginPosted = true;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
