using Npes.Core.Errors;
using Npes.Print.Pipeline;
using Npes.Print.Store;

namespace Npes.Print.Shop;

/// <summary>The operator puts a piece that needs attention back into the pipeline (API and console alike).</summary>
internal sealed class RetryPiece(PieceStore pieces, PrintJobQueue queue, TimeProvider time)
{
    /// <summary>Refused with <see cref="NpesErrors.PieceState"/> unless the piece needs attention.</summary>
    public async Task<PrintPiece> HandleAsync(PrintPiece piece, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (!await pieces.RetryAsync(piece.LetterId, time.GetUtcNow(), cancellationToken))
        {
            throw new NpesException(NpesErrors.PieceState, $"Piece {piece.S10} is {piece.State}; only a piece that needs attention is retried.");
        }

        await queue.EnqueueRenderAsync(piece.LetterId, cancellationToken);
        return (await pieces.PieceAsync(piece.LetterId, cancellationToken))!;
    }
}
