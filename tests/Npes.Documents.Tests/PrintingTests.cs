using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npes.Core.Addressing;
using Npes.Core.Print;
using Npes.Documents.Printing;
using Npes.Print.Rendering;
using Npes.Print.Store;

namespace Npes.Documents.Tests;

/// <summary>The print leg's rendering and batch assembly, done by real workers.</summary>
public sealed class PrintingTests(WorkersFixture fixture) : IClassFixture<WorkersFixture>
{
    private readonly Workers _workers = fixture.Workers;

    [Fact]
    public async Task RenderAsync_PdfTextAndImage_PieceWithAddressSheetAndEveryDocument()
    {
        var rendering = new WorkerPieceRendering(_workers.Pool, Options.Create(new PrintLayoutOptions()));
        var letter = Letter("RR000000011BY",
            new PaperDocument("счёт.pdf", "application/pdf", TestPdf.Pages(2)),
            new PaperDocument("записка.txt", "text/plain", Encoding.UTF8.GetBytes("Текст записки")),
            new PaperDocument("скан.png", "image/png", TestOffice.Png(400, 300)));

        var piece = await rendering.RenderAsync(letter, Address(), CancellationToken.None);

        Assert.Equal(0, piece.Pages % 2);
        Assert.Equal(piece.Pages / 2, piece.Sheets);
        Assert.Equal(SHA256.HashData(piece.Pdf), piece.Sha256);
        Assert.Equal("220030", piece.Postcode);
        using var folder = new TempFiles();
        var path = folder.Write("piece.pdf", piece.Pdf);
        Tools.Run("qpdf", "--check", path);
        var text = Tools.Run("pdftotext", path, "-");
        Assert.Contains("RR000000011BY", text, StringComparison.Ordinal);
        Assert.Contains("Hello from NPES", text, StringComparison.Ordinal);
        Assert.Contains("Текст записки", text, StringComparison.Ordinal);
        Assert.Contains("Иванов Иван Иванович", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NestedArrayPdfStoredBeforeInspection_PieceRefusedWithReasonAndWorkerLives()
    {
        var rendering = new WorkerPieceRendering(_workers.Pool, Options.Create(new PrintLayoutOptions()));
        var letter = Letter("RR000000025BY", new PaperDocument("nested.pdf", "application/pdf", TestPdf.NestedArrays(100_000)));

        var error = Assert.Throws<PrintRenderException>(() => rendering.Render(letter, Address()));

        Assert.Contains("nested.pdf", error.Message, StringComparison.Ordinal);
        Assert.Contains("nests", error.Message, StringComparison.Ordinal);
        var next = await rendering.RenderAsync(Letter("RR000000039BY", new PaperDocument("ok.pdf", "application/pdf", TestPdf.Pages())), Address(), CancellationToken.None);
        Assert.True(next.Pages >= 2);
    }

    [Fact]
    public async Task BuildAsync_TwoPieces_OneFileWithManifestsAndEveryPage()
    {
        var rendering = new WorkerPieceRendering(_workers.Pool, Options.Create(new PrintLayoutOptions()));
        var building = new WorkerBatchBuilding(_workers.Pool);
        var first = await rendering.RenderAsync(Letter("RR000000042BY", new PaperDocument("a.pdf", "application/pdf", TestPdf.Pages(1))), Address(), CancellationToken.None);
        var second = await rendering.RenderAsync(Letter("RR000000056BY", new PaperDocument("b.pdf", "application/pdf", TestPdf.Pages(3))), Address(), CancellationToken.None);
        var batch = new PrintBatch(Guid.NewGuid(), "B-2026-001", new DateOnly(2026, 12, 5), "C5", "closed", 2, first.Sheets + second.Sheets, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null, null, null, null);

        var built = await building.BuildAsync(
            batch,
            [
                new BatchPieceFile(1, "RR000000042BY", first.Postcode, first.Pages, first.Sheets, first.Sha256, first.Pdf),
                new BatchPieceFile(2, "RR000000056BY", second.Postcode, second.Pages, second.Sheets, second.Sha256, second.Pdf),
            ],
            DateTimeOffset.UtcNow,
            CancellationToken.None);

        Assert.Equal(first.Pages + second.Pages, built.Pages);
        using var folder = new TempFiles();
        Assert.Equal(built.Pages.ToString(System.Globalization.CultureInfo.InvariantCulture), Tools.Run("qpdf", "--show-npages", folder.Write("batch.pdf", built.Pdf)).Trim());
        Assert.Contains("RR000000056BY", Encoding.UTF8.GetString(built.ManifestCsv), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PieceWhoseDigestDiffers_RefusedAsInvalidData()
    {
        var building = new WorkerBatchBuilding(_workers.Pool);
        var batch = new PrintBatch(Guid.NewGuid(), "B-2026-002", new DateOnly(2026, 12, 5), "C5", "closed", 1, 1, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null, null, null, null);

        var error = Assert.Throws<InvalidDataException>(() => building.Build(batch, [new BatchPieceFile(1, "RR000000060BY", null, 2, 1, new byte[32], TestPdf.Pages(2))], DateTimeOffset.UtcNow));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    private static PaperLetter Letter(string s10, params PaperDocument[] documents) =>
        new(Guid.NewGuid(), s10, new RecipientQuery("Иванов Иван Иванович", "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5", null), SHA256.HashData(Encoding.UTF8.GetBytes(s10)), documents);

    private static EnvelopeAddress Address() =>
        new("Иванов Иван Иванович", ["ул. Интернациональная, д. 10, кв. 5", "220030 г. Минск"], "220030");
}
