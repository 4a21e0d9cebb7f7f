namespace Npes.Cli;

/// <summary>What a CLI run talks to: its output streams, environment variables and HTTP transport (replaceable in tests).</summary>
public sealed class CliEnvironment(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Environment variables; defaults to the process environment.</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>HTTP transport; null uses the network.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Asks for a secret (a token's PIN) showing the prompt; null when nothing can be typed. Defaults to the console, without echo.</summary>
    public Func<string, char[]?> ReadSecret { get; init; } = ConsoleSecret.Read;
}
