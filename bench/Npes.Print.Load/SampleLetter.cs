using System.Globalization;
using System.Security.Cryptography;
using Npes.Print.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;

namespace Npes.Print.Load;

/// <summary>A realistic paper letter: a two-page A4 notice from a bank, and the sample recipient.</summary>
internal static class SampleLetter
{
    public const string RecipientName = "Петров Пётр Петрович";

    public static readonly string[] Address = ["ул. Ленина, д. 5А, кв. 12", "аг. Ждановичи", "Минский р-н, Минская обл.", "220004"];

    private const string Paragraph =
        "Уважаемый клиент! Сообщаем, что с 1 марта изменяются условия обслуживания по договору банковского счёта. " +
        "Новая редакция тарифов размещена на сайте банка и в отделениях. Если вы не согласны с изменениями, вы вправе " +
        "расторгнуть договор, обратившись в любое отделение банка до даты вступления изменений в силу. Продолжение " +
        "пользования счётом после этой даты означает согласие с новыми условиями.";

    /// <summary>A unique letter with <paramref name="document"/> as its only document.</summary>
    public static PieceContent Letter(int number, byte[] document) => new(
        S10(number),
        RecipientName,
        Address,
        Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(number))),
        [new PrintDocument("уведомление.pdf", "application/pdf", document)]);

    /// <summary>A valid S10 id (UPU check digit) for a serial number.</summary>
    public static string S10(int number)
    {
        var serial = (number % 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        int[] weights = [8, 6, 4, 2, 3, 5, 9, 7];
        var sum = serial.Select((c, i) => (c - '0') * weights[i]).Sum();
        var check = (11 - (sum % 11)) switch { 10 => 0, 11 => 5, var x => x };
        return $"RR{serial}{check}BY";
    }

    /// <summary>The two-page notice, as a sender's PDF (made with PDFsharp, fonts embedded).</summary>
    public static byte[] TwoPagePdf()
    {
        PrintFonts.EnsureInstalled();
        using var document = new PdfDocument();
        var heading = new XFont(PrintFonts.Sans, 14, XFontStyleEx.Bold);
        var body = new XFont(PrintFonts.Sans, 10.5);
        var small = new XFont(PrintFonts.Sans, 8);
        for (var pageNumber = 1; pageNumber <= 2; pageNumber++)
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            using var graphics = XGraphics.FromPdfPage(page);
            var formatter = new XTextFormatter(graphics);
            graphics.DrawString("ОАО «Пример-Банк»", heading, XBrushes.DarkBlue, 70, 70);
            graphics.DrawString("220030, г. Минск, ул. Примерная, 1 · тел. 150", small, XBrushes.Gray, 70, 84);
            graphics.DrawLine(new XPen(XColors.DarkBlue, 0.8), 70, 92, page.Width.Point - 70, 92);
            if (pageNumber == 1)
            {
                graphics.DrawString("Уведомление об изменении условий договора", heading, XBrushes.Black, 70, 130);
            }

            var top = pageNumber == 1 ? 150.0 : 110.0;
            for (var i = 0; i < 5; i++)
            {
                formatter.DrawString(Paragraph, body, XBrushes.Black, new XRect(70, top, page.Width.Point - 140, 84), XStringFormats.TopLeft);
                top += 88;
            }

            graphics.DrawString(string.Create(CultureInfo.InvariantCulture, $"Страница {pageNumber} из 2"), small, XBrushes.Gray, page.Width.Point - 70, page.Height.Point - 50, XStringFormats.BaseLineRight);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
