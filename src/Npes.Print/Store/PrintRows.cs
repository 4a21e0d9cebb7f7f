using Npes.Storage.Sql;

namespace Npes.Print.Store;

/// <summary>The columns and row shapes of the paper leg's tables, shared by its stores.</summary>
internal static class PrintRows
{
    public const string PieceColumns = """
        letter_id as LetterId, s10, state, reason, attempts, last_error as LastError, postcode, pages, sheets, envelope,
        pdf_sha256 as Sha256, batch_id as BatchId, batch_position as BatchPosition, outcome, created_at as CreatedAt,
        rendered_at as RenderedAt, rendered_by as RenderedBy, outcome_at as OutcomeAt
        """;

    public const string BatchColumns = """
        id, number, day, envelope, state, piece_count as PieceCount, sheet_count as SheetCount, page_count as PageCount,
        opened_at as OpenedAt, closed_at as ClosedAt, ready_at as ReadyAt, printed_at as PrintedAt,
        dispatched_at as DispatchedAt, pdf_sha256 as PdfSha256, last_error as LastError, files_deleted_at as FilesDeletedAt
        """;

    /// <summary>
    /// Where a piece's print file is sealed: position 0 under the piece's own key; pieces sealed before pieces had keys
    /// of their own (key_id null) used their letter's key at position -1 (documents use 0..n).
    /// </summary>
    public const string PieceKeyColumns = """
        coalesce(p.key_id, l.key_id) as KeyId, coalesce(p.wrapped_key, l.wrapped_key) as WrappedKey,
        case when p.key_id is null then -1 else 0 end as KeyPosition
        """;

    /// <summary>The join that <see cref="PieceKeyColumns"/> needs for pieces sealed with their letter's key.</summary>
    public const string LegacyKeyJoin = "left join letters l on p.key_id is null and l.id = p.letter_id";

    internal sealed class PieceRow
    {
        public Guid LetterId { get; init; }

        public string S10 { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public string Reason { get; init; } = string.Empty;

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public string? Postcode { get; init; }

        public int? Pages { get; init; }

        public int? Sheets { get; init; }

        public string? Envelope { get; init; }

        public byte[]? Sha256 { get; init; }

        public Guid? BatchId { get; init; }

        public int? BatchPosition { get; init; }

        public string? Outcome { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime? RenderedAt { get; init; }

        public string? RenderedBy { get; init; }

        public DateTime? OutcomeAt { get; init; }

        public PrintPiece ToPiece() => new(
            LetterId, S10, State, Reason, Attempts, LastError, Postcode, Pages, Sheets, Envelope, Sha256, BatchId, BatchPosition, Outcome,
            Time.FromDb(CreatedAt), Time.FromDb(RenderedAt), RenderedBy, Time.FromDb(OutcomeAt));
    }

    internal sealed class BatchRow
    {
        public Guid Id { get; init; }

        public string Number { get; init; } = string.Empty;

        public DateOnly Day { get; init; }

        public string Envelope { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public int PieceCount { get; init; }

        public int SheetCount { get; init; }

        public int? PageCount { get; init; }

        public DateTime OpenedAt { get; init; }

        public DateTime? ClosedAt { get; init; }

        public DateTime? ReadyAt { get; init; }

        public DateTime? PrintedAt { get; init; }

        public DateTime? DispatchedAt { get; init; }

        public byte[]? PdfSha256 { get; init; }

        public string? LastError { get; init; }

        public DateTime? FilesDeletedAt { get; init; }

        public PrintBatch ToBatch() => new(
            Id, Number, Day, Envelope, State, PieceCount, SheetCount, PageCount, Time.FromDb(OpenedAt), Time.FromDb(ClosedAt),
            Time.FromDb(ReadyAt), Time.FromDb(PrintedAt), Time.FromDb(DispatchedAt), PdfSha256, LastError, Time.FromDb(FilesDeletedAt));
    }
}
