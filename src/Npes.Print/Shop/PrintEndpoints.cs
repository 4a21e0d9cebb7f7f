using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Core.Time;
using Npes.Print.Pipeline;
using Npes.Print.Store;

namespace Npes.Print.Shop;

/// <summary>
/// The print shop's API (operators only): batches and pieces, files and manifests, and the actions that enter the
/// letters' evidence chains — printed, dispatched, delivered on paper, returned. Operators see print files only,
/// never a mailbox letter.
/// </summary>
internal static class PrintEndpoints
{
    public const int MaxPage = 500;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/print")
            .WithTags("Print shop")
            .RequireAuthorization(Roles.OperatorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/batches", ListBatchesAsync).WithName("ListPrintBatches").WithSummary("Batches, newest first; filter by state (open, closed, ready, printed, dispatched)");
        group.MapPost("/batches/close", CloseAsync).WithName("ClosePrintBatches").WithSummary("Close every open batch now; their files are built in the background");
        group.MapGet("/batches/{batch}", GetBatchAsync).WithName("GetPrintBatch").WithSummary("A batch (by id or number) and its pieces in print order")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/batches/{batch}/file", GetFileAsync).WithName("GetPrintBatchFile").WithSummary("The batch's print-ready PDF (duplex, every piece starting on a front side)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/batches/{batch}/manifest.json", (string batch, BatchStore store, CancellationToken ct) => ManifestAsync(batch, store, json: true, ct))
            .WithName("GetPrintBatchManifestJson").WithSummary("The batch manifest as JSON: piece order, S10, postcode, pages, sheets, SHA-256 of each piece and of the file")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/batches/{batch}/manifest.csv", (string batch, BatchStore store, CancellationToken ct) => ManifestAsync(batch, store, json: false, ct))
            .WithName("GetPrintBatchManifestCsv").WithSummary("The batch manifest as CSV")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapPost("/batches/{batch}/printed", MarkPrintedAsync).WithName("MarkPrintBatchPrinted").WithSummary("Record that the batch was printed (a Printed event on each letter)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/batches/{batch}/dispatched", MarkDispatchedAsync).WithName("MarkPrintBatchDispatched").WithSummary("Record that the batch's pieces were enveloped and handed to the post (a Dispatched event on each letter)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/pieces/{s10}", GetPieceAsync).WithName("GetPrintPiece").WithSummary("A piece by its S10 id")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/pieces/{s10}/outcome", RecordOutcomeAsync).WithName("RecordPieceOutcome")
            .WithSummary("Record a dispatched piece's physical outcome: delivered, or returned (address_unknown, refused, not_collected)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/pieces/{s10}/retry", RetryAsync).WithName("RetryPrintPiece").WithSummary("Put a needs-attention piece back into the pipeline")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/attention", NeedsAttentionAsync).WithName("ListPiecesNeedingAttention").WithSummary("Pieces that kept failing to render, with the reason");
        group.MapGet("/counts", CountsAsync).WithName("GetPrintCounts").WithSummary("A day's counts (default today in the print shop's time zone)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<PrintBatchDto>>> ListBatchesAsync(BatchStore store, string? state, int? offset, int? limit, CancellationToken cancellationToken)
    {
        if (state is not null && state is not (BatchStates.Open or BatchStates.Closed or BatchStates.Ready or BatchStates.Printed or BatchStates.Dispatched))
        {
            throw new NpesException(NpesErrors.PrintQueryInvalid, "state is one of open, closed, ready, printed, dispatched.");
        }

        var batches = await store.BatchesAsync(state, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, MaxPage), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PrintBatchDto>>(batches.Select(ToDto).ToList());
    }

    private static async Task<Ok<CloseBatchesResponse>> CloseAsync(PrintPipeline pipeline, BatchStore store, CancellationToken cancellationToken)
    {
        var closed = await pipeline.CloseAllAsync(cancellationToken);
        var batches = new List<PrintBatchDto>();
        foreach (var id in closed)
        {
            if (await store.BatchAsync(id, cancellationToken) is { } batch)
            {
                batches.Add(ToDto(batch));
            }
        }

        return TypedResults.Ok(new CloseBatchesResponse(batches));
    }

    private static async Task<Ok<PrintBatchDetailDto>> GetBatchAsync(string batch, BatchStore store, PieceStore pieceStore, CancellationToken cancellationToken)
    {
        var found = await FindBatchAsync(store, batch, cancellationToken);
        var pieces = await pieceStore.PiecesAsync(found.Id, cancellationToken);
        return TypedResults.Ok(new PrintBatchDetailDto(ToDto(found), pieces.Select(ToDto).ToList()));
    }

    private static async Task<FileContentHttpResult> GetFileAsync(string batch, BatchStore store, CancellationToken cancellationToken)
    {
        var files = await FilesAsync(store, batch, cancellationToken);
        return TypedResults.File(files.Pdf, "application/pdf", files.Number + ".pdf");
    }

    private static async Task<IResult> ManifestAsync(string batch, BatchStore store, bool json, CancellationToken cancellationToken)
    {
        var files = await FilesAsync(store, batch, cancellationToken);
        return json
            ? TypedResults.File(files.ManifestJson, "application/json", files.Number + ".manifest.json")
            : TypedResults.File(files.ManifestCsv, "text/csv; charset=utf-8", files.Number + ".manifest.csv");
    }

    private static async Task<Ok<PrintBatchDto>> MarkPrintedAsync(string batch, ClaimsPrincipal user, BatchStore store, PrintShop shop, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await shop.MarkPrintedAsync(await FindBatchAsync(store, batch, cancellationToken), user.PartyId(), cancellationToken)));

    private static async Task<Ok<PrintBatchDto>> MarkDispatchedAsync(string batch, ClaimsPrincipal user, BatchStore store, PrintShop shop, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await shop.MarkDispatchedAsync(await FindBatchAsync(store, batch, cancellationToken), user.PartyId(), cancellationToken)));

