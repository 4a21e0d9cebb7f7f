namespace Npes.Core.Errors;

/// <summary>
/// Documents from outside, inspected in the isolated document worker. The older document codes (invalid, type
/// mismatch, unsupported type, encrypted, active content, too large, count) are in <c>NpesErrors.Letters.cs</c> and
/// keep their codes; the detail of an active-content refusal names its kind.
/// </summary>
public static partial class NpesErrors
{
    public static readonly NpesError DocumentTooComplex = new("npes.letter.document_too_complex", 422, "A document is too complex to process safely (nesting, objects, decompressed size, pages, time or memory).");
    public static readonly NpesError DocumentMacros = new("npes.letter.document_macros", 400, "Office documents with macros or scripts are not accepted.");
    public static readonly NpesError DocumentExternalLink = new("npes.letter.document_external_link", 400, "Office documents that link to external content (other files, templates, data sources, DDE) are not accepted.");
    public static readonly NpesError DocumentEmbeddedObject = new("npes.letter.document_embedded_object", 400, "Office documents with embedded objects or controls are not accepted.");
    public static readonly NpesError DocumentImageTooLarge = new("npes.letter.document_image_too_large", 422, "An image has more pixels than the limit.");
    public static readonly NpesError DocumentConversionUnavailable = new("npes.letter.document_conversion_unavailable", 415, "This server cannot convert office documents; send a PDF.");
    public static readonly NpesError DocumentWorkerFailed = new("npes.letter.document_worker_failed", 422, "The document could not be processed: the isolated document worker failed on it.");
    public static readonly NpesError DocumentNameInvalid = new("npes.letter.document_name_invalid", 400, "A document's name must be a plain file name: no folders (/ or \\), no '..', no drive or stream (:), no control characters.");
    public static readonly NpesError DocumentWorkerUnavailable = new("npes.letter.document_worker_unavailable", 503, "No document worker is available right now; try again later.");

    /// <summary>Every catalogued code a document inspection can end with, for mapping a worker's refusal back.</summary>
    /// <remarks>Built on each call: static fields of a partial class in other files may not be initialised yet here.</remarks>
    public static IReadOnlyList<NpesError> DocumentRefusals() =>
    [
        DocumentInvalid, DocumentNameInvalid, DocumentTypeMismatch, DocumentTypeUnsupported, DocumentEncrypted, DocumentActiveContent, DocumentTooLarge,
        DocumentTooComplex, DocumentMacros, DocumentExternalLink, DocumentEmbeddedObject, DocumentImageTooLarge,
        DocumentConversionUnavailable, DocumentWorkerFailed, DocumentWorkerUnavailable,
    ];
}
