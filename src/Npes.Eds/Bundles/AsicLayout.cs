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
    /// Revocation data valid when the evidence was signed: <c>revocation/NAME.crl</c>, the CRLs of the issuers of the
    /// operator's, the TSA's and the recipient's certificates, so that the bundle verifies offline years later.
    /// </summary>
    public const string RevocationFolder = "revocation/";

    /// <summary>
    /// The operator's seal over the bundle as issued: letter, status, number of events and hash of the last one, and
    /// the SHA-256 of every other entry of the container (an ASiC-E style manifest), so that an entry added, removed or
    /// changed anywhere — and a bundle with events cut off at the end — is detected.
    /// </summary>
    public const string SealEntry = "seal.p7m";

    /// <summary>The version of the seal's content that covers every entry.</summary>
    public const int SealVersion = 2;

    /// <summary>Largest bundle the verifier opens, and largest single entry it reads.</summary>
    public const long MaxBundleBytes = 64L * 1024 * 1024;

    public const long MaxEntryBytes = 16L * 1024 * 1024;

    public const int MaxEntries = 10_000;

    /// <summary>Largest total of the entries' unpacked sizes the verifier reads (a ZIP bomb stops here).</summary>
    public const long MaxUnpackedBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Why an entry name is refused, or null when it is a plain relative path: no duplicates (also none that differ
    /// only in case, which collide when unpacked on Windows or macOS), nothing absolute, no <c>.</c> or <c>..</c>
    /// segments, no backslash, drive letter or control character.
    /// </summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "an entry has an empty name";
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return $"entry '{name}' has a backslash in its name";
        }

        if (name.StartsWith('/') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':'))
        {
            return $"entry '{name}' has an absolute name";
        }

        if (name.Any(char.IsControl))
        {
            return $"entry '{name}' has a control character in its name";
        }

        if (name.Split('/').Any(segment => segment is "." or ".." || segment.Length == 0))
        {
            return $"entry '{name}' has an empty, '.' or '..' segment in its name";
        }

        return null;
    }
}
