using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Npes.Print.Rendering;

/// <summary>
/// Appends a letter's documents to a piece as A4 portrait pages: PDF pages imported (A4 portrait as they are, other
/// sizes scaled into the document area, turned a quarter when landscape), images one per page, plain text set in
/// DejaVu Sans. Whatever cannot be printed faithfully throws <see cref="PrintRenderException"/> naming the document.
/// </summary>
internal static class DocumentPages
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Text = "text/plain";

    private const double TextLineHeight = 14;
    private const int TabWidth = 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Appends <paramref name="document"/>'s pages to <paramref name="target"/> and returns how many.</summary>
    public static int Append(PdfDocument target, PrintDocument document, XFont textFont)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Content is null || document.Content.Length == 0)
        {
            throw Fail(document, "is empty");
        }

        var mediaType = document.MediaType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            Pdf => AppendPdf(target, document),
            Png or Jpeg => AppendImage(target, document, mediaType),
            Text => AppendText(target, document, textFont),
            _ => throw Fail(document, $"has the media type '{document.MediaType}', which NPES does not print (PDF, PNG, JPEG and plain text only)"),
        };
    }

    /// <summary>A new, empty A4 portrait page at the end of <paramref name="target"/>.</summary>
    public static PdfPage AddA4Page(PdfDocument target)
    {
        var page = target.AddPage();
        page.MediaBox = new PdfRectangle(new XPoint(0, 0), new XPoint(PageGeometry.Width, PageGeometry.Height));
        return page;
    }

    private static PrintRenderException Fail(PrintDocument document, string reason, Exception? inner = null)
    {
        var message = $"Document '{document.Name}' {reason}.";
        return inner is null ? new PrintRenderException(message) : new PrintRenderException(message, inner);
    }

    private static int AppendPdf(PdfDocument target, PrintDocument document)
    {
        if (!document.Content.AsSpan().StartsWith("%PDF-"u8))
        {
            throw Fail(document, "is declared as a PDF but does not start with %PDF-");
        }

        PdfDocument source;
        try
        {
            source = PdfReader.Open(new MemoryStream(document.Content, writable: false), PdfDocumentOpenMode.Import);
        }
        catch (PdfReaderException e) when (e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(document, "is an encrypted PDF", e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // PDFsharp throws plain exceptions for some damage: for a sender's file, any parse failure means unreadable.
            throw Fail(document, $"is not a readable PDF ({e.Message})", e);
        }

        using (source)
        {
            // A file encrypted with an empty user password opens without one; its trailer still names /Encrypt.
            if (source.SecuritySettings.IsEncrypted || NamesEncryptDictionary(document.Content))
            {
                throw Fail(document, "is an encrypted PDF");
            }

            if (source.PageCount == 0)
            {
                throw Fail(document, "is a PDF without pages");
            }

            for (var i = 0; i < source.PageCount; i++)
            {
                try
                {
                    var page = target.AddPage(source.Pages[i]);
                    Normalize(page, document, i + 1);
                }
                catch (Exception e) when (e is not (PrintRenderException or OutOfMemoryException or OperationCanceledException))
                {
                    throw Fail(document, $"has a page ({i + 1}) that cannot be imported ({e.Message})", e);
                }
            }

            return source.PageCount;
        }
    }

    /// <summary>True when the file's bytes hold <c>/Encrypt</c> followed by a dictionary or an indirect reference.</summary>
    private static bool NamesEncryptDictionary(ReadOnlySpan<byte> content)
    {
        var at = 0;
        while (content[at..].IndexOf("/Encrypt"u8) is var found and >= 0)
        {
            at += found + 8;
            var rest = content[at..].TrimStart(" \t\r\n"u8);
            if (rest.StartsWith("<<"u8))
            {
                return true;
            }

            // An indirect reference: digits, blank, digits, blank, R.
            var i = 0;
            var parts = 0;
            while (parts < 2 && i < rest.Length && char.IsAsciiDigit((char)rest[i]))
            {
                while (i < rest.Length && char.IsAsciiDigit((char)rest[i]))
                {
                    i++;
                }

                var blanks = i;
                while (i < rest.Length && rest[i] is (byte)' ' or (byte)'\r' or (byte)'\n')
                {
                    i++;
                }

                parts = i > blanks ? parts + 1 : 3;
            }

            if (parts == 2 && i < rest.Length && rest[i] == (byte)'R')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes an imported page an A4 portrait page whose own content cannot disturb what NPES draws after it (the footer):
    /// its content is wrapped in q … Q. An A4 portrait page keeps its content, boxes and annotations as they are; any
    /// other page gets a transform that shows its visible box (crop box, with its /Rotate applied) scaled into the
    /// document area, turned a quarter to the left when that makes it larger, and clipped to that box.
    /// </summary>
    private static void Normalize(PdfPage page, PrintDocument document, int number)
    {
        var media = page.MediaBoxReadOnly;
        var box = page.HasCropBox ? Intersect(media, page.CropBoxReadOnly) : media;
        if (!(box.Width > 1 && box.Height > 1 && box.Width < 20_000 && box.Height < 20_000))
        {
            throw Fail(document, string.Create(CultureInfo.InvariantCulture, $"has a page ({number}) without a usable size ({box.Width:0.#} × {box.Height:0.#} pt)"));
        }

        var rotate = ((page.Rotate % 360) + 360) % 360;
        if (rotate % 90 != 0)
        {
            rotate = 0;
        }

        var displayedWidth = rotate is 90 or 270 ? box.Height : box.Width;
        var displayedHeight = rotate is 90 or 270 ? box.Width : box.Height;
        var atOrigin = Math.Abs(box.X1) < 0.01 && Math.Abs(box.Y1) < 0.01;
        if (rotate == 0 && atOrigin && SameBox(box, media) && PageGeometry.IsA4Portrait(displayedWidth, displayedHeight))
        {
            Wrap(page, "q\n");
            return;
        }

        var toDisplay = Affine.Translate(-box.X1, -box.Y1).Then(Affine.DisplayRotation(rotate, box.Width, box.Height));
        var placement = Place(displayedWidth, displayedHeight, PageGeometry.DocumentArea);
        if (placement.Turned)
        {
            toDisplay = toDisplay.Then(Affine.QuarterTurnLeft(displayedHeight));
        }

        // Placement is in XGraphics' top-down space; the content stream is bottom-up.
        var bottom = PageGeometry.Height - placement.Box.Bottom;
        var transform = toDisplay.Then(Affine.Scale(placement.Scale)).Then(Affine.Translate(placement.Box.Left, bottom));
        var clip = $"{Affine.Number(box.X1)} {Affine.Number(box.Y1)} {Affine.Number(box.Width)} {Affine.Number(box.Height)} re W n\n";
        Wrap(page, $"q\n{transform.ToOperands()} cm\n{clip}");

        // The page now is plain A4: its boxes, rotation and annotations (positioned for the old page) go.
        page.MediaBox = new PdfRectangle(new XPoint(0, 0), new XPoint(PageGeometry.Width, PageGeometry.Height));
        foreach (var key in new[] { "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/Annots", "/UserUnit" })
        {
            page.Elements.Remove(key);
        }
    }

    /// <summary>Appends raw content-stream operators to a page, after everything drawn on it so far.</summary>
    public static void AppendContent(PdfPage page, byte[] operators) => SetStream(page.Contents.AppendContent(), operators);

    private static void Wrap(PdfPage page, string prefix)
    {
        SetStream(page.Contents.PrependContent(), prefix);
        SetStream(page.Contents.AppendContent(), "\nQ\n");
    }

    private static void SetStream(PdfContent content, string operators) => SetStream(content, Encoding.ASCII.GetBytes(operators));

    private static void SetStream(PdfContent content, byte[] bytes)
    {
        if (content.Stream is null)
        {
            content.CreateStream(bytes);
        }
        else
        {
            content.Stream.Value = bytes;
        }
    }

    private static bool SameBox(PdfRectangle a, PdfRectangle b) =>
        Math.Abs(a.X1 - b.X1) < 0.01 && Math.Abs(a.Y1 - b.Y1) < 0.01 && Math.Abs(a.X2 - b.X2) < 0.01 && Math.Abs(a.Y2 - b.Y2) < 0.01;

    private static PdfRectangle Intersect(PdfRectangle a, PdfRectangle b)
    {
        var x1 = Math.Max(Math.Min(a.X1, a.X2), Math.Min(b.X1, b.X2));
        var y1 = Math.Max(Math.Min(a.Y1, a.Y2), Math.Min(b.Y1, b.Y2));
        var x2 = Math.Min(Math.Max(a.X1, a.X2), Math.Max(b.X1, b.X2));
        var y2 = Math.Min(Math.Max(a.Y1, a.Y2), Math.Max(b.Y1, b.Y2));
        return new PdfRectangle(new XPoint(x1, y1), new XPoint(Math.Max(x1, x2), Math.Max(y1, y2)));
    }

    /// <summary>
    /// Where content of <paramref name="width"/> × <paramref name="height"/> points goes in <paramref name="area"/>:
    /// never enlarged, reduced to fit, turned a quarter when that shows it larger (landscape content), centred.
    /// </summary>
    internal static (Box Box, double Scale, bool Turned) Place(double width, double height, Box area)
    {
        var upright = Math.Min(1, Math.Min(area.Width / width, area.Height / height));
        var turned = Math.Min(1, Math.Min(area.Width / height, area.Height / width));
        var turn = width > height && turned > upright * 1.0001;
        var scale = turn ? turned : upright;
        var (w, h) = turn ? (height * scale, width * scale) : (width * scale, height * scale);
        return (new Box(area.Left + ((area.Width - w) / 2), area.Top + ((area.Height - h) / 2), w, h), scale, turn);
    }

    private static int AppendImage(PdfDocument target, PrintDocument document, string mediaType)
    {
        ReadOnlySpan<byte> bytes = document.Content;
        var signatureOk = mediaType == Png
            ? bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
        if (!signatureOk)
        {
            throw Fail(document, $"is declared as {mediaType} but its content is not a {(mediaType == Png ? "PNG" : "JPEG")} image");
        }

        XImage image;
        try
        {
            image = XImage.FromStream(new MemoryStream(document.Content, writable: false));
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw Fail(document, $"is an image PDFsharp cannot print ({e.Message}); send 8-bit PNG or baseline JPEG", e);
        }

        using (image)
        {
            var width = image.PointWidth;
            var height = image.PointHeight;
            if (!(width > 0 && height > 0))
            {
                throw Fail(document, "is an image without a size");
            }

            var page = AddA4Page(target);
            using var graphics = XGraphics.FromPdfPage(page);
            var (box, _, turned) = Place(width, height, PageGeometry.DocumentArea);
            try
            {
                if (turned)
                {
                    graphics.Save();
                    graphics.TranslateTransform(box.Left + (box.Width / 2), box.Top + (box.Height / 2));
                    graphics.RotateTransform(-90);
                    graphics.DrawImage(image, -box.Height / 2, -box.Width / 2, box.Height, box.Width);
                    graphics.Restore();
                }
                else
                {
                    graphics.DrawImage(image, box.Left, box.Top, box.Width, box.Height);
                }
            }
            catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
            {
                throw Fail(document, $"is an image PDFsharp cannot print ({e.Message}); send 8-bit PNG or baseline JPEG", e);
            }
        }

        return 1;
    }

    private static int AppendText(PdfDocument target, PrintDocument document, XFont font)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(document.Content);
        }
        catch (DecoderFallbackException e)
        {
            throw Fail(document, "is declared as text/plain but is not UTF-8 text", e);
        }

        var chunks = Normalize(text).Split('\f');
        var area = PageGeometry.TextArea;
        var pages = 0;
        foreach (var chunk in chunks)
        {
            var page = AddA4Page(target);
            pages++;
            var graphics = XGraphics.FromPdfPage(page);
            try
            {
                var baseline = area.Top + font.Size;
                foreach (var paragraph in chunk.Split('\n'))
                {
                    foreach (var line in TextWrap.Wrap(graphics, paragraph, font, area.Width))
                    {
                        if (baseline > area.Bottom)
                        {
                            graphics.Dispose();
                            page = AddA4Page(target);
                            pages++;
                            graphics = XGraphics.FromPdfPage(page);
                            baseline = area.Top + font.Size;
                        }

                        if (!string.IsNullOrWhiteSpace(line))
                        {
                            graphics.DrawString(line, font, XBrushes.Black, area.Left, baseline, XStringFormats.BaseLineLeft);
                        }

                        baseline += TextLineHeight;
                    }
                }
            }
            finally
            {
                graphics.Dispose();
            }
        }

        return pages;
    }

    /// <summary>One kind of line break, tabs as spaces, no other control characters, no trailing blank lines or pages.</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var column = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\uFEFF' when i == 0:
                    break;
                case '\r':
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    builder.Append('\n');
                    column = 0;
                    break;
                case '\n' or '\f':
                    builder.Append(c);
                    column = 0;
                    break;
                case '\t':
                    var spaces = TabWidth - (column % TabWidth);
                    builder.Append(' ', spaces);
                    column += spaces;
                    break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    column++;
                    break;
            }
        }

        return builder.ToString().TrimEnd(' ', '\n', '\f');
    }
}
