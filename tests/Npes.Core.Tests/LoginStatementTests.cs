using System.Text;
using Npes.Core.Auth;
using Npes.Core.Letters;
using Xunit;

namespace Npes.Core.Tests;

public sealed class LoginStatementTests
{
    private static readonly LoginStatement Sample = new(
        "https://npes.example:8443",
        Guid.Parse("0192f5a0-0000-7000-8000-000000000001"),
        "q83vEjRWeJA=",
        "abcd",
        new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero));

    [Fact]
    public void Encode_IsReadableTextWithPurposeFirst()
    {
        var text = Encoding.UTF8.GetString(Sample.Encode());

        Assert.Equal(
            "NPES login challenge v2\norigin: https://npes.example:8443\nchallenge: 0192f5a0-0000-7000-8000-000000000001\nnonce: q83vEjRWeJA=\ncertificate: abcd\nexpires: 2026-12-06T01:02:03Z\n",
            text);
    }

    [Fact]
    public void TryDecode_RoundTrips()
    {
        Assert.Equal(Sample, LoginStatement.TryDecode(Sample.Encode()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("NPES login challenge v3\norigin: https://a.example\nchallenge: 0192f5a0-0000-7000-8000-000000000001\nnonce: x\ncertificate: c\nexpires: 2026-12-06T01:02:03Z\n")]
    [InlineData("NPES login challenge v2\norigin: https://a.example/path\nchallenge: 0192f5a0-0000-7000-8000-000000000001\nnonce: x\ncertificate: c\nexpires: 2026-12-06T01:02:03Z\n")]
    [InlineData("NPES login challenge v2\norigin: ftp://a.example\nchallenge: 0192f5a0-0000-7000-8000-000000000001\nnonce: x\ncertificate: c\nexpires: 2026-12-06T01:02:03Z\n")]
    [InlineData("NPES login challenge v2\norigin: https://a.example\nchallenge: 0192f5a0-0000-7000-8000-000000000001\nnonce: x\ncertificate: c\nexpires: 2026-12-06T01:02:03Z")]
    [InlineData("NPES login challenge v2\norigin: https://a.example\nchallenge: 0192f5a0-0000-7000-8000-000000000001\nnonce: x\ncertificate: c\nexpires: 2026-12-06T01:02:03Z\nextra: y\n")]
    [InlineData("NPES login challenge v2\r\norigin: https://a.example\r\nchallenge: 0192f5a0-0000-7000-8000-000000000001\r\nnonce: x\r\ncertificate: c\r\nexpires: 2026-12-06T01:02:03Z\r\n")]
    public void TryDecode_NonCanonical_IsNull(string text)
    {
        Assert.Null(LoginStatement.TryDecode(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void TryDecode_HandoverStatement_IsNull()
    {
        var handover = new HandoverStatement(HandoverStatement.Accept, Guid.NewGuid(), "RR000000019BY", new string('a', 64), DateTimeOffset.UnixEpoch);

        Assert.Null(LoginStatement.TryDecode(handover.Encode()));
        Assert.Null(HandoverStatement.TryDecode(Sample.Encode()));
    }

    [Fact]
    public void TryDecode_Oversized_IsNull()
    {
        Assert.Null(LoginStatement.TryDecode(new byte[LoginStatement.MaxLength + 1]));
    }
}
