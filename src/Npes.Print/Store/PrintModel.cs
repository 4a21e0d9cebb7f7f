namespace Npes.Print.Store;

/// <summary>Where a print piece stands. Stored as text; clients match on these values.</summary>
internal static class PieceStates
{
    /// <summary>Waiting to be rendered (or for its next attempt).</summary>
    public const string Pending = "pending";

    /// <summary>Rendered and in a batch.</summary>
    public const string Batched = "batched";

    /// <summary>Rendering kept failing; an operator must look (the reason is recorded).</summary>
    public const string NeedsAttention = "needs_attention";

    public const string Printed = "printed";
    public const string Dispatched = "dispatched";
    public const string Delivered = "delivered";
    public const string Returned = "returned";
}

/// <summary>Where a batch stands: open (taking pieces) → closed (presorted) → ready (file built) → printed → dispatched.</summary>
internal static class BatchStates
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Ready = "ready";
    public const string Printed = "printed";
    public const string Dispatched = "dispatched";
}

/// <summary>Why a piece came back. Stored as text; recorded in the Returned evidence event.</summary>
internal static class ReturnReasons
{
    public const string AddressUnknown = "address_unknown";
    public const string Refused = "refused";
    public const string NotCollected = "not_collected";

    public static bool IsKnown(string? reason) => reason is AddressUnknown or Refused or NotCollected;
}

/// <summary>A rendered piece to store: its print file and what the batch needs to know.</summary>
public sealed record RenderedPieceData(byte[] Pdf, byte[] Sha256, int Pages, int Sheets, string Envelope, string? Postcode);

/// <summary>How rendered pieces join batches.</summary>
/// <param name="Day">The operator's calendar day the piece was rendered on.</param>
/// <param name="MaxPieces">A batch closes when it holds this many pieces.</param>
internal sealed record BatchRules(DateOnly Day, int MaxPieces);

/// <summary>A piece as operators see it (no content).</summary>
internal sealed record PrintPiece(
    Guid LetterId,
    string S10,
    string State,
    string Reason,
    int Attempts,
    string? LastError,
    string? Postcode,
    int? Pages,
    int? Sheets,
    string? Envelope,
    byte[]? Sha256,
    Guid? BatchId,
    int? BatchPosition,
    string? Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RenderedAt,
    string? RenderedBy,
    DateTimeOffset? OutcomeAt);

/// <summary>A batch as operators see it.</summary>
public sealed record PrintBatch(
    Guid Id,
    string Number,
    DateOnly Day,
    string Envelope,
    string State,
    int PieceCount,
    int SheetCount,
    int? PageCount,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? PrintedAt,
    DateTimeOffset? DispatchedAt,
    byte[]? PdfSha256,
    string? LastError,
    DateTimeOffset? FilesDeletedAt);

/// <summary>A piece of a closed batch, decrypted, in batch order, for building the batch file.</summary>
public sealed record BatchPieceFile(int Position, string S10, string? Postcode, int Pages, int Sheets, byte[] Sha256, byte[] Pdf);

/// <summary>The built batch: one PDF and its manifests.</summary>
public sealed record BuiltBatch(byte[] Pdf, byte[] Sha256, int Pages, byte[] ManifestJson, byte[] ManifestCsv);

/// <summary>The batch's downloadable files (while retained).</summary>
internal sealed record BatchFiles(string Number, byte[] Pdf, byte[] ManifestJson, byte[] ManifestCsv);

/// <summary>Counts of one day for the print-shop console.</summary>
internal sealed record PrintDayCounts(DateOnly Day, int Rendered, int Printed, int Dispatched, int Delivered, int Returned, int NeedsAttention, int Pending);
