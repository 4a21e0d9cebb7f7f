using Npes.Print.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Npes.Print.Tests;

public sealed class StreamFinisherTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Finish_PdfSharpCompressedFile_QpdfFindsNoTruncatedStream()
    {
        var pdf = TestContent.A4Pdf(2); // PDFsharp's own compression: no zlib checksums
        var before = Tools.RunRaw("qpdf", "--check", _temp.Write("before.pdf", pdf));

        var finished = StreamFinisher.Finish(pdf);

        Assert.Equal(3, before.ExitCode); // qpdf: "operation succeeded with warnings"
        var after = _temp.Write("after.pdf", finished);
        Tools.Run("qpdf", "--check", after);
        Assert.Equal(PdfText.Plain(_temp.PathOf("before.pdf")), PdfText.Plain(after));
    }

    [Fact]
    public void Finish_UncompressedFile_CompressesItsStreams()
    {
        PrintFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            for (var i = 0; i < 40; i++)
            {
                graphics.DrawString($"Строка {i} несжатого текста", new XFont(PrintFonts.Sans, 10), XBrushes.Black, 50, 50 + (i * 14));
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var pdf = output.ToArray();

        var finished = StreamFinisher.Finish(pdf);

        Assert.True(finished.Length < pdf.Length / 2, $"{finished.Length} bytes from {pdf.Length}");
        var file = _temp.Write("finished.pdf", finished);
        Tools.Run("qpdf", "--check", file);
        Assert.Contains("Строка 39 несжатого текста", PdfText.Plain(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_FileItFinished_IsUnchanged()
    {
        var once = StreamFinisher.Finish(TestContent.A4Pdf(1));

        Assert.Same(once, StreamFinisher.Finish(once));
    }

    [Fact]
    public void Finish_NotPdfSharpLayout_ReturnsTheSameBytes()
    {
        var bytes = "%PDF-1.5\nnot really\n"u8.ToArray();

        Assert.Same(bytes, StreamFinisher.Finish(bytes));
    }
}
