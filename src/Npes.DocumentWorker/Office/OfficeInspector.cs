using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Npes.Core.Errors;
using Npes.Documents.Protocol;

namespace Npes.DocumentWorker.Office;

/// <summary>An office document that may be converted: its format (doc, docx, xls, xlsx, odt, ods) and media type.</summary>
internal sealed record OfficeDocument(string Format, string MediaType);

/// <summary>
/// Decides what an office file is from its structure (never its name) and refuses what must not be converted or
/// delivered: macros (VBA projects, macro-enabled types, Excel 4.0 macro sheets, ODF Basic and scripts, script
/// events), encryption, links to external content (remote templates, linked images and objects, external workbooks,
/// data connections, DDE and INCLUDE fields, file: hyperlinks) and embedded objects (OLE, ActiveX, applets, plug-ins).
/// Archives are read with caps on part count, unpacked size and XML size; XML without DTDs or external resolution.
/// </summary>
internal static class OfficeInspector
{
    public const string Doc = "application/msword";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xls = "application/vnd.ms-excel";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Odt = "application/vnd.oasis.opendocument.text";
    public const string Ods = "application/vnd.oasis.opendocument.spreadsheet";

    private static readonly string[] FieldsThatFetch = ["DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "IMPORT", "LINK", "DATABASE"];

    public static bool IsZip(ReadOnlySpan<byte> content) => content.StartsWith("PK\x03\x04"u8);

    public static bool IsCompound(ReadOnlySpan<byte> content) => content.StartsWith(CompoundFile.Signature);

    public static OfficeDocument Inspect(string name, byte[] content, ContentLimits limits)
    {
        try
        {
            return IsCompound(content) ? InspectCompound(name, content, limits) : InspectZip(name, content, limits);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or EndOfStreamException or ArgumentOutOfRangeException or NotSupportedException)
        {
            throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable office document (damaged or truncated).");
        }
    }

    private static OfficeDocument InspectZip(string name, byte[] content, ContentLimits limits)
    {
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > limits.MaxParts)
        {
            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has more than {limits.MaxParts} parts.", "parts");
        }

        if (zip.Entries.Sum(e => e.Length) > limits.MaxUnpackedBytes)
        {
            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' unpacks to more than {limits.MaxUnpackedBytes / (1024 * 1024)} MB.", "unpacked size");
        }

        var parts = zip.Entries.ToDictionary(e => e.FullName, StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("mimetype", out var mimetype))
        {
            return InspectOdf(name, parts, Encoding.ASCII.GetString(ReadPart(name, mimetype, 256)).Trim(), limits);
        }

        if (parts.ContainsKey("[Content_Types].xml"))
        {
            return InspectOoxml(name, parts, limits);
        }

        throw new Refusal(NpesErrors.DocumentTypeUnsupported, $"'{name}' is a ZIP archive, not a Word, Excel or OpenDocument file.");
    }

    private static OfficeDocument InspectOoxml(string name, Dictionary<string, ZipArchiveEntry> parts, ContentLimits limits)
    {
        var types = new List<string>();
        Xml(name, parts["[Content_Types].xml"], limits, reader =>
        {
            if (reader.NodeType == XmlNodeType.Element && reader.GetAttribute("ContentType") is { } type)
            {
                types.Add(type);
            }
        });

        if (types.Any(t => t.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) || t.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)
                || t.Contains("macrosheet", StringComparison.OrdinalIgnoreCase))
            || parts.Keys.Any(p => p.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || p.EndsWith("vbaData.xml", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("xl/macrosheets/", StringComparison.OrdinalIgnoreCase)))
        {
            throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' contains macros (a VBA project or macro sheets); send it without them (e.g. as .docx or .xlsx).", "VBA");
        }

