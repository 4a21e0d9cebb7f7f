using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npes.Contracts;

namespace Npes.Cli;

/// <summary>A document to attach: its file name, the media type its extension implies, and its bytes.</summary>
internal sealed record LetterDocument(string Name, string MediaType, byte[] Content)
{
    /// <summary>Reads a document, refusing a missing or oversize file (the server sniffs the type anyway).</summary>
    public static LetterDocument Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2, Code = LetterSubmission.FileNotFound };
        }

        if (file.Length > LetterSubmission.MaxTotalBytes)
        {
            throw new CliException($"{file.Name} has {file.Length} bytes; a letter carries at most {LetterSubmission.MaxTotalBytes} bytes.") { ExitCode = 2, Code = LetterSubmission.FileTooLarge };
        }

        return new LetterDocument(file.Name, MediaTypeOf(file.Extension), File.ReadAllBytes(file.FullName));
    }

    private static string MediaTypeOf(string extension) => extension.ToUpperInvariant() switch
    {
        ".PDF" => "application/pdf",
        ".PNG" => "image/png",
        ".JPG" or ".JPEG" => "image/jpeg",
        ".TXT" => "text/plain; charset=utf-8",
        ".DOC" => "application/msword",
        ".DOCX" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".XLS" => "application/vnd.ms-excel",
        ".XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".ODT" => "application/vnd.oasis.opendocument.text",
        ".ODS" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    };
}

/// <summary>A letter ready to send.</summary>
internal sealed record LetterDraft(
    string RecipientName,
    string RecipientAddress,
    string? RecipientUnp,
    bool Registered,
    string Subject,
    IReadOnlyList<LetterDocument> Documents,
    int? PrintIfNotClaimedDays = null,
    int? AcceptWindowDays = null,
    byte[]? SenderSignature = null,
    bool Silent = false)
{
    /// <summary>
    /// The sender manifest the server will rebuild from this submission (trimmed as the server trims), which the
    /// optional sender signature covers.
    /// </summary>
    public byte[] SenderManifest() => new Npes.Core.Letters.SenderManifest(
        new Npes.Core.Addressing.RecipientQuery(RecipientName.Trim(), RecipientAddress.Trim(), string.IsNullOrWhiteSpace(RecipientUnp) ? null : RecipientUnp.Trim()),
        Registered ? "registered" : "simple",
        Subject.Trim(),
        Documents.Select(d => (d.Name, System.Security.Cryptography.SHA256.HashData(d.Content))).ToList()).Encode();
}

/// <summary>The server's answer to a submission (the receipt is base64 DER CMS).</summary>

/// <summary>POST /api/v1/letters: the 'letter' JSON part, the 'document' file parts and the Idempotency-Key header.</summary>
internal static class LetterSubmission
{
    public const int MaxDocuments = 3;

    /// <summary>The server's default limit for a letter's documents together (10 MB, as in НПЭС).</summary>
    public const long MaxTotalBytes = 10 * 1024 * 1024;

    public const string FileNotFound = "cli.file_not_found";
    public const string FileTooLarge = "cli.file_too_large";
    public const string InvalidLine = "cli.invalid_line";

    /// <returns>Whether the server created the letter now (201) or returned the one sent earlier with this key (200).</returns>
    public static async Task<(bool Created, SubmitLetterResponse Letter)> SendAsync(ApiClient api, LetterDraft draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (draft.Documents.Count is 0 or > MaxDocuments)
        {
            throw new CliException($"A letter carries 1 to {MaxDocuments} documents; {draft.Documents.Count} given.") { ExitCode = 2, Code = InvalidLine };
        }

        var total = draft.Documents.Sum(d => (long)d.Content.Length);
        if (total > MaxTotalBytes)
        {
            throw new CliException($"The documents together have {total} bytes; a letter carries at most {MaxTotalBytes}.") { ExitCode = 2, Code = FileTooLarge };
        }

        var metadata = new
        {
            recipient = new { name = draft.RecipientName, address = draft.RecipientAddress, unp = draft.RecipientUnp },
            kind = draft.Registered ? "registered" : "simple",
            subject = draft.Subject,
            policy = draft.PrintIfNotClaimedDays is null && draft.AcceptWindowDays is null
                ? null
                : new { printIfNotClaimedDays = draft.PrintIfNotClaimedDays, acceptWindowDays = draft.AcceptWindowDays },
            notify = draft.Silent ? "none" : null,
        };
        using var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(metadata, Json.Options), Encoding.UTF8, "application/json"), "letter" },
        };
        foreach (var document in draft.Documents)
        {
            var part = new ByteArrayContent(document.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(document.MediaType);
            form.Add(part, "document", document.Name);
        }

        if (draft.SenderSignature is not null)
        {
            form.Add(new ByteArrayContent(draft.SenderSignature), "senderSignature", "sender-signature.p7s");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/letters") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        var (status, letter) = await api.SendAsync<SubmitLetterResponse>(request, cancellationToken);
        return (status == HttpStatusCode.Created, letter);
    }
}
