using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Npes.Server.Tests;

/// <summary>Real documents made with PDFsharp, including the hostile kinds.</summary>
internal static class TestDocuments
{
    static TestDocuments() => PdfSharp.PdfSharpLicense.SetAgplLicense();

    /// <summary>A one-page A4 PDF with a drawing on it (no fonts needed).</summary>
    public static byte[] Pdf(int pages = 1, Action<PdfDocument>? tweak = null, int padding = 0)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            graphics.DrawRectangle(XPens.Black, XBrushes.LightGray, 50 + i, 50, 200, 100);
        }

        if (padding > 0)
        {
            document.Info.Subject = new string('x', padding);
        }

        tweak?.Invoke(document);
        using var buffer = new MemoryStream();
        document.Save(buffer);
        return buffer.ToArray();
    }

    public static byte[] EncryptedPdf() => Pdf(tweak: d => d.SecuritySettings.UserPassword = "secret");

    public static byte[] EncryptedPdfWithoutUserPassword() => Pdf(tweak: d => d.SecuritySettings.OwnerPassword = "owner");

    public static byte[] PdfWithJavaScript() => Pdf(tweak: d =>
    {
        var action = new PdfDictionary(d);
        action.Elements["/S"] = new PdfName("/JavaScript");
        action.Elements["/JS"] = new PdfString("app.alert('hello')");
        d.Internals.AddObject(action);
        d.Internals.Catalog.Elements["/OpenAction"] = action.Reference;
    });

    public static byte[] PdfWithLaunchAction() => Pdf(tweak: d =>
    {
        var action = new PdfDictionary(d);
        action.Elements["/S"] = new PdfName("/Launch");
        action.Elements["/F"] = new PdfString("calc.exe");
        d.Internals.AddObject(action);
        d.Internals.Catalog.Elements["/OpenAction"] = action.Reference;
    });

    public static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
        0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
        0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
        0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
}
