using Npes.Core.Errors;

namespace Npes.DocumentWorker;

/// <summary>The content is refused with a catalogued code; the worker answers and goes on.</summary>
internal sealed class Refusal : Exception
{
    public Refusal(NpesError error, string detail, string? kind = null)
        : base(detail)
    {
        Code = error.Code;
        Kind = kind;
    }

    public Refusal(string code, string detail)
        : base(detail)
    {
        Code = code;
    }

    public string Code { get; }

    public string? Kind { get; }
}
