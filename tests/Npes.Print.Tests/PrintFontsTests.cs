using Npes.Print.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Npes.Print.Tests;

public sealed class PrintFontsTests
{
    [Fact]
    public void EnsureInstalled_FromManyThreadsBesideOtherLicenceCalls_InstallsOneResolver()
    {
        PdfSharp.PdfSharpLicense.SetAgplLicense();

        Parallel.For(0, 16, i =>
        {
            if (i % 3 == 0)
            {
                PdfSharp.PdfSharpLicense.SetAgplLicense();
            }

            PrintFonts.EnsureInstalled();
        });
        var resolver = GlobalFontSettings.FontResolver;
        PrintFonts.EnsureInstalled();

        Assert.NotNull(resolver);
        Assert.Same(resolver, GlobalFontSettings.FontResolver);
    }

    [Theory]
    [InlineData(PrintFonts.Sans, false)]
    [InlineData(PrintFonts.Sans, true)]
    [InlineData(PrintFonts.Mono, false)]
    [InlineData("Arial", false)]
    public void Fonts_DrawCyrillic_ExtractedBack(string family, bool bold)
    {
        PrintFonts.EnsureInstalled();
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var font = new XFont(family, 14, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            graphics.DrawString("Съешь ещё булок", font, XBrushes.Black, 50, 100);
        }

        using var temp = new TempFolder();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var file = temp.Write("fonts.pdf", output.ToArray());

        Assert.Contains("Съешь ещё булок", PdfText.Plain(file), StringComparison.Ordinal);
        Assert.Contains("DejaVu", Tools.Run("pdffonts", file), StringComparison.Ordinal);
    }
}
