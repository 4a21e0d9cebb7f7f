namespace Npes.Cli;

/// <summary>A failure the CLI reports as one clear line on stderr and a non-zero exit code.</summary>
public sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The server's stable error code, when the server refused.</summary>
    public string? Code { get; init; }

    public int ExitCode { get; init; } = 1;
}
