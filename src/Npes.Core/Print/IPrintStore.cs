namespace Npes.Core.Print;

/// <summary>
/// The paper leg's own tables, the truth behind the durable jobs: every stage checks and moves state here, so a
/// job that runs twice, or after a crash, does no harm.
/// </summary>
public interface IPrintStore
{
    /// <summary>Turns new paper-queue rows into pending pieces; returns how many.</summary>
    Task<int> IngestAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Pending pieces whose next attempt is due.</summary>
    Task<IReadOnlyList<Guid>> DueForRenderAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The letter of a pending piece, decrypted; null when the piece is not pending (already done, or not paper).</summary>
    Task<PaperLetter?> LoadPendingAsync(Guid letterId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the rendered file and puts the piece into the open batch of its day and envelope, in one transaction.
    /// False when the piece was no longer pending. Returns the batch closed because it became full, if any.
    /// </summary>
    Task<(bool Saved, Guid? ClosedBatch)> SaveRenderedAsync(Guid letterId, RenderedPieceData piece, BatchRules rules, string node, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; after <paramref name="maxAttempts"/> the piece needs attention.</summary>
    Task RecordRenderFailureAsync(Guid letterId, string error, int maxAttempts, DateTimeOffset nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Closes open batches opened before <paramref name="openedBefore"/> or of an earlier day than <paramref name="today"/> (all of them when both are null).</summary>
    Task<IReadOnlyList<Guid>> CloseBatchesAsync(DateTimeOffset? openedBefore, DateOnly? today, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Closed batches whose file is not built yet and that failed fewer than <paramref name="maxAttempts"/> times.</summary>
    Task<IReadOnlyList<Guid>> BatchesToBuildAsync(int maxAttempts, CancellationToken cancellationToken);

    /// <summary>A closed batch and its pieces in batch order, decrypted; null unless the batch is closed.</summary>
    Task<(PrintBatch Batch, IReadOnlyList<BatchPieceFile> Pieces)?> LoadClosedBatchAsync(Guid batchId, CancellationToken cancellationToken);

    /// <summary>Stores the built file and manifests (sealed); false when the batch was no longer closed.</summary>
    Task<bool> SaveBuiltBatchAsync(Guid batchId, BuiltBatch built, DateTimeOffset now, CancellationToken cancellationToken);

    Task RecordBuildFailureAsync(Guid batchId, string error, CancellationToken cancellationToken);

    Task<IReadOnlyList<PrintBatch>> BatchesAsync(string? state, int offset, int limit, CancellationToken cancellationToken);

    Task<PrintBatch?> BatchAsync(Guid batchId, CancellationToken cancellationToken);

    Task<PrintBatch?> BatchByNumberAsync(string number, CancellationToken cancellationToken);

    Task<IReadOnlyList<PrintPiece>> PiecesAsync(Guid batchId, CancellationToken cancellationToken);

    Task<PrintPiece?> PieceAsync(Guid letterId, CancellationToken cancellationToken);

    Task<PrintPiece?> PieceByS10Async(string s10, CancellationToken cancellationToken);

    Task<IReadOnlyList<PrintPiece>> NeedsAttentionAsync(int offset, int limit, CancellationToken cancellationToken);

    /// <summary>The batch's files, decrypted; null when not built yet or already deleted.</summary>
    Task<BatchFiles?> BatchFilesAsync(Guid batchId, CancellationToken cancellationToken);

    /// <summary>ready → printed, with a Printed event on every piece's letter. False when not ready.</summary>
    Task<bool> MarkPrintedAsync(Guid batchId, Func<PrintPiece, IReadOnlyDictionary<string, string>> details, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>printed → dispatched, with a Dispatched event on every piece's letter. False when not printed.</summary>
    Task<bool> MarkDispatchedAsync(Guid batchId, Func<PrintPiece, IReadOnlyDictionary<string, string>> details, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>dispatched → delivered or returned, with its event. False when the piece is not dispatched.</summary>
    Task<bool> RecordOutcomeAsync(Guid letterId, string pieceState, string eventType, IReadOnlyDictionary<string, string> details, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a needs-attention piece back to pending with fresh attempts. False when it was not in needs-attention.</summary>
    Task<bool> RetryAsync(Guid letterId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes print files of batches dispatched before <paramref name="dispatchedBefore"/>; returns how many batches.</summary>
    Task<int> DeleteDispatchedFilesAsync(DateTimeOffset dispatchedBefore, DateTimeOffset now, CancellationToken cancellationToken);

    Task<PrintDayCounts> CountsAsync(DateOnly day, TimeSpan utcOffset, CancellationToken cancellationToken);
}
