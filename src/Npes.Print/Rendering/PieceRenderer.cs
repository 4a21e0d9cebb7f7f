using System.Globalization;
using System.Security.Cryptography;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Npes.Print.Rendering;

/// <summary>
/// Renders a paper letter into one print-ready PDF piece: an A4 address sheet (return address, recipient in the
/// envelope window, S10 barcode, verification QR code, explanation), then every document, a footer on every page,
/// and a blank back when needed so the page count is even (duplex: every piece starts on a front side).
/// Thread-safe: one instance serves every worker.
/// </summary>
/// <param name="options">The layout; it is checked (<see cref="PrintLayoutOptions.Validate"/>) and copied here.</param>
public sealed class PieceRenderer(PrintLayoutOptions options)
{
    private const double RecipientMaxSize = 10;
    private const double RecipientMinSize = 7;
    private const double LeadingFactor = 1.2;

    // DejaVu Sans' ascender and descender, in ems (from its hhea table), for fitting the recipient block.
    private const double Ascent = 0.93;
    private const double Descent = 0.24;

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    [ThreadStatic]
    private static MemoryStream? _saveBuffer;

    private readonly Layout _layout = Layout.From(options);
    private readonly Fonts _fonts = new();

    /// <summary>Renders <paramref name="content"/>. The PDF embeds its fonts and passes <c>qpdf --check</c>.</summary>
    /// <exception cref="PrintRenderException">A document cannot be printed, or the address does not fit the window; the message says which and why.</exception>
    /// <exception cref="ArgumentException">The S10 id or the manifest digest is malformed.</exception>
    public RenderedPiece Render(PieceContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var s10 = CheckS10(content.S10);
        var manifest = CheckManifest(content.ManifestSha256Hex);
        var recipient = RecipientLines(content);
        if (content.Documents is null || content.Documents.Count == 0)
        {
            throw new PrintRenderException($"Letter {s10} has no documents to print.");
        }

        using var document = new PdfDocument();
        document.Info.Title = $"NPES {s10}";
        document.Info.Creator = "NPES";
        // PDFsharp's own compression leaves out the zlib checksum: StreamFinisher compresses after saving.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;

        var sheet = DocumentPages.AddA4Page(document);
        var documentPages = new List<(PrintDocument Document, int Pages)>(content.Documents.Count);
        foreach (var printDocument in content.Documents)
        {
            documentPages.Add((printDocument, DocumentPages.Append(document, printDocument, _fonts.Text)));
        }

        if (document.PageCount % 2 == 1)
        {
            DocumentPages.AddA4Page(document);
        }

        var pages = document.PageCount;
        var sheets = pages / 2;
        var envelope = _layout.EnvelopeFor(sheets);
        var codes = new VectorCodes();
        using (var graphics = XGraphics.FromPdfPage(sheet))
        {
            DrawAddressSheet(graphics, codes, s10, manifest, recipient, documentPages, sheets, envelope);
            DrawFooter(graphics, s10, 1, sheets);
        }

        DocumentPages.AppendContent(sheet, codes.ToContent());

        for (var i = 1; i < pages; i++)
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            DrawFooter(graphics, s10, (i / 2) + 1, sheets);
        }

        byte[] pdf;
        try
        {
            // The save buffer is the worker thread's own, reused: a piece's uncompressed file is a few hundred
            // kilobytes, and allocating that afresh for every piece keeps the large-object heap churning.
            var output = _saveBuffer ??= new MemoryStream(512 * 1024);
            output.SetLength(0);
            document.Save(output, closeStream: false);
            pdf = StreamFinisher.Finish(output.GetBuffer(), (int)output.Length) ?? output.ToArray();
            if (output.Capacity > 4 * 1024 * 1024)
            {
                _saveBuffer = null; // an unusually large piece: do not keep its buffer
            }
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new PrintRenderException($"The print file of letter {s10} cannot be written: {e.Message}", e);
        }

