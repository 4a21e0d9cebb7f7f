using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Npes.Print.Batching;
using Npes.Print.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Npes.Bench;

/// <summary>
/// The paper leg: rendering one piece (address sheet + a two-page A4 PDF imported, blank back, footers) and assembling
/// a batch of 20 such pieces. Run: <c>dotnet run -c Release --project bench/Npes.Bench -- --filter '*Print*'</c>.
/// The multi-core letters/s figure and the qpdf yardstick come from <c>bench/Npes.Print.Load</c>.
/// </summary>
[MemoryDiagnoser]
public class PrintBenchmarks
{
    private PieceRenderer _renderer = null!;
    private PieceContent _letter = null!;
    private BatchHeader _header = null!;
    private List<BatchPiece> _pieces = [];

    [GlobalSetup]
    public void Setup()
    {
        _renderer = new PieceRenderer(new PrintLayoutOptions());
        _letter = Letter(1, TwoPagePdf());
        _pieces = Enumerable.Range(1, 20).Select(i =>
        {
            var content = Letter(i, TwoPagePdf());
            var piece = _renderer.Render(content);
            return new BatchPiece(i, content.S10, "220004", piece.Pages, piece.Sheets, piece.Sha256, piece.Pdf);
        }).ToList();
        _header = new BatchHeader(Guid.NewGuid(), "B-BENCH-1", new DateOnly(2026, 11, 22), "C5", DateTimeOffset.UnixEpoch);
    }

    [Benchmark]
    public byte[] RenderPiece() => _renderer.Render(_letter).Pdf;

    [Benchmark]
    public byte[] AssembleBatchOf20() => BatchAssembler.Assemble(_header, _pieces).Pdf;

    private static PieceContent Letter(int number, byte[] pdf) => new(
        string.Create(CultureInfo.InvariantCulture, $"RR{number:D8}{S10Check(number)}BY"),
        "Петров Пётр Петрович",
        ["ул. Ленина, д. 5А, кв. 12", "аг. Ждановичи", "Минский р-н, Минская обл.", "220004"],
        Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(number))),
        [new PrintDocument("уведомление.pdf", "application/pdf", pdf)]);

    private static int S10Check(int number)
    {
        int[] weights = [8, 6, 4, 2, 3, 5, 9, 7];
        var digits = number.ToString("D8", CultureInfo.InvariantCulture);
        var sum = digits.Select((c, i) => (c - '0') * weights[i]).Sum();
        return (11 - (sum % 11)) switch { 10 => 0, 11 => 5, var x => x };
    }

    /// <summary>A sender's two-page A4 letter made with PDFsharp: a heading and ten paragraphs of Cyrillic text.</summary>
    private static byte[] TwoPagePdf()
    {
        PrintFonts.EnsureInstalled();
        using var document = new PdfDocument();
        var heading = new XFont(PrintFonts.Sans, 14, XFontStyleEx.Bold);
        var body = new XFont(PrintFonts.Sans, 10.5);
        for (var pageNumber = 1; pageNumber <= 2; pageNumber++)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            graphics.DrawString("Уведомление об изменении условий договора", heading, XBrushes.Black, 70, 90);
            for (var line = 0; line < 45; line++)
            {
                graphics.DrawString("Сообщаем, что с 1 марта изменяются условия обслуживания по договору счёта.", body, XBrushes.Black, 70, 130 + (line * 14));
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
