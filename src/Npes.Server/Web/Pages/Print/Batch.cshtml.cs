using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Print;
using Npes.Print.Shop;
using Npes.Print.Store;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages.Print;

/// <summary>
/// One batch: its files, the printed and dispatched marks, and each piece's physical outcome — through the same
/// <see cref="PrintShop"/> actions as the operator API (<c>/api/v1/print</c>).
/// </summary>
internal sealed class BatchModel(BatchStore batches, PieceStore pieces, PrintShop shop, UiText text) : PageModel
{
    [BindProperty]
    public string? S10 { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public PrintBatch Batch { get; private set; } = null!;

    public IReadOnlyList<PrintPiece> Pieces { get; private set; } = [];

    public bool FilesAvailable => Batch.FilesDeletedAt is null && Batch.PdfSha256 is not null;

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken cancellationToken) =>
        await LoadAsync(number, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetFileAsync(string number, CancellationToken cancellationToken) =>
        await FilesAsync(number, cancellationToken) is { } files ? File(files.Pdf, "application/pdf", files.Number + ".pdf") : NotFound();

    public async Task<IActionResult> OnGetManifestAsync(string number, string? format, CancellationToken cancellationToken) =>
        await FilesAsync(number, cancellationToken) is not { } files ? NotFound()
        : format == "json" ? File(files.ManifestJson, "application/json", files.Number + ".manifest.json")
        : File(files.ManifestCsv, "text/csv; charset=utf-8", files.Number + ".manifest.csv");

    public Task<IActionResult> OnPostPrintedAsync(string number, CancellationToken cancellationToken) =>
        ActAsync(number, "print.printed_done", batch => shop.MarkPrintedAsync(batch, User.PartyId(), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDispatchedAsync(string number, CancellationToken cancellationToken) =>
        ActAsync(number, "print.dispatched_done", batch => shop.MarkDispatchedAsync(batch, User.PartyId(), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostOutcomeAsync(string number, CancellationToken cancellationToken)
    {
        var piece = await LoadAsync(number, cancellationToken) ? Pieces.FirstOrDefault(p => p.S10 == S10) : null;
        if (piece is null)
        {
            return NotFound();
        }

        // The form sends "delivered" or "returned:<reason>".
        var (outcome, reason) = Outcome?.Split(':', 2) is [var o, var r] ? (o, r) : (Outcome, null);
        try
        {
            await shop.RecordOutcomeAsync(piece, outcome, reason, User.PartyId(), cancellationToken);
        }
        catch (NpesException e)
        {
            Error = text.Error(e);
            return Page();
        }

        Message = string.Format(text.Culture, text["print.outcome_done"], piece.S10);
        return RedirectToPage(new { number });
    }

    private async Task<IActionResult> ActAsync(string number, string done, Func<PrintBatch, Task<PrintBatch>> action, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(number, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            await action(Batch);
        }
        catch (NpesException e)
        {
            await LoadAsync(number, cancellationToken);
            Error = text.Error(e);
            return Page();
        }

        Message = text[done];
        return RedirectToPage(new { number = Batch.Number });
    }

    private async Task<BatchFiles?> FilesAsync(string number, CancellationToken cancellationToken) =>
        await LoadAsync(number, cancellationToken) && FilesAvailable ? await batches.BatchFilesAsync(Batch.Id, cancellationToken) : null;

    private async Task<bool> LoadAsync(string number, CancellationToken cancellationToken)
    {
        var batch = number.Length <= 64 ? await batches.BatchByNumberAsync(number, cancellationToken) : null;
        if (batch is null)
        {
            return false;
        }

        Batch = batch;
        Pieces = await pieces.PiecesAsync(batch.Id, cancellationToken);
        return true;
    }
}
