namespace Npes.Documents.Protocol;

/// <summary>The frame types of protocol version 1. A request gets exactly one reply.</summary>
internal static class MessageTypes
{
    // requests (NPES → worker)
    public const string Configure = "configure";
    public const string Inspect = "inspect";
    public const string OfficeVersion = "office-version";
    public const string RenderPiece = "render-piece";
    public const string AssembleBatch = "assemble-batch";

    // replies (worker → NPES)
    public const string Ready = "ready";
    public const string Inspected = "inspected";
    public const string OfficeVersionIs = "office-version-is";
    public const string PieceRendered = "piece-rendered";
    public const string BatchAssembled = "batch-assembled";

    /// <summary>The content was looked at and is refused, with a catalogued code.</summary>
    public const string Refused = "refused";

    /// <summary>The worker failed on the content (an unexpected error); it should be recycled.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// The first request to a new worker: the limits it puts on itself (before it reads any document) and on every program
/// it starts (LibreOffice), and where LibreOffice is. Byte sizes are bytes; times are seconds.
/// </summary>
internal sealed record WorkerSettings(
    long CpuSeconds,
    long DataBytes,
    long FileSizeBytes,
    long MaxRequestBytes,
    long MaxReplyBytes,
    string? SofficePath,
    int ConversionTimeoutSeconds,
    long OfficeAddressSpaceBytes,
    ContentLimits Limits);

/// <summary>What a document may hold; anything beyond is refused as too complex or too large.</summary>
internal sealed record ContentLimits(
    int MaxPages,
    long MaxImagePixels,
    int MaxNestingDepth,
    int MaxObjects,
    long MaxStreamBytes,
    long MaxDecodedBytes,
    long MaxUnpackedBytes,
    int MaxParts);

/// <summary>The worker's answer to <see cref="MessageTypes.Configure"/>: who it is and what it can do.</summary>
internal sealed record ReadyMessage(int Protocol, int ProcessId, string? Qpdf, bool Office, string? OfficeProblem, string Images);

/// <summary>Inspect one document (blob 0: its bytes). <paramref name="Name"/> is the checked file name, for messages only.</summary>
/// <param name="ConvertedOnly">
/// Send back only a rendition that is kept: an office document's PDF. A PDF is still read, walked and rewritten by
/// qpdf, and an image still decoded, with every check; only the rewritten copy is not sent, because a letter keeps
/// the sender's original and the print leg normalises it again when it prints.
/// </param>
internal sealed record InspectRequest(string Name, bool ConvertedOnly = false);

/// <summary>
/// An accepted document. Blob 0, when present, is the rendition print and previews use: the qpdf-normalised PDF, the
/// PDF an office document was converted to, or the re-encoded image. Text has none; with
/// <see cref="InspectRequest.ConvertedOnly"/> only office documents have one.
/// </summary>
/// <param name="Format">pdf, png, jpeg, text, doc, docx, xls, xlsx, odt, ods.</param>
/// <param name="Pages">Pages of the PDF or of the rendition; null for images and text.</param>
/// <param name="Repairs">Structural problems qpdf repaired (0 for a clean file).</param>
internal sealed record InspectedMessage(string Format, string MediaType, int? Pages, string? RenditionMediaType, int Repairs);

internal sealed record RefusedMessage(string Code, string Detail, string? Kind);

internal sealed record FailedMessage(string Detail);

internal sealed record OfficeVersionRequest;

internal sealed record OfficeVersionMessage(string? Version, string? Problem);

/// <summary>One document of a piece; its bytes are the blob of the same index.</summary>
internal sealed record PieceDocument(string Name, string MediaType);

/// <summary>Render a print piece (blobs: the documents). <paramref name="Layout"/> is <c>PrintLayoutOptions</c> as JSON.</summary>
internal sealed record RenderPieceRequest(
    string S10,
    string RecipientName,
    IReadOnlyList<string> AddressLines,
    string ManifestSha256Hex,
    IReadOnlyList<PieceDocument> Documents,
    string Layout);

/// <summary>A rendered piece (blob 0: the PDF).</summary>
internal sealed record PieceRenderedMessage(int Pages, int Sheets, string Envelope);

/// <summary>One piece of a batch; its PDF is the blob of the same index.</summary>
internal sealed record BatchPieceEntry(int Position, string S10, string? Postcode, int Pages, int Sheets, string Sha256Hex);

internal sealed record AssembleBatchRequest(Guid Id, string Number, DateOnly Day, string Envelope, DateTimeOffset ClosedAt, IReadOnlyList<BatchPieceEntry> Pieces);

/// <summary>A built batch (blobs: the PDF, manifest JSON, manifest CSV).</summary>
internal sealed record BatchAssembledMessage(int Pages, int Sheets);

/// <summary>Codes of refusals that are not catalogued errors.</summary>
internal static class RefusalCodes
{
    /// <summary>A print piece or batch cannot be made from the content; the detail says why.</summary>
    public const string PrintFailed = "print.failed";
}