        OfficeDocument document;
        if (types.Contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
        {
            document = new OfficeDocument("docx", Docx);
        }
        else if (types.Contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
        {
            document = new OfficeDocument("xlsx", Xlsx);
        }
        else
        {
            throw new Refusal(NpesErrors.DocumentTypeUnsupported, $"'{name}' is an Office Open XML file, but not a Word document (.docx) or an Excel workbook (.xlsx).");
        }

        var embedded = parts.Keys.FirstOrDefault(p => p.Contains("/embeddings/", StringComparison.OrdinalIgnoreCase) || p.Contains("/activeX/", StringComparison.OrdinalIgnoreCase));
        if (embedded is not null || types.Any(t => t.Contains("oleObject", StringComparison.OrdinalIgnoreCase) || t.Contains("activeX", StringComparison.OrdinalIgnoreCase)))
        {
            var kind = embedded?.Contains("activeX", StringComparison.OrdinalIgnoreCase) == true ? "ActiveX control" : "OLE object";
            throw new Refusal(NpesErrors.DocumentEmbeddedObject, $"'{name}' contains an embedded object ({kind}); send it without.", kind);
        }

        if (parts.Keys.Any(p => p.StartsWith("xl/externalLinks/", StringComparison.OrdinalIgnoreCase)))
        {
            throw new Refusal(NpesErrors.DocumentExternalLink, $"'{name}' refers to other workbooks (external links); send it with values instead.", "external workbook");
        }

        if (parts.ContainsKey("xl/connections.xml"))
        {
            throw new Refusal(NpesErrors.DocumentExternalLink, $"'{name}' has data connections to external sources.", "data connection");
        }

        foreach (var (path, entry) in parts)
        {
            if (path.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            {
                CheckRelationships(name, entry, limits);
            }
        }

        if (document.Format == "docx")
        {
            foreach (var (path, entry) in parts)
            {
                if (path.StartsWith("word/", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', 5) < 0)
                {
                    CheckFields(name, entry, limits);
                }
            }
        }

        return document;
    }

    /// <summary>External relationships: only web and mail hyperlinks may leave the package.</summary>
    private static void CheckRelationships(string name, ZipArchiveEntry entry, ContentLimits limits)
    {
        Xml(name, entry, limits, reader =>
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship"
                || !string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var type = reader.GetAttribute("Type") ?? string.Empty;
            var kind = type[(type.LastIndexOf('/') + 1)..];
            var target = reader.GetAttribute("Target") ?? string.Empty;
            if (kind == "hyperlink" && IsWebLink(target))
            {
                return;
            }

            throw new Refusal(
                NpesErrors.DocumentExternalLink,
                $"'{name}' links to external content ({(kind == "hyperlink" ? "a hyperlink to a file or network share" : kind)}); send it without.",
                kind);
        });
    }

    /// <summary>Word fields that fetch content when the document is opened or updated (DDE, INCLUDETEXT, LINK …).</summary>
    private static void CheckFields(string name, ZipArchiveEntry entry, ContentLimits limits)
    {
        var field = new StringBuilder();
        void Check()
        {
            var code = field.ToString().TrimStart();
            field.Clear();
            var word = code.Split([' ', '\t', '\\', '"'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant();
            if (word is not null && FieldsThatFetch.Contains(word))
            {
                throw new Refusal(NpesErrors.DocumentExternalLink, $"'{name}' has a {word} field, which fetches external content; send it without.", word + " field");
            }
        }

        var inInstruction = false;
        Xml(name, entry, limits, reader =>
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "fldSimple":
                        field.Append(reader.GetAttribute("instr", reader.NamespaceURI));
                        Check();
                        break;
                    case "fldChar":
                        var type = reader.GetAttribute("fldCharType", reader.NamespaceURI);
                        if (type is "begin" or "separate" or "end")
                        {
                            Check();
                        }

                        break;
                    case "instrText":
                        inInstruction = !reader.IsEmptyElement;
                        break;
                    default:
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "instrText")
            {
                inInstruction = false;
            }
            else if (inInstruction && reader.NodeType is XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                if (field.Length < 4096)
                {
                    field.Append(reader.Value);
                }
            }
        });
        Check();
    }

    private static OfficeDocument InspectOdf(string name, Dictionary<string, ZipArchiveEntry> parts, string mimetype, ContentLimits limits)
    {
        var document = mimetype switch
        {
            Odt => new OfficeDocument("odt", Odt),
            Ods => new OfficeDocument("ods", Ods),
            _ => throw new Refusal(NpesErrors.DocumentTypeUnsupported, $"'{name}' is an OpenDocument file of type '{Clip(mimetype)}', not a text document (.odt) or a spreadsheet (.ods)."),
        };

        if (parts.TryGetValue("META-INF/manifest.xml", out var manifest))
        {
            Xml(name, manifest, limits, reader =>
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    return;
                }

                if (reader.LocalName == "encryption-data")
                {
                    throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is encrypted (password-protected); send it without a password.");
                }

                if (reader.LocalName == "file-entry" && reader.GetAttribute("media-type", reader.NamespaceURI) is { } type
                    && (type.Contains("oleobject", StringComparison.OrdinalIgnoreCase)
                        || (type.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal)
                            && reader.GetAttribute("full-path", reader.NamespaceURI) is { } path && path != "/"
                            && !type.EndsWith(".chart", StringComparison.Ordinal) && !type.EndsWith(".formula", StringComparison.Ordinal))))
                {
                    throw new Refusal(NpesErrors.DocumentEmbeddedObject, $"'{name}' contains an embedded object ({Clip(type)}); send it without.", "embedded document");
                }
            });
        }

        var script = parts.Keys.FirstOrDefault(p =>
            (p.StartsWith("Basic/", StringComparison.OrdinalIgnoreCase) && p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
                && !p.EndsWith("script-lc.xml", StringComparison.OrdinalIgnoreCase) && !p.EndsWith("script-lb.xml", StringComparison.OrdinalIgnoreCase))
            || (p.StartsWith("Scripts/", StringComparison.OrdinalIgnoreCase) && !p.EndsWith('/')));
        if (script is not null)
        {
            throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' contains macros or scripts; send it without them.", script.StartsWith("Basic/", StringComparison.OrdinalIgnoreCase) ? "Basic" : "script");
        }

        foreach (var part in new[] { "content.xml", "styles.xml" })
        {
            if (parts.TryGetValue(part, out var entry))
            {
                CheckOdfContent(name, entry, limits);
            }
        }

        return document;
    }