    private static async Task<Ok<PrintPieceDto>> GetPieceAsync(string s10, PieceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await FindPieceAsync(store, s10, cancellationToken)));

    private static async Task<Ok<PrintPieceDto>> RecordOutcomeAsync(string s10, PieceOutcomeRequest? request, ClaimsPrincipal user, PieceStore store, PrintShop shop, CancellationToken cancellationToken)
    {
        var piece = await FindPieceAsync(store, s10, cancellationToken);
        return TypedResults.Ok(ToDto(await shop.RecordOutcomeAsync(piece, request?.Outcome, request?.Reason, user.PartyId(), cancellationToken)));
    }

    private static async Task<Ok<PrintPieceDto>> RetryAsync(string s10, PieceStore store, RetryPiece useCase, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await useCase.HandleAsync(await FindPieceAsync(store, s10, cancellationToken), cancellationToken)));

    private static async Task<Ok<IReadOnlyList<PrintPieceDto>>> NeedsAttentionAsync(PieceStore store, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var pieces = await store.NeedsAttentionAsync(Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, MaxPage), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PrintPieceDto>>(pieces.Select(ToDto).ToList());
    }

    private static async Task<Ok<PrintCountsDto>> CountsAsync(BatchStore store, OperatorCalendar calendar, TimeProvider time, string? day, CancellationToken cancellationToken)
    {
        var date = calendar.DayOf(time.GetUtcNow());
        if (day is not null && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            throw new NpesException(NpesErrors.PrintQueryInvalid, "day is a date like 2026-11-22.");
        }

        var c = await store.CountsAsync(date, calendar.OffsetOn(date), cancellationToken);
        return TypedResults.Ok(new PrintCountsDto(c.Day, c.Rendered, c.Printed, c.Dispatched, c.Delivered, c.Returned, c.NeedsAttention, c.Pending));
    }

    private static async Task<BatchFiles> FilesAsync(BatchStore store, string batch, CancellationToken cancellationToken)
    {
        var found = await FindBatchAsync(store, batch, cancellationToken);
        if (found.FilesDeletedAt is not null)
        {
            throw new NpesException(NpesErrors.BatchFilesGone, $"Batch {found.Number}'s files were deleted after dispatch.");
        }

        return await store.BatchFilesAsync(found.Id, cancellationToken)
            ?? throw new NpesException(NpesErrors.BatchState, $"Batch {found.Number} is {found.State}; its file is built once it is closed (try again shortly).");
    }

    private static async Task<PrintBatch> FindBatchAsync(BatchStore store, string batch, CancellationToken cancellationToken)
    {
        PrintBatch? found = null;
        if (Guid.TryParse(batch, CultureInfo.InvariantCulture, out var id))
        {
            found = await store.BatchAsync(id, cancellationToken);
        }
        else if (batch.Length <= 64)
        {
            found = await store.BatchByNumberAsync(batch, cancellationToken);
        }

        return found ?? throw new NpesException(NpesErrors.BatchNotFound, "No print batch has that id or number.");
    }

    private static async Task<PrintPiece> FindPieceAsync(PieceStore store, string s10, CancellationToken cancellationToken)
    {
        var normalised = s10.Trim().ToUpperInvariant();
        if (!S10.IsValid(normalised))
        {
            throw new NpesException(NpesErrors.PieceNotFound, "That is not a valid S10 id.");
        }

        return await store.PieceByS10Async(normalised, cancellationToken)
            ?? throw new NpesException(NpesErrors.PieceNotFound, $"No print piece has S10 id {normalised}.");
    }

    internal static PrintBatchDto ToDto(PrintBatch b) => new(
        b.Id, b.Number, b.Day, b.Envelope, b.State, b.PieceCount, b.SheetCount, b.PageCount, b.OpenedAt, b.ClosedAt, b.ReadyAt, b.PrintedAt,
        b.DispatchedAt, b.PdfSha256 is null ? null : Convert.ToHexStringLower(b.PdfSha256), b.LastError, b.FilesDeletedAt is not null);

    internal static PrintPieceDto ToDto(PrintPiece p) => new(
        p.S10, p.State, p.Reason, p.Attempts, p.LastError, p.Postcode, p.Pages, p.Sheets, p.Envelope,
        p.Sha256 is null ? null : Convert.ToHexStringLower(p.Sha256), p.BatchId, p.BatchPosition, p.Outcome, p.CreatedAt, p.RenderedAt, p.OutcomeAt);
}
