using System.Globalization;
using System.Text;
using Npes.Core.Auth;
using Npes.Core.Letters;

namespace Npes.Cli.Agent;

/// <summary>What a statement asks the holder of the key to do.</summary>
internal enum AgentPurpose
{
    Login,
    Accept,
    Refuse,
}

/// <summary>A statement the agent may sign, with the text the holder of the key is shown.</summary>
internal sealed record CheckedStatement(AgentPurpose Purpose, string Summary, string Text);

/// <summary>
/// The statements the agent signs, and nothing else: an NPES login statement for exactly the origin asking, naming the
/// agent's own certificate and not expired; or an NPES handover or refusal statement. Anything else — random bytes a
/// page calls a challenge, another origin's login, a document — is refused before the holder of the key is asked.
/// </summary>
internal static class AgentStatements
{
    public static CheckedStatement? Check(byte[] statement, string origin, string certificateThumbprint, DateTimeOffset now, out string refusal)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (LoginStatement.TryDecode(statement) is { } login)
        {
            refusal = !string.Equals(login.Origin, origin, StringComparison.Ordinal)
                ? $"The login statement is for {login.Origin}, but {origin} asks for it."
                : !string.Equals(login.CertificateThumbprint, certificateThumbprint, StringComparison.OrdinalIgnoreCase)
                ? "The login statement names another certificate than this agent's."
                : login.ExpiresAt <= now
                ? "The login statement has expired."
                : string.Empty;
            return refusal.Length > 0
                ? null
                : new CheckedStatement(AgentPurpose.Login, $"Log in to NPES at {login.Origin}", Text(statement));
        }

        if (HandoverStatement.TryDecode(statement) is { } handover)
        {
            refusal = string.Empty;
            var accept = handover.Decision == HandoverStatement.Accept;
            return new CheckedStatement(
                accept ? AgentPurpose.Accept : AgentPurpose.Refuse,
                string.Create(CultureInfo.InvariantCulture, $"{(accept ? "Sign for (accept)" : "Refuse")} registered letter {handover.S10} on {origin}"),
                Text(statement));
        }

        refusal = "This is not an NPES login, handover or refusal statement.";
        return null;
    }

    private static string Text(byte[] statement) => Encoding.UTF8.GetString(statement);
}