    private static void CheckOdfContent(string name, ZipArchiveEntry entry, ContentLimits limits)
    {
        Xml(name, entry, limits, reader =>
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                return;
            }

            switch (reader.LocalName)
            {
                case "event-listener":
                    throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' runs scripts on events; send it without them.", "event script");
                case "object-ole" or "applet" or "plugin" or "floating-frame":
                    throw new Refusal(NpesErrors.DocumentEmbeddedObject, $"'{name}' contains an embedded object ({reader.LocalName}); send it without.", reader.LocalName);
                case "section-source" or "table-source" or "dde-source" or "dde-connection-decl" or "dde-link" or "cell-range-source":
                    throw new Refusal(NpesErrors.DocumentExternalLink, $"'{name}' links to external content ({reader.LocalName}); send it without.", reader.LocalName);
                default:
                    break;
            }

            var href = reader.GetAttribute("href", "http://www.w3.org/1999/xlink");
            if (href is null)
            {
                return;
            }

            if (href.StartsWith("vnd.sun.star.script:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("macro:", StringComparison.OrdinalIgnoreCase))
            {
                throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' calls a macro from a link or control; send it without.", "macro link");
            }

            if (reader.LocalName == "a" ? !IsWebLink(href) && !href.StartsWith('#') : !IsInsidePackage(href))
            {
                throw new Refusal(NpesErrors.DocumentExternalLink, $"'{name}' links to external content ({reader.LocalName}); send it without.", reader.LocalName);
            }
        });
    }

