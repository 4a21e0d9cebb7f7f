namespace Npes.Core.Errors;

/// <summary>One entry of the error catalogue: a stable machine code, the HTTP status it maps to, and a short title.</summary>
public sealed record NpesError(string Code, int Status, string Title);
