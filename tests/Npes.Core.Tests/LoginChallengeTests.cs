using System.Text;
using Npes.Core.Auth;

namespace Npes.Core.Tests;

public sealed class LoginChallengeTests
{
    [Fact]
    public void ToBeSigned_NamesChallengeNonceCertificateAndExpiry()
    {
        var id = Guid.Parse("0193a3b2-0000-7000-8000-000000000001");
        var challenge = new LoginChallenge(id, [1, 2, 3], "abcd", DateTimeOffset.UnixEpoch, new DateTimeOffset(2026, 11, 22, 10, 2, 0, TimeSpan.Zero), null);

        var text = Encoding.UTF8.GetString(challenge.ToBeSigned);

        Assert.Equal(
            "NPES login challenge v1\nchallenge: 0193a3b2-0000-7000-8000-000000000001\nnonce: AQID\ncertificate: abcd\nexpires: 2026-11-22T10:02:00Z\n",
            text);
    }

    [Fact]
    public void ToBeSigned_DifferentNonce_DifferentBytes()
    {
        var a = new LoginChallenge(Guid.Empty, [1], "x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);
        var b = a with { Nonce = [2] };

        Assert.NotEqual(a.ToBeSigned, b.ToBeSigned);
    }
}
