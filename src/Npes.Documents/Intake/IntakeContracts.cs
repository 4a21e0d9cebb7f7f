using Npes.Core.Errors;

namespace Npes.Documents.Intake;

/// <summary>A document as a sender uploaded it: the file name and media type it claims, and its bytes.</summary>
public sealed record DocumentUpload(string? FileName, string? DeclaredType, byte[] Content);

/// <summary>How a rendition came about.</summary>
public enum RenditionKind
{
    /// <summary>The sender's PDF, rewritten by qpdf and checked.</summary>
    NormalisedPdf,

    /// <summary>An office document converted to PDF by LibreOffice, then rewritten by qpdf and checked.</summary>
    ConvertedPdf,

    /// <summary>The sender's image, decoded and encoded anew (no metadata).</summary>
    ReencodedImage,
}

/// <summary>The copy that print and previews use; the recipient, the manifest and the receipt keep the original.</summary>
public sealed record DocumentRendition(RenditionKind Kind, string MediaType, byte[] Content, int? Pages)
{
    public byte[] Sha256 { get; } = System.Security.Cryptography.SHA256.HashData(Content);
}

/// <summary>
/// An accepted document: the sender's original bytes and their digest (what the recipient gets and the manifest
/// names), its type as decided from the bytes, and the rendition for print and previews (none for text, which is
/// printed as it is).
/// </summary>
/// <param name="Format">pdf, png, jpeg, text, doc, docx, xls, xlsx, odt, ods.</param>
/// <param name="Repairs">Structural problems qpdf repaired in a PDF (0 for a clean file).</param>
public sealed record AcceptedDocument(string Name, string MediaType, string Format, byte[] Content, DocumentRendition? Rendition, int Repairs)
{
    public byte[] Sha256 { get; } = System.Security.Cryptography.SHA256.HashData(Content);

    /// <summary>Office formats: the recipient gets the original, print uses the PDF rendition.</summary>
    public bool IsOffice => Format is "doc" or "docx" or "xls" or "xlsx" or "odt" or "ods";
}

/// <summary>A refused document: the catalogued error, the sentence for the sender, and the kind (of active content, macro, link, limit).</summary>
public sealed record DocumentRefusal(NpesError Error, string Detail, string? Kind)
{
    public NpesException ToException() => new(Error, Detail);
}

/// <summary>The verdict on one document: accepted, or refused with a reason.</summary>
public sealed record DocumentInspection(AcceptedDocument? Document, DocumentRefusal? Refusal)
{
    public bool IsAccepted => Document is not null;

    public static DocumentInspection Accept(AcceptedDocument document) => new(document, null);

    public static DocumentInspection Refuse(NpesError error, string detail, string? kind = null) => new(null, new DocumentRefusal(error, detail, kind));

    /// <summary>The accepted document, or the refusal thrown as a catalogued <see cref="NpesException"/>.</summary>
    public AcceptedDocument OrThrow() => Document ?? throw Refusal!.ToException();
}

/// <summary>What the document service can do here, as the workers reported it.</summary>
/// <param name="Available">Workers start and answer.</param>
/// <param name="Problem">Why they do not, when they do not.</param>
/// <param name="OfficeConversion">LibreOffice is there: office documents are accepted.</param>
public sealed record DocumentCapabilities(bool Available, string? Problem, string? Qpdf, bool OfficeConversion, string? Office, string? Images);

/// <summary>
/// Intake of documents from outside: every byte is parsed in an isolated worker process, never in the caller.
/// A refusal is an answer, not an exception; a worker's crash, hang or limit becomes a refusal too.
/// </summary>
public interface IDocumentIntake
{
    /// <summary>Inspects one document. Throws only <see cref="OperationCanceledException"/>.</summary>
    Task<DocumentInspection> InspectAsync(DocumentUpload upload, CancellationToken cancellationToken);

    /// <summary>
    /// A letter's documents: the count, size and name rules of <see cref="DocumentsOptions"/> first, then each
    /// document in turn. The first refusal is thrown as a catalogued <see cref="NpesException"/>. Each document is
    /// checked in full, but only the rendition a letter keeps comes back: an office document's PDF. A PDF's qpdf
    /// rewrite and a re-encoded image stay in the worker (a letter keeps the sender's original; the print leg
    /// normalises it again when it prints), which spares copying every document back.
    /// </summary>
    Task<IReadOnlyList<AcceptedDocument>> InspectLetterAsync(IReadOnlyList<DocumentUpload> uploads, CancellationToken cancellationToken);

    /// <summary>What the workers can do (starts one if none runs yet).</summary>
    Task<DocumentCapabilities> CapabilitiesAsync(CancellationToken cancellationToken);

    /// <summary>What <see cref="CapabilitiesAsync"/> found last (the pool reports it at start); null before.</summary>
    DocumentCapabilities? LastKnown { get; }
}
