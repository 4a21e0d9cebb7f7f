using System.Text;
using Npes.Core.Errors;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Npes.Letters.Sending;

/// <summary>A document accepted for a letter: its name, its type as sniffed from its bytes, and its bytes.</summary>
internal sealed record InspectedDocument(string Name, string MediaType, byte[] Content)
{
    /// <summary>SHA-256 of the content, computed once: the manifest, the sender manifest and the request digest all name it.</summary>
    public byte[] Sha256 { get; } = System.Security.Cryptography.SHA256.HashData(Content);
}

/// <summary>
/// Decides what a submitted file really is, from its bytes — never from its name or declared type — and
/// refuses what a print shop or a recipient must not receive: unreadable or encrypted PDFs, PDFs with
/// JavaScript or launch actions, images of other types, text that is not UTF-8.
/// </summary>
internal static class DocumentInspector
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Text = "text/plain";
    private const int MaxNameLength = 200;

    private static readonly HashSet<string> ActiveActionTypes = ["/JavaScript", "/Launch", "/ImportData", "/Rendition"];

    public static InspectedDocument Inspect(string? fileName, string? declaredType, byte[] content)
    {
        var name = CheckName(fileName);
        if (content.Length == 0)
        {
            throw new NpesException(NpesErrors.DocumentInvalid, $"'{name}' is empty.");
        }

        var sniffed = Sniff(content);
        var declared = declaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (declared is not (null or "" or "application/octet-stream") && declared != sniffed)
        {
            throw new NpesException(NpesErrors.DocumentTypeMismatch, $"'{name}' is declared as {declared} but its content is {sniffed ?? "of no accepted type"}.");
        }

        var extensionType = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".pdf" => Pdf,
            ".png" => Png,
            ".jpg" or ".jpeg" => Jpeg,
            ".txt" => Text,
            _ => null,
        };
        if (extensionType is not null && sniffed is not null && extensionType != sniffed)
        {
            throw new NpesException(NpesErrors.DocumentTypeMismatch, $"'{name}' is named like {extensionType} but its content is {sniffed}.");
        }

        if (sniffed is null)
        {
            throw new NpesException(NpesErrors.DocumentTypeUnsupported, $"'{name}' is not a PDF, PNG, JPEG or UTF-8 text document.");
        }

        if (sniffed == Pdf)
        {
            CheckPdf(name, content);
        }

        return new InspectedDocument(name, sniffed, content);
    }

    private static string CheckName(string? fileName)
    {
        var name = Path.GetFileName(fileName?.Trim() ?? string.Empty);
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl) || name is "." or "..")
        {
            throw new NpesException(NpesErrors.DocumentInvalid, $"Every document needs a file name of 1 to {MaxNameLength} printable characters.");
        }

        return name;
    }

    private static string? Sniff(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        return IsPlainText(content) ? Text : null;
    }

    private static bool IsPlainText(byte[] content)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsEncryptionDictionary(PdfDictionary dictionary)
    {
        var filter = dictionary.Elements.GetName("/Filter");
        return filter is "/Standard" || filter.StartsWith("/Adobe.PubSec", StringComparison.Ordinal)
            || (dictionary.Elements.ContainsKey("/V") && dictionary.Elements.ContainsKey("/O") && dictionary.Elements.ContainsKey("/U"));
    }

    private static void CheckPdf(string name, byte[] content)
    {
        PdfDocument document;
        try
        {
            document = PdfReader.Open(new MemoryStream(content, writable: false), PdfDocumentOpenMode.Import);
        }
        catch (PdfReaderException e) when (e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new NpesException(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.", e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // The parser throws plain Exception for some damage (e.g. a missing startxref): for an untrusted file,
            // any failure to parse means "not a readable PDF".
            throw new NpesException(NpesErrors.DocumentInvalid, $"'{name}' is not a readable PDF.", e);
        }

        using (document)
        {
            if (document.SecuritySettings.IsEncrypted)
            {
                throw new NpesException(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.");
            }

            if (document.PageCount == 0)
            {
                throw new NpesException(NpesErrors.DocumentInvalid, $"'{name}' is a PDF without pages.");
            }

            foreach (var item in document.Internals.GetAllObjects())
            {
                if (item is not PdfDictionary dictionary)
                {
                    continue;
                }

                // A PDF encrypted with an empty user password opens without one; its encryption dictionary remains.
                if (IsEncryptionDictionary(dictionary))
                {
                    throw new NpesException(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.");
                }

                if (dictionary.Elements.ContainsKey("/JS") || dictionary.Elements.ContainsKey("/JavaScript")
                    || ActiveActionTypes.Contains(dictionary.Elements.GetName("/S")))
                {
                    throw new NpesException(NpesErrors.DocumentActiveContent, $"'{name}' contains JavaScript or launch actions, which NPES does not deliver.");
                }
            }
        }
    }
}
