using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npes.Core.Auth;
using Npes.Core.Letters;

namespace Npes.Cli;

/// <summary>
/// What the CLI agrees to sign. Before a key signs anything a server sent, the bytes must be the statement of the
/// purpose at hand (a login statement naming the server the CLI talks to, or the handover statement of the letter and
/// decision asked for); the CLI prints the statement it signs. A server can thus never obtain a signature on anything else.
/// </summary>
internal static class Statements
{
    /// <summary>The login statement of <paramref name="challenge"/>'s bytes, checked against the server, the challenge and the key's certificate.</summary>
    public static byte[] CheckLogin(string toBeSignedBase64, Guid challengeId, Uri server, string certificateThumbprint, DateTimeOffset now)
    {
        var bytes = Decode(toBeSignedBase64);
        var statement = LoginStatement.TryDecode(bytes)
            ?? throw new CliException($"Refusing to sign: the server's challenge is not an NPES login statement (it must begin '{LoginStatement.Header}').");
        var origin = server.GetLeftPart(UriPartial.Authority);
        if (!string.Equals(statement.Origin, origin, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"Refusing to sign: the login statement is for {statement.Origin}, not for {origin}, the server this login talks to.");
        }

        if (statement.ChallengeId != challengeId)
        {
            throw new CliException("Refusing to sign: the login statement names another challenge than the one the server returned.");
        }

        if (!string.Equals(statement.CertificateThumbprint, certificateThumbprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException("Refusing to sign: the login statement names another certificate than this key's.");
        }

        if (statement.ExpiresAt <= now)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"Refusing to sign: the login statement expired at {statement.ExpiresAt:u}."));
        }

        return bytes;
    }

    /// <summary>The handover statement's bytes, checked to be <paramref name="decision"/> of letter <paramref name="letterId"/>.</summary>
    public static byte[] CheckHandover(string toBeSignedBase64, string decision, Guid letterId)
    {
        var bytes = Decode(toBeSignedBase64);
        var statement = HandoverStatement.TryDecode(bytes)
            ?? throw new CliException("Refusing to sign: the server's statement is not an NPES handover statement.");
        if (statement.Decision != decision || statement.LetterId != letterId)
        {
            throw new CliException($"Refusing to sign: the statement is '{statement.Decision}' of letter {statement.LetterId:D}, not '{decision}' of letter {letterId:D}.");
        }

        return bytes;
    }

    /// <summary>Prints what is about to be signed, so the holder sees it.</summary>
    public static async Task ShowAsync(TextWriter writer, byte[] statement, string certificateSubject)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"signing with the key of '{certificateSubject}':");
        foreach (var line in Encoding.UTF8.GetString(statement).TrimEnd('\n').Split('\n'))
        {
            text.Append("  | ").AppendLine(line);
        }

        await writer.WriteAsync(text.ToString());
    }

    public static string Thumbprint(byte[] certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate));

    private static byte[] Decode(string? base64)
    {
        try
        {
            return Convert.FromBase64String(base64 ?? string.Empty);
        }
        catch (FormatException e)
        {
            throw new CliException("Refusing to sign: the server's statement is not base64.", e);
        }
    }
}
