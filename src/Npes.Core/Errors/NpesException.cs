namespace Npes.Core.Errors;

/// <summary>A refusal that crosses a boundary (HTTP, CLI) as a catalogued error with a human detail.</summary>
public sealed class NpesException : Exception
{
    public NpesException(NpesError error, string? detail = null, Exception? inner = null)
        : base(detail ?? (error ?? throw new ArgumentNullException(nameof(error))).Title, inner)
    {
        Error = error;
        Detail = detail;
    }

    public NpesError Error { get; }

    public string? Detail { get; }
}
