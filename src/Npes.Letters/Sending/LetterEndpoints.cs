using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Core.Parties;
using Npes.Documents;
using Npes.Documents.Intake;
using Npes.Letters.Evidence;
using Npes.Letters.Inbox;
using Npes.Letters.Store;

namespace Npes.Letters.Sending;

internal static class LetterEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, long requestLimit)
    {
        var group = endpoints.MapGroup("/api/v1/letters")
            .WithTags("Letters")
            .RequireAuthorization(Roles.PartyPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", SubmitAsync)
            .WithName("SubmitLetter")
            .WithSummary("Send a simple or registered e-letter")
            .WithDescription("multipart/form-data: a part 'letter' (JSON: recipient {name, address, unp?}, kind simple|registered, subject, policy?) and 1–3 file parts 'document' "
                + "(PDF, doc, docx, xls, xlsx, odt, ods, PNG, JPEG, UTF-8 text; 10 MB together by default, see GET /api/v1/letters/capabilities). "
                + "Every document is inspected in an isolated worker process: PDFs are checked and rewritten by qpdf (encryption, active content, nesting, decompression bombs refused), "
                + "office documents are checked (macros, encryption, external links, embedded objects refused) and converted to PDF; the manifest names the original and its PDF rendition, "
                + "the recipient gets the original, paper carries the rendition. A document name is a plain file name (no /, \\, '..', ':' or control characters). "
                + "Document refusals (problem+json code): npes.letter.documents_count, document_too_large (413), document_name_invalid, document_invalid, document_type_unsupported (415), "
                + "document_type_mismatch, document_encrypted, document_active_content, document_macros, document_external_link, document_embedded_object, "
                + "document_too_complex (422), document_image_too_large (422), document_conversion_unavailable (415), document_worker_failed (422), document_worker_unavailable (503). "
                + "Optional part 'senderSignature': a detached CMS by the sender's certificate over the sender manifest (see docs/letters.md). "
                + "Header Idempotency-Key: the same key and body give the same letter and receipt; the same key with another body is refused. "
                + "201 carries the acceptance receipt: CMS SignedData over the manifest with an RFC 3161 timestamp.")
            .Accepts<SubmitLetterRequest>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(requestLimit))
            .AddEndpointFilter<SubmissionMetrics>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/capabilities", Capabilities)
            .WithName("GetDocumentCapabilities")
            .WithSummary("What a letter may carry here: document types, whether office documents are converted, and the limits");
        group.MapGet("/", ListSentAsync).WithName("ListSentLetters").WithSummary("Letters the caller sent, newest first");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetLetter").WithSummary("A sent letter: status, routing, documents' digests and evidence events");
        group.MapGet("/{id:guid}/receipts/{kind}", GetReceiptAsync)
            .WithName("GetReceipt")
            .WithSummary("A receipt as CMS (application/pkcs7-mime): acceptance, delivery, refusal or expiry");
        group.MapGet("/{id:guid}/bundle", GetBundleAsync)
            .WithName("GetEvidenceBundle")
            .WithSummary("The evidence bundle (ASiC-E): documents, manifest, receipts, signed events, certificates");
        return group;
    }

    private static async Task<Results<Created<SubmitLetterResponse>, Ok<SubmitLetterResponse>>> SubmitAsync(
        HttpRequest request, ClaimsPrincipal user, SubmitLetter useCase, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<DocumentsOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw new NpesException(NpesErrors.UnsupportedMediaType, "Send the letter as multipart/form-data with a 'letter' JSON part and 'document' file parts.");
        }

        // Documents are held in memory anyway (inspected, hashed, sealed), so the form reader keeps file parts up to the
        // per-document limit in memory too instead of spooling each one to a temporary file; the request size limit
        // and the multipart body limit (both derived from Npes:Documents) bound the whole body.
        var limits = options.Value;
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MemoryBufferThreshold = (int)Math.Min(limits.MaxDocumentBytes + 1, int.MaxValue),
            MultipartBodyLengthLimit = limits.MaxRequestBytes,
            ValueCountLimit = 64,
        }));
        var form = await request.ReadFormAsync(cancellationToken);
        var metadata = await ReadMetadataAsync(form, json.Value.SerializerOptions, cancellationToken);
        var files = form.Files.GetFiles("document");
        if (files.Count > limits.MaxDocuments)
        {
            throw new NpesException(NpesErrors.DocumentsCount, $"A letter has 1 to {limits.MaxDocuments} documents (multipart parts named 'document'); this one has {files.Count}.");
        }

        var uploads = new List<DocumentUpload>();
        foreach (var file in files)
        {
            if (file.Length > limits.MaxDocumentBytes)
            {
                throw new NpesException(NpesErrors.DocumentTooLarge, $"A document exceeds {limits.MaxDocumentBytes} bytes.");
            }

            var content = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(content, cancellationToken);
            }

            uploads.Add(new DocumentUpload(file.FileName, file.ContentType, content));
        }

        string? key = request.Headers["Idempotency-Key"];
        var senderSignature = await ReadSenderSignatureAsync(form, cancellationToken);
        var (created, response) = await useCase.HandleAsync(user.PartyId(), request.HttpContext.Features.Get<Party>(), metadata, uploads, senderSignature, key, cancellationToken);
        return created
            ? TypedResults.Created($"/api/v1/letters/{response.Id:D}", response)
            : TypedResults.Ok(response);
    }

    private static Ok<DocumentCapabilitiesDto> Capabilities(IDocumentIntake intake, IOptions<DocumentsOptions> options)
    {
        var limits = options.Value;
        var known = intake.LastKnown;
        var office = known?.OfficeConversion == true;
        List<string> formats = ["pdf", "png", "jpeg", "text"];
        if (office)
        {
            formats.AddRange(["doc", "docx", "xls", "xlsx", "odt", "ods"]);
        }

        return TypedResults.Ok(new DocumentCapabilitiesDto(
            known?.Available == true,
            office,
            formats,
            limits.MaxDocuments,
            limits.MaxDocumentBytes,
            limits.MaxTotalBytes,
            limits.MaxPages,
            limits.MaxImagePixels));
    }

    /// <summary>The optional part 'senderSignature': DER CMS as a file part, or base64 as a field.</summary>
    private static async Task<byte[]?> ReadSenderSignatureAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile("senderSignature") is { } file)
        {
            if (file.Length > SubmitLetter.MaxSenderSignatureBytes)
            {
                throw new NpesException(NpesErrors.SenderSignatureInvalid, $"The sender signature is larger than {SubmitLetter.MaxSenderSignatureBytes} bytes.");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }

        if (!form.TryGetValue("senderSignature", out var text) || text.Count == 0)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text[0]!);
        }
        catch (FormatException e)
        {
            throw new NpesException(NpesErrors.SenderSignatureInvalid, "The 'senderSignature' field is not base64 of a DER CMS.", e);
        }
    }

    private static async Task<SubmitLetterRequest?> ReadMetadataAsync(IFormCollection form, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        try
        {
            if (form.TryGetValue("letter", out var text) && text.Count == 1)
            {
                return JsonSerializer.Deserialize<SubmitLetterRequest>(text[0]!, json);
            }

            if (form.Files.GetFile("letter") is { Length: <= 64 * 1024 } part)
            {
                await using var stream = part.OpenReadStream();
                return await JsonSerializer.DeserializeAsync<SubmitLetterRequest>(stream, json, cancellationToken);
            }

            return null;
        }
        catch (JsonException e)
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, "The 'letter' part is not valid JSON" + (e.Path is null ? "." : $" (at {e.Path})."), e);
        }
    }

    private static async Task<Ok<IReadOnlyList<LetterSummaryDto>>> ListSentAsync(ClaimsPrincipal user, ILetterStore letters, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var page = await letters.SentAsync(user.PartyId(), Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 50, 1, 200), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<LetterSummaryDto>>(page.Select(LetterView.Summary).ToList());
    }

    private static async Task<Results<Ok<LetterDto>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, ILetterStore letters, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is null || letter.SenderPartyId != user.PartyId())
        {
            return Problems.Result(NpesErrors.LetterNotFound, "You sent no letter with this id.");
        }

        var documents = await letters.DocumentsAsync(id, cancellationToken);
        var events = await letters.EventsAsync(id, cancellationToken);
        var receipts = await letters.ReceiptsAsync(id, cancellationToken);
        return TypedResults.Ok(new LetterDto(
            letter.Id,
            letter.S10,
            letter.Kind,
            letter.Subject,
            letter.Status.ToWire(),
            new RecipientDto(letter.Recipient.Name, letter.Recipient.Address, letter.Recipient.Unp),
            SenderRouting.Dto(letter.RoutingOutcome, letter.RoutingReason),
            letter.SubmittedAt,
            letter.AcceptDeadline,
            documents.Select(LetterView.Document).ToList(),
            events.Select(LetterView.Event).ToList(),
            receipts.Keys.Order(StringComparer.Ordinal).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReceiptAsync(Guid id, string kind, ClaimsPrincipal user, ILetterStore letters, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is null || letter.SenderPartyId != user.PartyId())
        {
            return Problems.Result(NpesErrors.LetterNotFound, "You sent no letter with this id.");
        }

        if (!ReceiptKinds.IsKnown(kind))
        {
            return Problems.Result(NpesErrors.ReceiptNotFound, "Receipt kinds are acceptance, delivery, refusal and expiry.");
        }

        var receipts = await letters.ReceiptsAsync(id, cancellationToken);
        return receipts.TryGetValue(kind, out var cms)
            ? TypedResults.File(cms, "application/pkcs7-mime; smime-type=signed-data", $"{letter.S10}-{kind}.p7m")
            : Problems.Result(NpesErrors.ReceiptNotFound, $"Letter {letter.S10} has no {kind} receipt yet.");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetBundleAsync(Guid id, ClaimsPrincipal user, ILetterStore letters, EvidenceBundle bundles, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is null || letter.SenderPartyId != user.PartyId())
        {
            return Problems.Result(NpesErrors.LetterNotFound, "You sent no letter with this id.");
        }

        var bytes = await bundles.BuildAsync(letter, cancellationToken);
        return TypedResults.File(bytes, EvidenceBundle.MediaType, $"{letter.S10}.asice");
    }
}
