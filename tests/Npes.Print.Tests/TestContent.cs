using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npes.Print.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Npes.Print.Tests;

/// <summary>Sample letters and documents, built fresh by each test (unique S10 ids, random digests).</summary>
internal static class TestContent
{
    public const string RecipientName = "Петров Пётр Петрович";

    public static readonly string[] Address = ["ул. Ленина, д. 5А, кв. 12", "аг. Ждановичи", "Минский р-н, Минская обл.", "220004"];

    /// <summary>A 48 × 32 px baseline JPEG (a blue field with an orange disc), made with pdftoppm.</summary>
    public static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAgADADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCGpYLeSdsIOO5PQVFW7bxCGBUAwcZP1p5pj3hKacV7z2McDhViJvm2RR/sxtv+tGfTFVZ7eSBsOOOxHQ1u1FcRCaBkIycZH1rw8LnldVEqzvF/genXyyk4P2ejMKiiivrz58K3beUTQK4OTjB+tYVSwXEkDZQ8dwehrzM0wDxdNKL95bHbgcUsPN82zN2oriUQwM5ODjA+tUf7Tbb/AKoZ9c1VnuJJ2y547AdBXh4XI67qJ1laK/E9OvmdJQfs9WRUUUV9efPn/9k=");

    static TestContent() => PrintFonts.EnsureInstalled();

    /// <summary>A fresh, valid S10 id (UPU S10 check digit), series RR, country BY.</summary>
    public static string NewS10()
    {
        var serial = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        int[] weights = [8, 6, 4, 2, 3, 5, 9, 7];
        var sum = serial.Select((c, i) => (c - '0') * weights[i]).Sum();
        var check = (11 - (sum % 11)) switch { 10 => 0, 11 => 5, var x => x };
        return $"RR{serial}{check}BY";
    }

    public static string NewManifestHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static PieceContent Piece(params PrintDocument[] documents) =>
        new(NewS10(), RecipientName, Address, NewManifestHex(), documents);

    public static PrintDocument PdfDoc(string name, byte[] content) => new(name, "application/pdf", content);

    /// <summary>A PDF whose pages have the given sizes (mm), each showing its text in a frame; optional /Rotate per page.</summary>
    public static byte[] Pdf(params (double WidthMm, double HeightMm, string Text)[] pages) =>
        Pdf(pages.Select(p => (p.WidthMm, p.HeightMm, p.Text, 0)).ToArray());

    public static byte[] Pdf((double WidthMm, double HeightMm, string Text, int Rotate)[] pages)
    {
        using var document = new PdfDocument();
        var font = new XFont(PrintFonts.Sans, 12);
        foreach (var (widthMm, heightMm, text, rotate) in pages)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(widthMm);
            page.Height = XUnit.FromMillimeter(heightMm);
            using (var graphics = XGraphics.FromPdfPage(page))
            {
                graphics.DrawRectangle(XPens.DarkBlue, 20, 20, page.Width.Point - 40, page.Height.Point - 40);
                graphics.DrawString(text, font, XBrushes.Black, 40, 60, XStringFormats.BaseLineLeft);
            }

            page.Rotate = rotate;
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>An A4 portrait PDF of <paramref name="count"/> pages, "Страница N" on each.</summary>
    public static byte[] A4Pdf(int count) => Pdf([.. Enumerable.Range(1, count).Select(i => (210.0, 297.0, $"Страница {i} договора"))]);

    /// <summary>A palette PNG (QR code of <paramref name="text"/>), which PDFsharp reads.</summary>
    public static byte[] Png(string text = "NPES test image") =>
        new PngByteQRCode(QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M)).GetGraphic(4, [0, 0, 0, 255], [255, 255, 255, 255]);

    /// <summary>A 1-bit greyscale PNG (QRCoder's default), which PDFsharp 6.5 cannot read.</summary>
    public static byte[] OneBitGreyPng() =>
        new PngByteQRCode(QRCodeGenerator.GenerateQrCode("grey", QRCodeGenerator.ECCLevel.M)).GetGraphic(4);

    /// <summary>A well-formed PDF whose page tree is empty.</summary>
    public static byte[] ZeroPagePdf()
    {
        string[] objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"];
        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
