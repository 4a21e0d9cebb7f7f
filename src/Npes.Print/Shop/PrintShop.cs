using System.Globalization;
using Npes.Core.Errors;
using Npes.Core.Letters;
using Npes.Print.Store;

namespace Npes.Print.Shop;

/// <summary>
/// The operator's actions on batches and pieces, for the API and the console alike: each moves state once and
/// writes its evidence event (with the operator's party id) into every affected letter's chain.
/// </summary>
internal sealed class PrintShop(OperatorActionStore actions, BatchStore batches, PieceStore pieces, TimeProvider time)
{
    /// <summary>ready → printed; refused (<see cref="NpesErrors.BatchState"/>) in any other state.</summary>
    public async Task<PrintBatch> MarkPrintedAsync(PrintBatch batch, Guid operatorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var by = operatorId.ToString("D");
        var moved = await actions.MarkPrintedAsync(
            batch.Id,
            piece => new Dictionary<string, string>
            {
                ["batch"] = batch.Number,
                ["position"] = (piece.BatchPosition ?? 0).ToString(CultureInfo.InvariantCulture),
                ["sheets"] = (piece.Sheets ?? 0).ToString(CultureInfo.InvariantCulture),
                ["envelope"] = piece.Envelope ?? string.Empty,
                ["pieceSha256"] = piece.Sha256 is null ? string.Empty : Convert.ToHexStringLower(piece.Sha256),
                ["operator"] = by,
            },
            time.GetUtcNow(),
            cancellationToken);
        return await MovedAsync(moved, batch, BatchStates.Ready, cancellationToken);
    }

    /// <summary>printed → dispatched; refused (<see cref="NpesErrors.BatchState"/>) in any other state.</summary>
    public async Task<PrintBatch> MarkDispatchedAsync(PrintBatch batch, Guid operatorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var by = operatorId.ToString("D");
        var moved = await actions.MarkDispatchedAsync(
            batch.Id,
            piece => new Dictionary<string, string> { ["batch"] = batch.Number, ["envelope"] = piece.Envelope ?? string.Empty, ["operator"] = by },
            time.GetUtcNow(),
            cancellationToken);
        return await MovedAsync(moved, batch, BatchStates.Printed, cancellationToken);
    }

    /// <summary>
    /// A dispatched piece's outcome: <c>delivered</c>, or <c>returned</c> with a reason (address_unknown, refused,
    /// not_collected). Refused with <see cref="NpesErrors.OutcomeInvalid"/> or <see cref="NpesErrors.PieceState"/>.
    /// </summary>
    public async Task<PrintPiece> RecordOutcomeAsync(PrintPiece piece, string? outcome, string? reason, Guid operatorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(piece);
        var pieceState = outcome switch
        {
            "delivered" when reason is null => PieceStates.Delivered,
            "returned" when ReturnReasons.IsKnown(reason) => PieceStates.Returned,
            _ => throw new NpesException(NpesErrors.OutcomeInvalid, "Send {\"outcome\":\"delivered\"} or {\"outcome\":\"returned\",\"reason\":\"address_unknown|refused|not_collected\"}."),
        };
        var details = new Dictionary<string, string> { ["operator"] = operatorId.ToString("D") };
        if (pieceState == PieceStates.Returned)
        {
            details["reason"] = reason!;
        }

        if (!await actions.RecordOutcomeAsync(piece.LetterId, pieceState, details, time.GetUtcNow(), cancellationToken))
        {
            var now = await pieces.PieceAsync(piece.LetterId, cancellationToken);
            throw new NpesException(NpesErrors.PieceState, $"Piece {piece.S10} is {now?.State ?? piece.State}; an outcome is recorded once, for a dispatched piece.");
        }

        return (await pieces.PieceAsync(piece.LetterId, cancellationToken))!;
    }

    private async Task<PrintBatch> MovedAsync(bool moved, PrintBatch before, string needed, CancellationToken cancellationToken)
    {
        var after = (await batches.BatchAsync(before.Id, cancellationToken))!;
        return moved ? after : throw new NpesException(NpesErrors.BatchState, $"Batch {before.Number} is {after.State}; this action needs it {needed}.");
    }
}
