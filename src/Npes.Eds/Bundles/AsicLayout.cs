namespace Npes.Eds.Bundles;

/// <summary>
/// The layout of an NPES evidence bundle, an ASiC-E container (ETSI EN 319 162): a ZIP whose first entry is the
/// uncompressed <c>mimetype</c>, with <c>META-INF/manifest.xml</c> listing the data objects.
/// </summary>
public static class AsicLayout
{
    public const string MimeType = "application/vnd.etsi.asic-e+zip";
    public const string MimeTypeEntry = "mimetype";
    public const string OdfManifestEntry = "META-INF/manifest.xml";

    /// <summary>The letter manifest (canonical JSON), content of the acceptance receipt.</summary>
    public const string LetterManifestEntry = "manifest.json";

    /// <summary>The sender's own detached CMS over the sender manifest, when the sender signed.</summary>
    public const string SenderSignatureEntry = "sender-signature.p7s";

    /// <summary>Documents, by their names in the manifest.</summary>
    public const string DocumentsFolder = "documents/";

    /// <summary>PDF renditions of office documents, by the document's name with ".pdf" added, as the manifest names them.</summary>
    public const string RenditionsFolder = "renditions/";

    /// <summary>Receipts: <c>receipts/KIND.p7m</c>, CMS with attached content.</summary>
    public const string ReceiptsFolder = "receipts/";

    /// <summary>Events: <c>events/NNNN.json</c> (the signed bytes) and <c>events/NNNN.p7s</c> (detached CMS).</summary>
    public const string EventsFolder = "events/";

    /// <summary>The operator's certificates, for convenience (trust still comes from the verifier's anchors).</summary>
    public const string CertificatesFolder = "certificates/";

    /// <summary>
    /// The operator's seal over the bundle as issued: letter, status, number of events and hash of the last one, so
    /// that a bundle with events cut off at the end is detected too.
    /// </summary>
    public const string SealEntry = "seal.p7m";

    /// <summary>Largest bundle the verifier opens, and largest single entry it reads.</summary>
    public const long MaxBundleBytes = 64L * 1024 * 1024;

    public const long MaxEntryBytes = 16L * 1024 * 1024;

    public const int MaxEntries = 10_000;
}
