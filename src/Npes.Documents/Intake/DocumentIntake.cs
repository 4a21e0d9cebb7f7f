using System.Globalization;
using System.Text;
using Npes.Core.Errors;
using Npes.Documents.Protocol;
using Npes.Documents.Workers;

namespace Npes.Documents.Intake;

/// <summary>
/// <see cref="IDocumentIntake"/> over the worker pool. In this process only the file name and the sizes are looked
/// at; the worker decides the type from the bytes and checks, normalises or converts them. The claimed media type
/// and the name's extension must then agree with what the worker found.
/// </summary>
internal sealed class DocumentIntake(WorkerPool pool) : IDocumentIntake
{
    public const int MaxNameLength = 200;

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".txt"] = "text/plain",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
    };

    // Types that say "some container" rather than what the document is: browsers and tools send them for office files.
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/octet-stream", "application/zip", "application/x-zip-compressed", "application/x-ole-storage", "application/cdfv2", "application/vnd.ms-office",
    };

    private readonly DocumentsOptions _options = pool.Options;

    public DocumentCapabilities? LastKnown { get; private set; }

    public Task<DocumentInspection> InspectAsync(DocumentUpload upload, CancellationToken cancellationToken) => InspectAsync(upload, convertedOnly: false, cancellationToken);

    private async Task<DocumentInspection> InspectAsync(DocumentUpload upload, bool convertedOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var (name, problem) = CheckName(upload.FileName);
        if (name is null)
        {
            return DocumentInspection.Refuse(NpesErrors.DocumentNameInvalid, problem!, "name");
        }

        if (upload.Content is null || upload.Content.Length == 0)
        {
            return DocumentInspection.Refuse(NpesErrors.DocumentInvalid, $"'{name}' is empty.");
        }

        if (upload.Content.LongLength > _options.MaxDocumentBytes)
        {
            return DocumentInspection.Refuse(NpesErrors.DocumentTooLarge, $"'{name}' exceeds {_options.MaxDocumentBytes} bytes.");
        }

        var reply = await pool.CallAsync(
            Frame.Create(MessageTypes.Inspect, new InspectRequest(name, convertedOnly), upload.Content),
            TimeSpan.FromSeconds(_options.InspectTimeoutSeconds),
            _options.MaxIntakeReplyMegabytes * 1024L * 1024,
            cancellationToken);
        if (reply.Frame is not { } frame)
        {
            return Fault(name, reply);
        }

        switch (frame.Type)
        {
            case MessageTypes.Refused:
                var refused = frame.Read<RefusedMessage>();
                var error = NpesErrors.DocumentRefusals().FirstOrDefault(e => e.Code == refused.Code) ?? NpesErrors.DocumentWorkerFailed;
                return DocumentInspection.Refuse(error, refused.Detail, refused.Kind);
            case MessageTypes.Inspected:
                return Accept(name, upload, frame.Read<InspectedMessage>(), frame.Blobs);
            default:
                return DocumentInspection.Refuse(NpesErrors.DocumentWorkerFailed, $"'{name}' could not be processed: the document worker failed on it.", "worker");
        }
    }

    public async Task<IReadOnlyList<AcceptedDocument>> InspectLetterAsync(IReadOnlyList<DocumentUpload> uploads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        if (uploads.Count == 0 || uploads.Count > _options.MaxDocuments)
        {
            throw new NpesException(NpesErrors.DocumentsCount, $"A letter has 1 to {_options.MaxDocuments} documents (multipart parts named 'document'); this one has {uploads.Count}.");
        }

        var oversized = uploads.FirstOrDefault(u => (u.Content?.LongLength ?? 0) > _options.MaxDocumentBytes);
        if (oversized is not null)
        {
            throw new NpesException(NpesErrors.DocumentTooLarge, $"'{Printable(oversized.FileName)}' exceeds {_options.MaxDocumentBytes} bytes.");
        }

        if (uploads.Sum(u => u.Content?.LongLength ?? 0) > _options.MaxTotalBytes)
        {
            throw new NpesException(NpesErrors.DocumentTooLarge, $"The documents together exceed {_options.MaxTotalBytes} bytes.");
        }

        var names = uploads.Select(u => CheckName(u.FileName)).ToList();
        if (names.FirstOrDefault(n => n.Name is null) is { Problem: { } problem })
        {
            throw new NpesException(NpesErrors.DocumentNameInvalid, problem);
        }

        var duplicate = names.Select(n => n.Name).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new NpesException(NpesErrors.DocumentInvalid, $"Two documents are named '{duplicate.Key}'; names must differ.");
        }

        var accepted = new List<AcceptedDocument>(uploads.Count);
        foreach (var upload in uploads)
        {
            accepted.Add((await InspectAsync(upload, convertedOnly: true, cancellationToken)).OrThrow());
        }

        return accepted;
    }

    public async Task<DocumentCapabilities> CapabilitiesAsync(CancellationToken cancellationToken)
    {
        var reply = await pool.CallAsync(
            Frame.Create(MessageTypes.OfficeVersion, new OfficeVersionRequest()),
            TimeSpan.FromSeconds(_options.ConversionTimeoutSeconds + 10),
            64 * 1024,
            cancellationToken);
        var ready = pool.Ready;
        if (reply.Frame?.Type != MessageTypes.OfficeVersionIs || ready is null)
        {
            return LastKnown = new DocumentCapabilities(false, pool.StartProblem ?? reply.Problem, ready?.Qpdf, false, null, ready?.Images);
        }

        var office = reply.Frame.Read<OfficeVersionMessage>();
        return LastKnown = new DocumentCapabilities(true, ready.Qpdf is null ? "qpdf does not run" : null, ready.Qpdf, office.Version is not null, office.Version ?? office.Problem, ready.Images);
    }

    /// <summary>
    /// The name as the sender gave it (surrounding white space trimmed), or null and why. A name is stored, shown,
    /// printed and written into evidence bundles that recipients unpack, often with Windows tools: anything that
    /// could make it a path there is refused, never silently cut off — folders (<c>/</c>, <c>\</c>), <c>..</c>,
    /// drives and alternate streams (<c>:</c>), device names (CON, NUL, COM1, …), a trailing dot, control
    /// characters and invisible formatting characters (a right-to-left override can disguise an extension).
    /// </summary>
    internal static (string? Name, string? Problem) CheckName(string? fileName)
    {
        var name = fileName?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            return (null, $"Every document needs a file name of 1 to {MaxNameLength} characters.");
        }

        var shown = Printable(name);
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return (null, $"'{shown}' names folders; send the document under its plain file name (no / or \\).");
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.EndsWith('.'))
        {
            return (null, $"'{shown}' contains '..' or ends with a dot, which can climb out of a folder when unpacked.");
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            return (null, $"'{shown}' contains ':', which names a drive or a stream on Windows.");
        }

        if (HasHiddenCharacters(name))
        {
            return (null, $"'{shown}' contains control or invisible formatting characters.");
        }

        var stem = name.Split('.')[0].TrimEnd().ToUpperInvariant();
        if (stem is "CON" or "PRN" or "AUX" or "NUL" || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && stem[3] is >= '0' and <= '9'))
        {
            return (null, $"'{shown}' is a device name on Windows.");
        }

        return (name, null);
    }

    /// <summary>Control characters, formatting characters (Unicode Cf: bidirectional overrides, zero-width joiners) or a lone surrogate.</summary>
    private static bool HasHiddenCharacters(string name)
    {
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done
                || Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                return true;
            }

            rest = rest[used..];
        }

        return false;
    }

    /// <summary>A name as it may appear in a refusal: control and formatting characters shown as '?', at most 100 characters.</summary>
    internal static string Printable(string? name)
    {
        var text = new string([.. (name ?? string.Empty).Take(100).Select(c => char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? '?' : c)]);
        return name?.Length > 100 ? text + "…" : text;
    }

    private static DocumentInspection Accept(string name, DocumentUpload upload, InspectedMessage inspected, IReadOnlyList<byte[]> blobs)
    {
        var declared = upload.DeclaredType?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(declared) && !Generic.Contains(declared) && !string.Equals(declared, inspected.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return DocumentInspection.Refuse(NpesErrors.DocumentTypeMismatch, $"'{name}' is declared as {declared.ToLowerInvariant()} but its content is {inspected.MediaType}.");
        }

        if (Extensions.TryGetValue(Path.GetExtension(name), out var byName) && byName != inspected.MediaType)
        {
            return DocumentInspection.Refuse(NpesErrors.DocumentTypeMismatch, $"'{name}' is named like {byName} but its content is {inspected.MediaType}.");
        }

        DocumentRendition? rendition = null;
        if (inspected.RenditionMediaType is not null)
        {
            if (blobs.Count == 0)
            {
                return DocumentInspection.Refuse(NpesErrors.DocumentWorkerFailed, $"'{name}' could not be processed: the document worker sent no rendition.", "worker");
            }

            var kind = inspected.Format switch
            {
                "pdf" => RenditionKind.NormalisedPdf,
                "png" or "jpeg" => RenditionKind.ReencodedImage,
                _ => RenditionKind.ConvertedPdf,
            };
            rendition = new DocumentRendition(kind, inspected.RenditionMediaType, blobs[0], inspected.Pages);
        }

        return DocumentInspection.Accept(new AcceptedDocument(name, inspected.MediaType, inspected.Format, upload.Content, rendition, inspected.Repairs));
    }

    private DocumentInspection Fault(string name, WorkerReply reply) => reply.Fault switch
    {
        WorkerFault.Unavailable => DocumentInspection.Refuse(NpesErrors.DocumentWorkerUnavailable, $"'{name}' cannot be inspected now: {reply.Problem}.", "unavailable"),
        WorkerFault.TimedOut => DocumentInspection.Refuse(
            NpesErrors.DocumentTooComplex,
            string.Create(CultureInfo.InvariantCulture, $"'{name}' could not be processed within {_options.InspectTimeoutSeconds} s."),
            "time"),
        WorkerFault.ReplyTooLarge => DocumentInspection.Refuse(
            NpesErrors.DocumentTooComplex,
            $"'{name}' turns into more than {_options.MaxIntakeReplyMegabytes} MB when normalised or converted.",
            "output"),
        _ => DocumentInspection.Refuse(NpesErrors.DocumentWorkerFailed, $"'{name}' could not be processed: the document worker stopped while reading it.", "worker"),
    };
}
