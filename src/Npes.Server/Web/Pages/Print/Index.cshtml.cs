using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Errors;
using Npes.Core.Time;
using Npes.Core.Print;
using Npes.Print.Pipeline;
using Npes.Print.Shop;
using Npes.Print.Store;

namespace Npes.Server.Web.Pages.Print;

/// <summary>The print-shop console: today's counts, batches and their states, pieces needing attention.</summary>
internal sealed class IndexModel(BatchStore batches, PieceStore pieces, PrintPipeline pipeline, RetryPiece retry, OperatorCalendar calendar, TimeProvider time, UiText text) : PageModel
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
        var day = calendar.DayOf(time.GetUtcNow());
        Counts = await batches.CountsAsync(day, calendar.OffsetOn(day), cancellationToken);
        Batches = await batches.BatchesAsync(null, 0, 100, cancellationToken);
        Attention = await pieces.NeedsAttentionAsync(0, 100, cancellationToken);
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        var closed = await pipeline.CloseAllAsync(cancellationToken);
        Message = string.Format(text.Culture, text["print.closed"], closed.Count);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        var piece = S10 is null ? null : await pieces.PieceByS10Async(S10.Trim().ToUpperInvariant(), cancellationToken);
        if (piece is null)
        {
            return NotFound();
        }

        try
        {
            await retry.HandleAsync(piece, cancellationToken);
        }
        catch (NpesException e)
        {
            Error = text.Error(e);
            await OnGetAsync(cancellationToken);
            return Page();
        }

        Message = text["print.retried"];
        return RedirectToPage();
    }
}
