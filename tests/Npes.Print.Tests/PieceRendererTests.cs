using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npes.Print.Rendering;

namespace Npes.Print.Tests;

public sealed class PieceRendererTests : IDisposable
{
    private static readonly PrintLayoutOptions Options = new();
    private static readonly PieceRenderer Renderer = new(Options);
    private static readonly Rect Window = Rect.FromMm(Options.WindowLeftMm, Options.WindowTopMm, Options.WindowWidthMm, Options.WindowHeightMm);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Render_SamplePiece_PassesQpdfCheck()
    {
        var piece = Renderer.Render(TestContent.Piece(TestContent.PdfDoc("договор.pdf", TestContent.A4Pdf(2))));

        var file = _temp.Write("piece.pdf", piece.Pdf);
        var check = Tools.Run("qpdf", "--check", file);

        Assert.Contains("No syntax or stream encoding errors found", check, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(piece.Pdf), piece.Sha256);
    }

    [Fact]
    public void Render_AddressSheet_WindowHoldsTheRecipientAndNothingElse()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("письмо.pdf", TestContent.A4Pdf(1)));

        var piece = Renderer.Render(content);

        var page = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf))[0];
        var expected = new[] { content.RecipientName }.Concat(content.AddressLines)
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal).ToList();
        var touching = page.Words.Where(w => w.Touches(Window)).ToList();
        Assert.Equal(expected, touching.Select(w => w.Text).Order(StringComparer.Ordinal).ToList());
        Assert.All(touching, w => Assert.True(w.Inside(Window), $"'{w.Text}' at {w.XMin:0.#},{w.YMin:0.#}..{w.XMax:0.#},{w.YMax:0.#} crosses the window's edge."));
    }

    [Fact]
    public void Render_AddressSheet_ReturnAddressSitsAboveTheWindow()
    {
        var piece = Renderer.Render(TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1))));

        var page = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf))[0];
        var belpochta = Assert.Single(page.Words, w => w.Text == "«Белпочта»");
        Assert.True(belpochta.YMax <= Window.Top && belpochta.XMin >= Window.Left, "The return address must sit above the window, aligned with it.");
        Assert.Contains(page.Words, w => w.Text == "220050," && w.YMax <= Window.Top);
    }

    [Fact]
    public void Render_LongAddress_WrapsAndShrinksInsideTheWindow()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1))) with
        {
            RecipientName = "Общество с ограниченной ответственностью «Белорусская производственно-торговая компания Северо-Запад»",
            AddressLines = ["проспект Победителей, дом 127, корпус 3, помещение 412, кабинет 7", "г. Минск", "Минская область", "220020"],
        };

        var piece = Renderer.Render(content);

        var page = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf))[0];
        var touching = page.Words.Where(w => w.Touches(Window)).ToList();
        Assert.All(touching, w => Assert.True(w.Inside(Window), $"'{w.Text}' crosses the window's edge."));
        var expected = new[] { content.RecipientName }.Concat(content.AddressLines).SelectMany(l => l.Split(' ')).Order(StringComparer.Ordinal);
        Assert.Equal(expected, touching.Select(w => w.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_AddressTooLongForTheWindow_Throws()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1))) with
        {
            AddressLines = [.. Enumerable.Range(1, 14).Select(i => $"строка адреса номер {i}")],
        };

        var e = Assert.Throws<PrintRenderException>(() => Renderer.Render(content));

        Assert.Contains("window", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryPage_CarriesTheFooterInTheBottomMargin()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(2)));

        var piece = Renderer.Render(content);

        var pages = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf));
        Assert.Equal(4, pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var footer = page.Words.Where(w => w.YMin > page.Height - (12 * Rect.PointsPerMm)).Select(w => w.Text).ToList();
            var sheet = ((i / 2) + 1).ToString(CultureInfo.InvariantCulture);
            Assert.Equal([content.S10, "·", "лист", sheet, "из", "2"], footer);
        }
    }

    [Fact]
    public void Render_AddressSheet_BarcodeAndQrDecode()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1)));

        var piece = Renderer.Render(content);

        var pdf = _temp.Write("piece.pdf", piece.Pdf);
        Tools.Run("pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, _temp.PathOf("sheet"));
        var png = _temp.PathOf("sheet.png");
        var barcode = Tools.Run("zbarimg", "--raw", "-q", "-Sdisable", "-Scode128.enable", png);
        var qr = Tools.Run("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", png);
        Assert.Equal(content.S10 + "\n", barcode);
        var expected = $"NPES S10:{content.S10}\nSHA256:{content.ManifestSha256Hex}\n{Options.VerificationBaseUrl}{content.S10}?m={content.ManifestSha256Hex}";
        Assert.Equal(expected + "\n", qr);
        Assert.Equal(expected, Renderer.QrText(content.S10, content.ManifestSha256Hex));
    }

    [Fact]
    public void QrText_DefaultLayout_IsAVersion10Code()
    {
        var text = Renderer.QrText(TestContent.NewS10(), TestContent.NewManifestHex());

        using var code = QRCoder.QRCodeGenerator.GenerateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);

        Assert.Equal(3, text.Split('\n').Length);
        Assert.Equal(10, code.Version);
    }

    [Fact]
    public void Render_AddressSheet_ExplainsInRussianAndListsTheDocuments()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("договор.pdf", TestContent.A4Pdf(2)), new PrintDocument("фото.png", "image/png", TestContent.Png()));

        var piece = Renderer.Render(content);

        var text = PdfText.Plain(_temp.Write("piece.pdf", piece.Pdf), 1);
        Assert.Contains("Бумажная копия электронного письма", text, StringComparison.Ordinal);
        Assert.Contains(Options.VerificationBaseUrl + content.S10, text, StringComparison.Ordinal);
        Assert.Contains("договор.pdf — 2 стр.", text, StringComparison.Ordinal);
        Assert.Contains("фото.png — 1 стр.", text, StringComparison.Ordinal);
        Assert.Contains(content.ManifestSha256Hex[..8], text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 2, 1, "C5")] // sheet + 1 page: even already
    [InlineData(2, 4, 2, "C5")] // sheet + 2 pages: a blank back
    [InlineData(9, 10, 5, "C5")] // 5 sheets: still C5
    [InlineData(10, 12, 6, "C4")] // 6 sheets: C4
    [InlineData(30, 32, 16, "C4")]
    public void Render_PageCounts_AreEvenWithSheetsAndEnvelope(int documentPages, int pages, int sheets, string envelope)
    {
        var piece = Renderer.Render(TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(documentPages))));

        Assert.Equal(pages, piece.Pages);
        Assert.Equal(sheets, piece.Sheets);
        Assert.Equal(envelope, piece.Envelope);
        var file = _temp.Write("piece.pdf", piece.Pdf);
        Assert.Equal(pages.ToString(CultureInfo.InvariantCulture), Tools.Run("qpdf", "--show-npages", file).Trim());
    }

    [Fact]
    public void Render_OddPages_GetABlankBackWithTheFooterOnly()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(2)));

        var piece = Renderer.Render(content);

        var back = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf))[3];
        Assert.Equal([content.S10, "·", "лист", "2", "из", "2"], back.Words.Select(w => w.Text));
    }

    [Fact]
    public void Render_A4PortraitPdf_ImportsPagesUnscaled()
    {
        var piece = Renderer.Render(TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1))));

        var page = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf))[1];
        var word = Assert.Single(page.Words, w => w.Text == "Страница");
        Assert.Equal(40, word.XMin, 0.5); // drawn at x = 40 pt in the source
    }

    [Fact]
    public void Render_A4WithACropBoxEqualToItsMediaBox_ImportsPagesUnscaled()
    {
        using var source = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(TestContent.A4Pdf(1)), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
        source.Pages[0].CropBox = new PdfSharp.Pdf.PdfRectangle(new PdfSharp.Drawing.XPoint(0, 0), new PdfSharp.Drawing.XPoint(595.276, 841.89));
        using var bytes = new MemoryStream();
        source.Save(bytes, closeStream: false);

        var piece = Renderer.Render(TestContent.Piece(TestContent.PdfDoc("a.pdf", bytes.ToArray())));

        var page = PdfText.Boxes(_temp.Write("piece.pdf", piece.Pdf))[1];
        Assert.Equal(40, Assert.Single(page.Words, w => w.Text == "Страница").XMin, 0.5);
    }

    [Fact]
    public void Render_OtherPageSizes_BecomeA4PortraitWithTheirContentInsideTheDocumentArea()
    {
        var source = TestContent.Pdf(
        [
            (148, 210, "Страница A5", 0),
            (297, 210, "Альбомная страница", 0),
            (215.9, 279.4, "Letter page", 0),
            (210, 297, "Повёрнутая страница", 90),
            (420, 297, "Большая A3", 0),
        ]);

        var piece = Renderer.Render(TestContent.Piece(TestContent.PdfDoc("размеры.pdf", source)));

        var file = _temp.Write("piece.pdf", piece.Pdf);
        var info = Tools.Run("pdfinfo", "-f", "1", "-l", "6", file);
        Assert.Equal(6, Regex.Count(info, @"Page +\d+ size: +595\.276 x 841\.89 pts \(A4\)"));
        Assert.Equal(6, Regex.Count(info, @"Page +\d+ rot: +0\n"));
        var pages = PdfText.Boxes(file);
        var area = Rect.FromMm(15, 15, 180, 262);
        string[] firstWords = ["Страница", "Альбомная", "Letter", "Повёрнутая", "Большая"];
        for (var i = 0; i < firstWords.Length; i++)
        {
            var word = Assert.Single(pages[i + 1].Words, w => w.Text == firstWords[i]);
            Assert.True(word.Inside(area), $"'{word.Text}' on page {i + 2} lies outside the document area.");
        }

        // A5 fits unscaled: its text keeps its size (12 pt → about 12 pt high box).
        var a5 = pages[1].Words.Single(w => w.Text == "Страница");
        Assert.InRange(a5.YMax - a5.YMin, 11, 16);

        // Landscape pages are turned a quarter: their text runs vertically.
        var landscape = pages[2].Words.Single(w => w.Text == "Альбомная");
        Assert.True(landscape.YMax - landscape.YMin > landscape.XMax - landscape.XMin, "The landscape page's text must run up the page.");
    }

    [Fact]
    public void Render_Images_ArePlacedOnePerPage()
    {
        var piece = Renderer.Render(TestContent.Piece(
            new PrintDocument("qr.png", "image/png", TestContent.Png()),
            new PrintDocument("photo.jpg", "image/jpeg", TestContent.Jpeg)));

        Assert.Equal(4, piece.Pages);
        var file = _temp.Write("piece.pdf", piece.Pdf);
        Tools.Run("qpdf", "--check", file);
        var images = Tools.Run("pdfimages", "-list", file);
        var rows = images.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains(" jpeg ", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_PlainText_WrapsBreaksPagesAndKeepsCyrillic()
    {
        var text = new StringBuilder();
        text.Append("Съешь же ещё этих мягких французских булок, да выпей чаю.\r\n");
        text.Append("Очень длинная строка без переносов, которая должна быть перенесена на несколько строк, потому что она намного шире печатной области страницы формата A4.\n");
        for (var i = 1; i <= 80; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Строка\t{i}\n");
        }

        text.Append("\fПосле разрыва страницы.\n");

        var piece = Renderer.Render(TestContent.Piece(new PrintDocument("письмо.txt", "text/plain", Encoding.UTF8.GetBytes(text.ToString()))));

        var file = _temp.Write("piece.pdf", piece.Pdf);
        var extracted = PdfText.Plain(file);
        Assert.Contains("Съешь же ещё этих мягких французских булок, да выпей чаю.", extracted, StringComparison.Ordinal);
        Assert.Contains("Строка 80", extracted, StringComparison.Ordinal);
        var pages = PdfText.Boxes(file);
        Assert.Equal(4, pages.Count); // sheet, 2 text pages for 82 lines, the page after the form feed
        Assert.Contains(pages[3].Words, w => w.Text == "После");
        var area = Rect.FromMm(20, 20, 170, 255);
        Assert.All(pages[1].Words.Where(w => w.YMin < area.Bottom), w => Assert.True(w.Inside(area), $"'{w.Text}' lies outside the text area."));
    }

    public static TheoryData<string, string, byte[]> Unprintable()
    {
        var data = new TheoryData<string, string, byte[]>
        {
            { "битый.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF") },
            { "не-pdf.pdf", "application/pdf", Encoding.ASCII.GetBytes("hello, this is not a PDF") },
            { "серый.png", "image/png", TestContent.OneBitGreyPng() },
            { "обрезанный.png", "image/png", TestContent.Png()[..60] },
            { "не-jpeg.jpg", "image/jpeg", TestContent.Png() },
            { "документ.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04] },
            { "latin1.txt", "text/plain", [0x50, 0x72, 0x69, 0x76, 0x65, 0x74, 0xE9, 0xFF] },
            { "пустой.pdf", "application/pdf", [] },
            { "без-страниц.pdf", "application/pdf", TestContent.ZeroPagePdf() },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Unprintable))]
    public void Render_UnprintableDocument_ThrowsNamingIt(string name, string mediaType, byte[] content)
    {
        var letter = TestContent.Piece(TestContent.PdfDoc("хороший.pdf", TestContent.A4Pdf(1)), new PrintDocument(name, mediaType, content));

        var e = Assert.Throws<PrintRenderException>(() => Renderer.Render(letter));

        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user-secret")]
    [InlineData("")]
    public void Render_EncryptedPdf_ThrowsNamingIt(string userPassword)
    {
        var plain = _temp.Write("plain.pdf", TestContent.A4Pdf(1));
        var encrypted = _temp.PathOf("encrypted.pdf");
        Tools.Run("qpdf", "--encrypt", userPassword, "owner-secret", "256", "--", plain, encrypted);
        var letter = TestContent.Piece(new PrintDocument("секрет.pdf", "application/pdf", File.ReadAllBytes(encrypted)));

        var e = Assert.Throws<PrintRenderException>(() => Renderer.Render(letter));

        Assert.Contains("'секрет.pdf'", e.Message, StringComparison.Ordinal);
        Assert.Contains("encrypted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoDocuments_Throws()
    {
        Assert.Throws<PrintRenderException>(() => Renderer.Render(TestContent.Piece()));
    }

    [Theory]
    [InlineData("RR 12345678BY")]
    [InlineData("")]
    [InlineData("RRЁ23456785BY")]
    public void Render_MalformedS10_ThrowsArgumentException(string s10)
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1))) with { S10 = s10 };

        Assert.Throws<ArgumentException>(() => Renderer.Render(content));
    }

    [Fact]
    public void Render_MalformedManifestDigest_ThrowsArgumentException()
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(1))) with { ManifestSha256Hex = "abc" };

        Assert.Throws<ArgumentException>(() => Renderer.Render(content));
    }

    [Fact]
    public void Render_InParallel_EveryPiecePassesQpdfCheck()
    {
        var contents = Enumerable.Range(0, 8).Select(_ => TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(2)), new PrintDocument("b.txt", "text/plain", "Текст письма"u8.ToArray()))).ToList();

        var pieces = contents.AsParallel().WithDegreeOfParallelism(4).Select(Renderer.Render).ToList();

        foreach (var piece in pieces)
        {
            Tools.Run("qpdf", "--check", _temp.Write($"{Guid.NewGuid():N}.pdf", piece.Pdf));
        }
    }

    [Fact]
    public void Constructor_InvalidLayout_Throws()
    {
        var options = new PrintLayoutOptions { WindowLeftMm = 150 };

        var e = Assert.Throws<ArgumentException>(() => new PieceRenderer(options));

        Assert.Contains("window", e.Message, StringComparison.Ordinal);
    }
}
