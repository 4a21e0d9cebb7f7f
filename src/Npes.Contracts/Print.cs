namespace Npes.Contracts;

/// <summary>A print batch: pieces of one day and envelope format, presorted by postcode.</summary>
/// <param name="State">open, closed, ready (file built), printed or dispatched.</param>
/// <param name="Sha256">SHA-256 of the batch PDF (hex), once built.</param>
/// <param name="FilesDeleted">The print files were deleted after dispatch (retention passed).</param>
public sealed record PrintBatchDto(
    Guid Id,
    string Number,
    DateOnly Day,
    string Envelope,
    string State,
    int Pieces,
    int Sheets,
    int? Pages,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? PrintedAt,
    DateTimeOffset? DispatchedAt,
    string? Sha256,
    string? LastError,
    bool FilesDeleted);

/// <summary>A piece on paper; operators see its routing facts, never its content.</summary>
/// <param name="State">pending, batched, needs_attention, printed, dispatched, delivered or returned.</param>
/// <param name="LastError">Why rendering failed (needs_attention, or pending a retry).</param>
public sealed record PrintPieceDto(
    string S10,
    string State,
    string Reason,
    int Attempts,
    string? LastError,
    string? Postcode,
    int? Pages,
    int? Sheets,
    string? Envelope,
    string? Sha256,
    Guid? BatchId,
    int? Position,
    string? Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RenderedAt,
    DateTimeOffset? OutcomeAt);

/// <summary>A batch with its pieces in print order.</summary>
public sealed record PrintBatchDetailDto(PrintBatchDto Batch, IReadOnlyList<PrintPieceDto> Pieces);

/// <summary>The physical outcome of a dispatched piece.</summary>
/// <param name="Outcome">delivered or returned.</param>
/// <param name="Reason">For returned: address_unknown, refused or not_collected.</param>
public sealed record PieceOutcomeRequest(string? Outcome, string? Reason);

/// <summary>Batches closed by the operator's request.</summary>
public sealed record CloseBatchesResponse(IReadOnlyList<PrintBatchDto> Closed);

/// <summary>A day's counts for the console.</summary>
public sealed record PrintCountsDto(DateOnly Day, int Rendered, int Printed, int Dispatched, int Delivered, int Returned, int NeedsAttention, int Pending);
