namespace Npes.Contracts;

/// <summary>One event of the global log as exported: its signed bytes and the operator's detached CMS, base64.</summary>
public sealed record ExportedEventDto(long GlobalSeq, string Encoded, string Signature);
