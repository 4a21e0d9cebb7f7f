using System.Text;
using Npes.Core.Auth;
using Npes.Core.Letters;

namespace Npes.Core.Tests;

public sealed class LoginChallengeTests
{
    [Fact]
    public void ToBeSigned_IsTheLoginStatementNamingOriginChallengeNonceCertificateAndExpiry()
    {
        var id = Guid.Parse("0193a3b2-0000-7000-8000-000000000001");
        var challenge = new LoginChallenge(id, "https://npes.example.by", [1, 2, 3], "abcd", DateTimeOffset.UnixEpoch, new DateTimeOffset(2026, 11, 22, 10, 2, 0, TimeSpan.Zero), null);

        var text = Encoding.UTF8.GetString(challenge.ToBeSigned);

        Assert.Equal(
            "NPES login challenge v2\norigin: https://npes.example.by\nchallenge: 0193a3b2-0000-7000-8000-000000000001\nnonce: AQID\ncertificate: abcd\nexpires: 2026-11-22T10:02:00Z\n",
            text);
        Assert.Equal(challenge.Statement, LoginStatement.TryDecode(challenge.ToBeSigned));
    }

    [Fact]
    public void ToBeSigned_DifferentNonceOrOrigin_DifferentBytes()
    {
        var a = new LoginChallenge(Guid.Empty, "https://a.example", [1], "x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

        Assert.NotEqual(a.ToBeSigned, (a with { Nonce = [2] }).ToBeSigned);
        Assert.NotEqual(a.ToBeSigned, (a with { Origin = "https://b.example" }).ToBeSigned);
    }

    [Fact]
    public void Statements_LoginAndHandover_NeverDecodeAsEachOther()
    {
        var login = new LoginChallenge(Guid.NewGuid(), "https://npes.example.by", [1, 2, 3], "abcd", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(2), null).ToBeSigned;
        var handover = new HandoverStatement(HandoverStatement.Accept, Guid.NewGuid(), "RR123456785BY", new string('a', 64), DateTimeOffset.UnixEpoch).Encode();

        Assert.Null(HandoverStatement.TryDecode(login));
        Assert.Null(LoginStatement.TryDecode(handover));
    }
}
