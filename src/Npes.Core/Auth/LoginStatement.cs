using System.Globalization;
using System.Text;
using Npes.Core.Letters;

namespace Npes.Core.Auth;

/// <summary>
/// What a party signs to log in: readable text with a fixed purpose header, the origin of the NPES server it logs
/// into, the challenge id, the server's nonce, the certificate it is bound to and its expiry — in the manner of
/// WebAuthn's clientData. A signature over these bytes can never pass as a handover or refusal statement (their header differs),
/// and a client checks the header and the origin before it signs, so a server cannot obtain a signature on anything
/// else by calling it a challenge.
/// </summary>
public sealed record LoginStatement(string Origin, Guid ChallengeId, string Nonce, string CertificateThumbprint, DateTimeOffset ExpiresAt)
{
    /// <summary>The first line: the statement's purpose and format version.</summary>
    public const string Header = "NPES login challenge v2";

    /// <summary>The longest statement accepted; anything longer is not a login statement.</summary>
    public const int MaxLength = 1024;

    public byte[] Encode() => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{Header}\norigin: {Origin}\nchallenge: {ChallengeId:D}\nnonce: {Nonce}\ncertificate: {CertificateThumbprint}\nexpires: {ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n"));

    /// <summary>True when <paramref name="origin"/> is an absolute http(s) origin: scheme, host and optional port only.</summary>
    public static bool IsOrigin(string? origin) =>
        origin is { Length: > 0 and <= 256 }
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.Equals(origin, uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    /// <summary>Parses a statement; null unless it is exactly in the canonical form.</summary>
    public static LoginStatement? TryDecode(ReadOnlySpan<byte> bytes)
    {
        if (StatementText.TryReadLines(bytes, MaxLength, Header, 5) is not { } lines)
        {
            return null;
        }

        string? Value(int index, string name) => StatementText.Field(lines, index, name);

        var origin = Value(1, "origin");
        if (!IsOrigin(origin)
            || !Guid.TryParseExact(Value(2, "challenge"), "D", out var challengeId)
            || Value(3, "nonce") is not { Length: > 0 and <= 128 } nonce
            || Value(4, "certificate") is not { Length: > 0 and <= 128 } thumbprint
            || !DateTimeOffset.TryParseExact(Value(5, "expires"), "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires))
        {
            return null;
        }

        var statement = new LoginStatement(origin!, challengeId, nonce, thumbprint, expires);
        return statement.Encode().AsSpan().SequenceEqual(bytes) ? statement : null;
    }
}
