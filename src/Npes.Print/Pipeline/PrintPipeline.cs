using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Core.Print;
using Npes.Core.Time;
using Npes.Print.Store;

namespace Npes.Print.Pipeline;

/// <summary>
/// The stages of the paper leg. Each reads and moves state in NPES' own tables, so it may run twice, on any node,
/// or after a crash, without doing anything twice: render piece → join the open batch → close batch (time, size,
/// day's end or operator) → build the batch file → operator actions.
/// </summary>
internal sealed partial class PrintPipeline(
    PieceStore pieces,
    BatchStore batches,
    IPaperLetters letters,
    IEnvelopeAddressing addressing,
    IPieceRendering rendering,
    IBatchBuilding building,
    PrintJobQueue queue,
    IOptions<PrintOptions> options,
    OperatorCalendar calendar,
    TimeProvider time,
    ILogger<PrintPipeline> logger)
{
    private const int SweepLimit = 500;

    public async Task RenderAsync(Guid letterId, string node, CancellationToken cancellationToken)
    {
        PaperLetter? letter;
        RenderedPieceData piece;
        try
        {
            // Rendered already (a second run after a crash or on another node), or not a paper letter.
            letter = await pieces.IsPendingAsync(letterId, cancellationToken) ? await letters.LoadForPrintAsync(letterId, cancellationToken) : null;
            if (letter is null)
            {
                return;
            }

            piece = rendering.Render(letter, addressing.Layout(letter.Recipient));
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsTransient(e))
        {
            // The content cannot be read or rendered: count the attempt; the piece needs attention after the last.
            await RecordFailureAsync(letterId, e, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var (saved, closed) = await pieces.SaveRenderedAsync(letterId, piece, new BatchRules(calendar.DayOf(now), options.Value.BatchMaxPieces), node, now, cancellationToken);
        if (saved)
        {
            LogRendered(logger, letter.S10, piece.Pages, piece.Envelope);
        }

        if (closed is { } batchId)
        {
            await queue.EnqueueBuildAsync(batchId, cancellationToken);
        }
    }

    public async Task BuildAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var loaded = await batches.LoadClosedBatchAsync(batchId, cancellationToken);
        if (loaded is not { } closed)
        {
            return; // Built already, or not closed.
        }

        BuiltBatch built;
        try
        {
            built = building.Build(closed.Batch, closed.Pieces, closed.Batch.ClosedAt ?? time.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBuildFailed(logger, closed.Batch.Number, e.Message);
            await batches.RecordBuildFailureAsync(batchId, e.Message, cancellationToken);
            return;
        }

        if (await batches.SaveBuiltBatchAsync(batchId, built, time.GetUtcNow(), cancellationToken))
        {
            LogBuilt(logger, closed.Batch.Number, closed.Pieces.Count, built.Pages);
        }
    }

    /// <summary>
    /// Takes new paper letters, enqueues every due piece and unbuilt batch (whatever a crash or a lost job left behind
    /// included), closes batches that are old enough or of a past day, and deletes print files past their retention.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        await pieces.IngestAsync(now, cancellationToken);
        await queue.EnqueueDueRendersAsync(SweepLimit, cancellationToken);
        await batches.CloseBatchesAsync(now.AddMinutes(-o.BatchMaxAgeMinutes), calendar.DayOf(now), now, cancellationToken);
        await queue.EnqueueDueBuildsAsync(o.MaxAttempts, cancellationToken);
        await batches.DeleteDispatchedFilesAsync(now.AddHours(-o.FileRetentionHours), now, cancellationToken);
    }

    /// <summary>Closes every open batch now (the operator's "close"), and enqueues their builds.</summary>
    public async Task<IReadOnlyList<Guid>> CloseAllAsync(CancellationToken cancellationToken)
    {
        var closed = await batches.CloseBatchesAsync(null, null, time.GetUtcNow(), cancellationToken);
        foreach (var batchId in closed)
        {
            await queue.EnqueueBuildAsync(batchId, cancellationToken);
        }

        return closed;
    }

    /// <summary>Database and network trouble: the job fails and the sweeper enqueues the piece again; no attempt is counted.</summary>
    private static bool IsTransient(Exception e) => e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException;

    private async Task RecordFailureAsync(Guid letterId, Exception e, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var piece = await pieces.PieceAsync(letterId, cancellationToken);
        var s10 = piece?.S10 ?? letterId.ToString("D");
        var attempt = (piece?.Attempts ?? 0) + 1;
        var delay = TimeSpan.FromSeconds(o.RetryBaseSeconds * Math.Pow(2, Math.Min(attempt - 1, 16)));
        var now = time.GetUtcNow();
        var reason = e is Rendering.PrintRenderException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        LogRenderFailed(logger, s10, attempt, o.MaxAttempts, reason);
        await pieces.RecordRenderFailureAsync(letterId, reason, o.MaxAttempts, now + delay, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered piece {S10}: {Pages} pages, envelope {Envelope}")]
    private static partial void LogRendered(ILogger logger, string s10, int pages, string envelope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rendering piece {S10} failed (attempt {Attempt} of {MaxAttempts}): {Reason}")]
    private static partial void LogRenderFailed(ILogger logger, string s10, int attempt, int maxAttempts, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built batch {Number}: {Pieces} pieces, {Pages} pages")]
    private static partial void LogBuilt(ILogger logger, string number, int pieces, int pages);

    [LoggerMessage(Level = LogLevel.Error, Message = "Building batch {Number} failed: {Reason}")]
    private static partial void LogBuildFailed(ILogger logger, string number, string reason);
}