        return new RenderedPiece(pdf, pages, sheets, envelope, SHA256.HashData(pdf));
    }

    /// <summary>The QR code's text: exactly three lines, no trailing line break.</summary>
    public string QrText(string s10, string manifestSha256Hex) =>
        $"NPES S10:{s10}\nSHA256:{manifestSha256Hex}\n{_layout.VerificationBaseUrl}{s10}?m={manifestSha256Hex}";

    private static string CheckS10(string? s10)
    {
        if (string.IsNullOrEmpty(s10) || s10.Length is < 4 or > 32 || !s10.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"The S10 id '{s10}' must be 4 to 32 ASCII letters and digits (e.g. RR123456785BY).", nameof(s10));
        }

        return s10;
    }

    private static string CheckManifest(string? hex)
    {
        if (hex is null || hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("The manifest digest must be 64 hexadecimal digits (SHA-256).", nameof(hex));
        }

        return hex.ToLowerInvariant();
    }

    private static List<string> RecipientLines(PieceContent content)
    {
        var name = Clean(content.RecipientName);
        if (name.Length == 0)
        {
            throw new PrintRenderException($"Letter {content.S10} has no recipient name to print in the window.");
        }

        var lines = new List<string> { name };
        lines.AddRange((content.AddressLines ?? []).Select(Clean).Where(l => l.Length > 0));
        if (lines.Count == 1)
        {
            throw new PrintRenderException($"Letter {content.S10} has no recipient address to print in the window.");
        }

        return lines;
    }

    /// <summary>One line of single spaces: no control characters, no runs of blanks.</summary>
    private static string Clean(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => new string([.. w.Where(c => !char.IsControl(c))]))
            .Where(w => w.Length > 0));

    private void DrawAddressSheet(
        XGraphics graphics,
        VectorCodes codes,
        string s10,
        string manifest,
        List<string> recipient,
        List<(PrintDocument Document, int Pages)> documents,
        int sheets,
        string envelope)
    {
        var layout = _layout;
        var window = layout.Window;

        // Return address: small, above the window, aligned with the address inside it.
        var returnLines = layout.ReturnAddress;
        var baseline = window.Top - Mm(2.5) - ((returnLines.Count - 1) * _fonts.Small.Size * LeadingFactor);
        foreach (var line in returnLines)
        {
            graphics.DrawString(line, _fonts.Small, XBrushes.Black, layout.AddressLeft, baseline, XStringFormats.BaseLineLeft);
            baseline += _fonts.Small.Size * LeadingFactor;
        }

        DrawRecipient(graphics, s10, recipient, window.Inset(layout.Padding));

        // The code column: Code 128 of the S10 id with quiet zones, the id in clear, the piece's format, the QR code.
        var column = layout.CodeColumn;
        var widths = Code128.Encode(s10);
        var modules = widths.Sum() + (2 * Code128.QuietZoneModules);
        var module = Math.Min(Mm(0.33), column.Width / modules);
        var barsLeft = column.Left + ((column.Width - (modules * module)) / 2) + (Code128.QuietZoneModules * module);
        var barsTop = Mm(12);
        var barsHeight = Mm(13);
        codes.AddBars(widths, barsLeft, barsTop, module, barsHeight);
        var center = column.Left + (column.Width / 2);
        graphics.DrawString(s10, _fonts.Id, XBrushes.Black, center, barsTop + barsHeight + Mm(4.5), XStringFormats.BaseLineCenter);
        graphics.DrawString($"Листов: {sheets.ToString(Russian)} · конверт {envelope}", _fonts.Small, XBrushes.Black, center, barsTop + barsHeight + Mm(9), XStringFormats.BaseLineCenter);

        var qrSize = Mm(34);
        var qrLeft = column.Right - qrSize;
        var qrTop = window.Top;
        codes.AddQr(QrText(s10, manifest), qrLeft, qrTop, qrSize);
        graphics.DrawString("Проверка подлинности", _fonts.Caption, XBrushes.Black, qrLeft + (qrSize / 2), qrTop + qrSize + Mm(2), XStringFormats.BaseLineCenter);

        DrawExplanation(graphics, s10, manifest, documents, Math.Max(window.Bottom, qrTop + qrSize + Mm(3)) + Mm(10));
    }

    /// <summary>
    /// The recipient block, top-left in the window's padded interior: the largest size from 10 pt down to 7 pt at which
    /// the wrapped lines fit; if even 7 pt does not fit, the piece is not printed (an address must never be cut).
    /// </summary>
    private void DrawRecipient(XGraphics graphics, string s10, List<string> lines, Box area)
    {
        foreach (var font in _fonts.Recipient)
        {
            var wrapped = lines.SelectMany(l => TextWrap.Wrap(graphics, l, font, area.Width)).ToList();
            var leading = font.Size * LeadingFactor;
            var height = ((wrapped.Count - 1) * leading) + ((Ascent + Descent) * font.Size);
            if (height > area.Height)
            {
                continue;
            }

            var baseline = area.Top + (Ascent * font.Size);
            foreach (var line in wrapped)
            {
                graphics.DrawString(line, font, XBrushes.Black, area.Left, baseline, XStringFormats.BaseLineLeft);
                baseline += leading;
            }

            return;
        }

        throw new PrintRenderException(
            $"The recipient's name and address of letter {s10} ({lines.Count} lines) do not fit the envelope window even at {RecipientMinSize} pt.");
    }

    private void DrawExplanation(XGraphics graphics, string s10, string manifest, List<(PrintDocument Document, int Pages)> documents, double top)
    {
        var left = Mm(20);
        var width = PageGeometry.Width - Mm(40);
        var bottom = PageGeometry.Height - Mm(PrintLayoutOptions.FooterZoneMm + 8);
        var y = top + _fonts.Title.Size;
        graphics.DrawString("Бумажная копия электронного письма", _fonts.Title, XBrushes.Black, left, y, XStringFormats.BaseLineLeft);
        y += Mm(3);

        var verifyUrl = _layout.VerificationBaseUrl + s10;
        string[] paragraphs =
        [
            "Это письмо отправлено через национальную почтовую электронную систему (НПЭС). У получателя нет электронного " +
            "почтового ящика, поэтому письмо напечатано и доставлено почтой. На следующих листах — все документы письма " +
            "в том виде, в каком их отправил отправитель.",
            "Как проверить подлинность: отсканируйте QR-код камерой телефона или откройте в браузере адрес, указанный ниже. " +
            "Сервис проверки покажет, зарегистрировано ли письмо с этим номером, и сверит отпечаток его описи с напечатанным здесь.",
        ];
        foreach (var paragraph in paragraphs)
        {
            y += Mm(2);
            y = DrawWrapped(graphics, paragraph, _fonts.Body, left, y, width, 0);
        }

        y += Mm(3);
        y = DrawField(graphics, "Номер письма (S10):", [s10], left, y);
        y = DrawField(graphics, "Адрес проверки:", [verifyUrl], left, y);
        var groups = Enumerable.Range(0, manifest.Length / 8).Select(i => manifest.Substring(i * 8, 8)).ToList();
        y = DrawField(graphics, "Отпечаток описи (SHA-256):", [string.Join(' ', groups.Take(4)), string.Join(' ', groups.Skip(4))], left, y);

        y += Mm(3);
        y += _fonts.BodyBold.Size * LeadingFactor;
        graphics.DrawString($"Документы письма ({documents.Count.ToString(Russian)}):", _fonts.BodyBold, XBrushes.Black, left, y, XStringFormats.BaseLineLeft);
        for (var i = 0; i < documents.Count; i++)
        {
            var (document, pages) = documents[i];
            var item = $"{(i + 1).ToString(Russian)}. {Clean(document.Name)} — {pages.ToString(Russian)} стр.";
            var lines = TextWrap.Wrap(graphics, item, _fonts.Body, width - Mm(5));
            var needed = lines.Count * _fonts.Body.Size * LeadingFactor;
            if (y + needed + (_fonts.Body.Size * LeadingFactor) > bottom && i < documents.Count - 1)
            {
                y += _fonts.Body.Size * LeadingFactor;
                graphics.DrawString($"… и ещё {(documents.Count - i).ToString(Russian)} (см. следующие листы)", _fonts.Body, XBrushes.Black, left + Mm(3), y, XStringFormats.BaseLineLeft);
                return;
            }

            y = DrawWrapped(graphics, item, _fonts.Body, left + Mm(3), y, width - Mm(5), Mm(4));
        }
    }

    /// <summary>Draws a bold label and, in its own column, the value's lines (wrapped to the margin); returns the last baseline.</summary>
    private double DrawField(XGraphics graphics, string label, IReadOnlyList<string> values, double left, double y)
    {
        var leading = _fonts.Body.Size * LeadingFactor;
        y += leading;
        graphics.DrawString(label, _fonts.BodyBold, XBrushes.Black, left, y, XStringFormats.BaseLineLeft);
        var valueLeft = left + Mm(62);
        var width = PageGeometry.Width - Mm(20) - valueLeft;
        var first = true;
        foreach (var line in values.SelectMany(v => TextWrap.Wrap(graphics, v, _fonts.Value, width)))
        {
            if (!first)
            {
                y += leading;
            }

            graphics.DrawString(line, _fonts.Value, XBrushes.Black, valueLeft, y, XStringFormats.BaseLineLeft);
            first = false;
        }

        return y;
    }

    /// <summary>Draws a wrapped paragraph whose first baseline follows <paramref name="y"/>; returns the last baseline.</summary>
    private static double DrawWrapped(XGraphics graphics, string text, XFont font, double left, double y, double width, double hangingIndent)
    {
        var first = true;
        foreach (var line in TextWrap.Wrap(graphics, text, font, width - hangingIndent))
        {
            y += font.Size * LeadingFactor;
            graphics.DrawString(line, font, XBrushes.Black, first ? left : left + hangingIndent, y, XStringFormats.BaseLineLeft);
            first = false;
        }

        return y;
    }

    private void DrawFooter(XGraphics graphics, string s10, int sheet, int sheets)
    {
        var text = $"{s10} · лист {sheet.ToString(Russian)} из {sheets.ToString(Russian)}";
        graphics.DrawString(text, _fonts.Footer, XBrushes.Black, PageGeometry.Width - Mm(15), PageGeometry.Height - Mm(6.5), XStringFormats.BaseLineRight);
    }

    private static double Mm(double millimetres) => PageGeometry.Mm(millimetres);

    /// <summary>The options, checked and copied, in points.</summary>
    private sealed record Layout(Box Window, double Padding, double AddressLeft, Box CodeColumn, IReadOnlyList<string> ReturnAddress, string VerificationBaseUrl, int C5MaxSheets)
    {
        public static Layout From(PrintLayoutOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var errors = options.Validate().ToList();
            if (errors.Count > 0)
            {
                throw new ArgumentException($"The print layout is not usable: {string.Join(" ", errors)}", nameof(options));
            }

            var window = Box.FromMm(options.WindowLeftMm, options.WindowTopMm, options.WindowWidthMm, options.WindowHeightMm);
            var rightRoom = PrintLayoutOptions.PageWidthMm - (options.WindowLeftMm + options.WindowWidthMm);
            const double columnWidth = PrintLayoutOptions.CodeColumnMm - 15;
            var column = rightRoom >= PrintLayoutOptions.CodeColumnMm
                ? Box.FromMm(PrintLayoutOptions.PageWidthMm - 15 - columnWidth, 0, columnWidth, PrintLayoutOptions.PageHeightMm / 2)
                : Box.FromMm(15, 0, columnWidth, PrintLayoutOptions.PageHeightMm / 2);
            var padding = PageGeometry.Mm(options.WindowPaddingMm);
            return new Layout(window, padding, window.Left + padding, column, [.. options.ReturnAddressLines], options.VerificationBaseUrl, options.C5MaxSheets);
        }

        public string EnvelopeFor(int sheets) => sheets <= C5MaxSheets ? "C5" : "C4";
    }

    /// <summary>
    /// Every font of a piece, made once per renderer (PDFsharp caches the parsed faces process-wide). Two faces only,
    /// DejaVu Sans and DejaVu Sans Bold: each face embedded costs a subset per piece.
    /// </summary>
    private sealed class Fonts
    {
        public Fonts()
        {
            PrintFonts.EnsureInstalled();
            var sizes = new List<double>();
            for (var size = RecipientMaxSize; size >= RecipientMinSize; size -= 0.5)
            {
                sizes.Add(size);
            }

            Recipient = [.. sizes.Select(s => Sans(s))];
            Small = Sans(7.5);
            Caption = Sans(7);
            Footer = Sans(7.5);
            Title = Sans(13, bold: true);
            Body = Sans(9.5);
            BodyBold = Sans(9.5, bold: true);
            Value = Sans(9.5);
            Id = Sans(11, bold: true);
            Text = Sans(11);
        }

        public IReadOnlyList<XFont> Recipient { get; }

        public XFont Small { get; }

        public XFont Caption { get; }

        public XFont Footer { get; }

        public XFont Title { get; }

        public XFont Body { get; }

        public XFont BodyBold { get; }

        public XFont Value { get; }

        public XFont Id { get; }

        public XFont Text { get; }

        private static XFont Sans(double size, bool bold = false) =>
            new(PrintFonts.Sans, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }
}
