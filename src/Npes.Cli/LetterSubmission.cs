using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npes.Contracts;

namespace Npes.Cli;

/// <summary>A document to attach: its file name, the media type its extension implies, and its bytes.</summary>
internal sealed record LetterDocument(string Name, string MediaType, byte[] Content)
{
    /// <summary>Reads a document, refusing a missing file or one larger than the server takes (the server sniffs the type anyway).</summary>
    public static LetterDocument Load(string path, LetterLimits limits)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2, Code = LetterSubmission.FileNotFound };
        }

        if (file.Length > limits.MaxDocumentBytes)
        {
            throw new CliException($"{file.Name} has {file.Length} bytes; the server takes documents of at most {limits.MaxDocumentBytes} bytes.") { ExitCode = 2, Code = LetterSubmission.FileTooLarge };
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

/// <summary>
/// What the server takes in one letter, as it states it (GET /api/v1/letters/capabilities, from its Npes:Documents
/// settings): the CLI checks a letter against these before reading or uploading its files, and keeps no limits of its own.
/// </summary>
internal sealed record LetterLimits(int MaxDocuments, long MaxDocumentBytes, long MaxTotalBytes)
{
    /// <summary>The most a server can be configured to take in one letter; no answer above it is believed.</summary>
    public const long Largest = 512L * 1024 * 1024;

    public static async Task<LetterLimits> FetchAsync(ApiClient api, CancellationToken cancellationToken)
    {
        var stated = await api.GetAsync<DocumentCapabilitiesDto>("api/v1/letters/capabilities", cancellationToken);
        if (stated is null || stated.MaxDocuments < 1 || stated.MaxDocumentBytes < 1 || stated.MaxTotalBytes < 1)
        {
            throw new CliException("The server did not state its document limits (GET /api/v1/letters/capabilities).");
        }

        return new LetterLimits(Math.Min(stated.MaxDocuments, 100), Math.Min(stated.MaxDocumentBytes, Largest), Math.Min(stated.MaxTotalBytes, Largest));
    }
}

/// <summary>POST /api/v1/letters: the 'letter' JSON part, the 'document' file parts and the Idempotency-Key header.</summary>
internal static class LetterSubmission
{
    public const string FileNotFound = "cli.file_not_found";
    public const string FileTooLarge = "cli.file_too_large";
    public const string InvalidLine = "cli.invalid_line";

    /// <returns>Whether the server created the letter now (201) or returned the one sent earlier with this key (200).</returns>
    public static async Task<(bool Created, SubmitLetterResponse Letter)> SendAsync(ApiClient api, LetterDraft draft, string? idempotencyKey, LetterLimits limits, CancellationToken cancellationToken)
    {
        if (draft.Documents.Count is 0 || draft.Documents.Count > limits.MaxDocuments)
        {
            throw new CliException($"The server takes 1 to {limits.MaxDocuments} documents in a letter; {draft.Documents.Count} given.") { ExitCode = 2, Code = InvalidLine };
        }

        var total = draft.Documents.Sum(d => (long)d.Content.Length);
        if (total > limits.MaxTotalBytes)
        {
            throw new CliException($"The documents together have {total} bytes; the server takes at most {limits.MaxTotalBytes} in a letter.") { ExitCode = 2, Code = FileTooLarge };
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
