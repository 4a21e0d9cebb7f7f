namespace Npes.Documents;

/// <summary>
/// Documents from outside (configuration section <c>Npes:Documents</c>): the one place that states what a letter may
/// carry, what a document may hold, and how the isolated workers that inspect them are run and limited.
/// </summary>
public sealed class DocumentsOptions
{
    public const string Section = "Npes:Documents";
    private const long Megabyte = 1024 * 1024;

    // What a letter may carry (НПЭС, resolution №308: up to 3 attachments, 10 MB together).

    /// <summary>Documents per letter.</summary>
    public int MaxDocuments { get; set; } = 3;

    /// <summary>All documents of a letter together, in bytes.</summary>
    public long MaxTotalBytes { get; set; } = 10 * Megabyte;

    /// <summary>One document, in bytes (at most <see cref="MaxTotalBytes"/>).</summary>
    public long MaxDocumentBytes { get; set; } = 10 * Megabyte;

    /// <summary>
    /// The largest letter submission: the documents at their limit plus room for the letter's JSON part, an optional
    /// sender signature and the multipart framing. The letters API, the web form and the server's listener all take
    /// their request-size limits from it, so <see cref="MaxTotalBytes"/> is the one setting to change.
    /// </summary>
    public long MaxRequestBytes => MaxTotalBytes + Megabyte;

    // What a document may hold.

    /// <summary>Pages of a PDF or of an office document's PDF rendition.</summary>
    public int MaxPages { get; set; } = 1000;

    /// <summary>Pixels of an image, or of an image inside a PDF (50 MP: an A4 page scanned at 600 dpi is 35 MP).</summary>
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Nesting of arrays and dictionaries in a PDF.</summary>
    public int MaxNestingDepth { get; set; } = 64;

    /// <summary>Objects in a PDF.</summary>
    public int MaxObjects { get; set; } = 250_000;

    /// <summary>Decompressed size of one PDF stream, in bytes.</summary>
    public long MaxStreamBytes { get; set; } = 256 * Megabyte;

    /// <summary>Decompressed size of all streams of a PDF together, in bytes.</summary>
    public long MaxDecodedBytes { get; set; } = 1024 * Megabyte;

    /// <summary>Unpacked size of an office document's parts, in bytes.</summary>
    public long MaxUnpackedBytes { get; set; } = 256 * Megabyte;

    /// <summary>Parts of an office document (ZIP entries or compound-file entries).</summary>
    public int MaxParts { get; set; } = 10_000;

    // The workers.

    /// <summary>Worker processes kept warm; each handles one request at a time.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Npes.DocumentWorker.dll; empty: the document-worker folder beside the program.</summary>
    public string? WorkerPath { get; set; }

    /// <summary>The dotnet host that runs the worker; empty: the one running NPES.</summary>
    public string? DotnetPath { get; set; }

    /// <summary>LibreOffice's soffice; empty switches office conversion off (office documents are then refused).</summary>
    public string? SofficePath { get; set; } = "/usr/bin/soffice";

    /// <summary>Wall time of one intake inspection, conversion included; past it the worker and its programs are killed.</summary>
    public int InspectTimeoutSeconds { get; set; } = 90;

    /// <summary>Wall time of rendering one print piece or assembling one batch.</summary>
    public int PrintTimeoutSeconds { get; set; } = 300;

    /// <summary>How long a request waits for a free worker before it is refused as unavailable.</summary>
    public int QueueTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a new worker may take to start and report ready.</summary>
    public int StartTimeoutSeconds { get; set; } = 30;

    /// <summary>One LibreOffice conversion (and its CPU time).</summary>
    public int ConversionTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Requests a worker serves before it is replaced. Starting a worker costs about a second of CPU (the runtime,
    /// its JIT, qpdf and Skia loaded anew), so a low figure is paid on every document: at 500 it was about 2 ms of
    /// a PDF's 3 ms.
    /// </summary>
    public int MaxRequestsPerWorker { get; set; } = 5000;

    /// <summary>CPU time of a worker over its life (RLIMIT_CPU); it is replaced at 80 %.</summary>
    public int WorkerCpuSeconds { get; set; } = 900;

    /// <summary>The worker's managed heap (GCHeapHardLimit), in megabytes.</summary>
    public int WorkerHeapMegabytes { get; set; } = 1024;

    /// <summary>
    /// The worker's writable memory (RLIMIT_DATA: managed heap, native buffers such as decoded images), in megabytes;
    /// 0 sets none. Address space is not limited: the .NET runtime reserves gigabytes of it it never uses.
    /// </summary>
    public int WorkerMemoryMegabytes { get; set; } = 3072;

    /// <summary>LibreOffice's address space, in megabytes.</summary>
    public int OfficeAddressSpaceMegabytes { get; set; } = 3072;

    /// <summary>Largest file a worker or its programs may write (RLIMIT_FSIZE), in megabytes.</summary>
    public int MaxFileMegabytes { get; set; } = 1024;

    /// <summary>Largest intake reply (the normalised PDF, the rendition or the image), in megabytes.</summary>
    public int MaxIntakeReplyMegabytes { get; set; } = 128;

    /// <summary>Largest print request or reply (a batch carries all its pieces), in megabytes.</summary>
    public int MaxPrintMegabytes { get; set; } = 1024;

    /// <summary>What is wrong with these settings (empty when usable).</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxDocuments is < 1 or > 100)
        {
            yield return "Npes:Documents:MaxDocuments must be 1..100.";
        }

        if (MaxTotalBytes < 1 || MaxDocumentBytes < 1 || MaxDocumentBytes > MaxTotalBytes || MaxTotalBytes > 512 * Megabyte)
        {
            yield return "Npes:Documents:MaxDocumentBytes must be positive and at most MaxTotalBytes, which must be at most 512 MB.";
        }

        if (MaxPages < 1 || MaxImagePixels < 1 || MaxNestingDepth is < 8 or > 1000 || MaxObjects < 10 || MaxStreamBytes < Megabyte
            || MaxDecodedBytes < MaxStreamBytes || MaxUnpackedBytes < Megabyte || MaxParts < 10)
        {
            yield return "Npes:Documents content limits are out of range (MaxNestingDepth 8..1000, MaxDecodedBytes >= MaxStreamBytes >= 1 MB).";
        }

        if (Workers is < 1 or > 64)
        {
            yield return "Npes:Documents:Workers must be 1..64.";
        }

        if (InspectTimeoutSeconds < 1 || PrintTimeoutSeconds < 1 || QueueTimeoutSeconds < 1 || StartTimeoutSeconds < 1
            || ConversionTimeoutSeconds < 1 || MaxRequestsPerWorker < 1 || WorkerCpuSeconds < 10)
        {
            yield return "Npes:Documents timeouts and worker limits must be positive (WorkerCpuSeconds at least 10).";
        }

        if (WorkerHeapMegabytes < 128 || (WorkerMemoryMegabytes != 0 && WorkerMemoryMegabytes < WorkerHeapMegabytes + 1024)
            || OfficeAddressSpaceMegabytes < 512 || MaxFileMegabytes < 16 || MaxIntakeReplyMegabytes < 1 || MaxPrintMegabytes < 16)
        {
            yield return "Npes:Documents memory limits are too small (WorkerMemoryMegabytes must be 0 or at least WorkerHeapMegabytes + 1024).";
        }
    }
}
