using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Errors;
using Npes.Core.Print;
using Npes.Print.Pipeline;

namespace Npes.Server.Web.Pages.Print;

/// <summary>The print-shop console: today's counts, batches and their states, pieces needing attention.</summary>
internal sealed class IndexModel(IPrintStore store, PrintPipeline pipeline, PrintJobQueue queue, TimeProvider time, UiText text) : PageModel
{
    [BindProperty]
    public string? S10 { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public PrintDayCounts Counts { get; private set; } = null!;

    public IReadOnlyList<PrintBatch> Batches { get; private set; } = [];

    public IReadOnlyList<PrintPiece> Attention { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var day = pipeline.DayOf(time.GetUtcNow());
        Counts = await store.CountsAsync(day, pipeline.OffsetOn(day), cancellationToken);
        Batches = await store.BatchesAsync(null, 0, 100, cancellationToken);
        Attention = await store.NeedsAttentionAsync(0, 100, cancellationToken);
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        var closed = await pipeline.CloseAllAsync(cancellationToken);
        Message = string.Format(text.Culture, text["print.closed"], closed.Count);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        var piece = S10 is null ? null : await store.PieceByS10Async(S10.Trim().ToUpperInvariant(), cancellationToken);
        if (piece is null)
        {
            return NotFound();
        }

        if (!await store.RetryAsync(piece.LetterId, time.GetUtcNow(), cancellationToken))
        {
            Error = text.Error(new NpesException(NpesErrors.PieceState, $"Piece {piece.S10} is {piece.State}; only a piece that needs attention is retried."));
            await OnGetAsync(cancellationToken);
            return Page();
        }

        await queue.EnqueueRenderAsync(piece.LetterId, cancellationToken);
        Message = text["print.retried"];
        return RedirectToPage();
    }
}
