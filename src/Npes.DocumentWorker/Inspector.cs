using System.Text;
using Npes.Core.Errors;
using Npes.Documents.Protocol;
using Npes.DocumentWorker.Images;
using Npes.DocumentWorker.Office;
using Npes.DocumentWorker.Pdf;

namespace Npes.DocumentWorker;

/// <summary>
/// Intake inspection: what a document is, decided from its bytes alone, and whether NPES accepts it. PDFs are
/// rewritten by qpdf and checked; office documents are checked, converted by LibreOffice, and the PDF rendition is
/// checked like a sender's PDF (web links allowed); PNG and JPEG are decoded within the pixel limit and encoded anew;
/// text must be UTF-8 without control characters. Anything else is refused.
/// </summary>
internal sealed class Inspector(WorkerSettings settings, ToolRunner tools)
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Text = "text/plain";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly PdfNormaliser _pdf = new(settings);

    public Frame Inspect(InspectRequest request, byte[] content)
    {
        var name = request.Name;
        if (content.Length == 0)
        {
            throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is empty.");
        }

        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith("%PDF-"u8))
        {
            var pdf = _pdf.Normalise(name, content, allowLinks: false);
            return request.ConvertedOnly
                ? Frame.Create(MessageTypes.Inspected, new InspectedMessage("pdf", Pdf, pdf.Pages, null, pdf.Repairs))
                : Frame.Create(MessageTypes.Inspected, new InspectedMessage("pdf", Pdf, pdf.Pages, Pdf, pdf.Repairs), pdf.Content);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            var mediaType = bytes[0] == 0x89 ? Png : Jpeg;
            var format = mediaType == Png ? "png" : "jpeg";
            if (request.ConvertedOnly)
            {
                ImageNormaliser.Check(name, content, mediaType, settings.Limits.MaxImagePixels);
                return Frame.Create(MessageTypes.Inspected, new InspectedMessage(format, mediaType, null, null, 0));
            }

            var image = ImageNormaliser.Normalise(name, content, mediaType, settings.Limits.MaxImagePixels);
            return Frame.Create(MessageTypes.Inspected, new InspectedMessage(format, mediaType, null, image.MediaType, 0), image.Content);
        }

        if (OfficeInspector.IsZip(bytes) || OfficeInspector.IsCompound(bytes))
        {
            var office = OfficeInspector.Inspect(name, content, settings.Limits);
            var converted = LibreOffice.Convert(settings, tools, name, content, office);
            var rendition = _pdf.Normalise(name + " (PDF rendition)", converted, allowLinks: true);
            return Frame.Create(MessageTypes.Inspected, new InspectedMessage(office.Format, office.MediaType, rendition.Pages, Pdf, 0), rendition.Content);
        }

        if (IsPlainText(content))
        {
            return Frame.Create(MessageTypes.Inspected, new InspectedMessage("text", Text, null, null, 0));
        }

        throw new Refusal(NpesErrors.DocumentTypeUnsupported, $"'{name}' is not a PDF, Word (.doc, .docx), Excel (.xls, .xlsx), OpenDocument (.odt, .ods), PNG, JPEG or UTF-8 text document.");
    }

    /// <summary>A PDF for the print leg: normalised and checked again, whatever checked it before (links are harmless on paper).</summary>
    public NormalisedPdf NormaliseForPrint(string name, byte[] content) => _pdf.Normalise(name, content, allowLinks: true);

    public static bool IsPlainText(byte[] content)
    {
        try
        {
            var text = StrictUtf8.GetString(content);
            return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