    private static OfficeDocument InspectCompound(string name, byte[] content, ContentLimits limits)
    {
        var file = new CompoundFile(content);
        if (file.Has("EncryptedPackage") || file.Has("EncryptionInfo"))
        {
            throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is encrypted (password-protected); send it without a password.");
        }

        if (file.Entries.Count > limits.MaxParts)
        {
            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has more than {limits.MaxParts} parts.", "parts");
        }

        if (file.Has("WordDocument"))
        {
            if (file.Has("Macros") || file.Has("_VBA_PROJECT") || file.Has("VBA"))
            {
                throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' contains macros (a VBA project); send it without them.", "VBA");
            }

            var fib = file.Read("WordDocument", 12) ?? [];
            if (fib.Length >= 12 && (BinaryPrimitives.ReadUInt16LittleEndian(fib.AsSpan(10)) & 0x0100) != 0)
            {
                throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is encrypted (password-protected); send it without a password.");
            }

            if (file.Has("ObjectPool"))
            {
                throw new Refusal(NpesErrors.DocumentEmbeddedObject, $"'{name}' contains embedded objects; send it without.", "OLE object");
            }

            return new OfficeDocument("doc", Doc);
        }

        var workbook = file.Has("Workbook") ? "Workbook" : file.Has("Book") ? "Book" : null;
        if (workbook is not null)
        {
            if (file.Has("_VBA_PROJECT_CUR") || file.Has("_VBA_PROJECT") || file.Has("VBA"))
            {
                throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' contains macros (a VBA project); send it without them.", "VBA");
            }

            if (file.Entries.Any(e => e.Type == 1 && e.Name.StartsWith("MBD", StringComparison.Ordinal)))
            {
                throw new Refusal(NpesErrors.DocumentEmbeddedObject, $"'{name}' contains embedded objects; send it without.", "OLE object");
            }

            CheckBiff(name, file.Read(workbook, (int)Math.Min(limits.MaxUnpackedBytes, 64L * 1024 * 1024)) ?? []);
            return new OfficeDocument("xls", Xls);
        }

        throw new Refusal(NpesErrors.DocumentTypeUnsupported, $"'{name}' is an OLE compound file, but not a Word (.doc) or Excel (.xls) document.");
    }

    /// <summary>The workbook's records: FILEPASS (encryption), SUPBOOK to another file, macro sheets.</summary>
    private static void CheckBiff(string name, byte[] stream)
    {
        var at = 0;
        while (at + 4 <= stream.Length)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(at));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(at + 2));
            var data = stream.AsSpan(at + 4, Math.Min(length, stream.Length - at - 4));
            switch (type)
            {
                case 0x002F:
                    throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is encrypted (password-protected); send it without a password.");
                case 0x01AE when data.Length >= 4:
                    var marker = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
                    if (marker is not (0x0401 or 0x3A01))
                    {
                        throw new Refusal(NpesErrors.DocumentExternalLink, $"'{name}' refers to other workbooks (external links); send it with values instead.", "external workbook");
                    }

                    break;
                case 0x0085 when data.Length >= 6 && data[5] is 0x01 or 0x06:
                    throw new Refusal(NpesErrors.DocumentMacros, $"'{name}' contains macro sheets; send it without them.", "macro sheet");
                default:
                    break;
            }

            at += 4 + length;
        }
    }

    private static bool IsWebLink(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    private static bool IsInsidePackage(string href) =>
        !href.Contains(':', StringComparison.Ordinal) && !href.StartsWith('/') && !href.StartsWith("../", StringComparison.Ordinal) && !href.StartsWith('\\');

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80];

    private static byte[] ReadPart(string name, ZipArchiveEntry entry, long maxBytes)
    {
        using var stream = entry.Open();
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has a part ({Clip(entry.FullName)}) larger than {maxBytes / (1024 * 1024)} MB.", "part size");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    /// <summary>Reads a part as XML (no DTD, no external resolution, bounded size) and shows every node to <paramref name="visit"/>.</summary>
    private static void Xml(string name, ZipArchiveEntry entry, ContentLimits limits, Action<XmlReader> visit)
    {
        var bytes = ReadPart(name, entry, Math.Min(limits.MaxUnpackedBytes, 64L * 1024 * 1024));
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = bytes.LongLength * 2,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
        while (reader.Read())
        {
            visit(reader);
        }
    }
}
