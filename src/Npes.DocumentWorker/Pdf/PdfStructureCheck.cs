using System.Globalization;
using System.Text.Json;
using Npes.Core.Errors;
using Npes.Documents.Protocol;

namespace Npes.DocumentWorker.Pdf;

/// <summary>
/// Checks a PDF as qpdf describes it (<c>qpdf --json=2</c> of the normalised file, raw stream data inline): qpdf parsed
/// it; this walks the description without recursion. Refused: encryption, nesting deeper than the limit (the JSON
/// reader's depth limit), more objects or pages than the limit, active content of any kind, image XObjects with more
/// pixels than the limit, streams that decompress past the per-stream or total limit.
/// </summary>
internal static class PdfStructureCheck
{
    // The JSON around a PDF value: root { qpdf [ {} { "obj:…" { "stream" { "dict" … } } } ] } is six levels.
    private const int JsonOverhead = 6;

    /// <summary>The page count of the described PDF.</summary>
    public static int Check(string name, byte[] json, ContentLimits limits, bool allowLinks)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.MaxNestingDepth + JsonOverhead });
        }
        catch (JsonException e) when (e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' nests arrays or dictionaries deeper than {limits.MaxNestingDepth} levels.", "nesting");
        }
        catch (JsonException)
        {
            throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable PDF.");
        }

        using (document)
        {
            try
            {
                return Check(name, document.RootElement, limits, allowLinks);
            }
            catch (InvalidOperationException)
            {
                // qpdf writes a name's bytes as they are; bytes that are not UTF-8 cannot be read as a string.
                throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable PDF (a name or string is not valid text).");
            }
        }
    }

    private static int Check(string name, JsonElement root, ContentLimits limits, bool allowLinks)
    {
        {
            if (root.TryGetProperty("encrypt", out var encrypt) && encrypt.TryGetProperty("encrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.");
            }

            var pages = root.TryGetProperty("pages", out var pageList) && pageList.ValueKind == JsonValueKind.Array ? pageList.GetArrayLength() : 0;
            if (pages == 0)
            {
                throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is a PDF without pages.");
            }

            if (pages > limits.MaxPages)
            {
                throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has {pages} pages; at most {limits.MaxPages} are accepted.", "pages");
            }

            if (!root.TryGetProperty("qpdf", out var qpdf) || qpdf.ValueKind != JsonValueKind.Array || qpdf.GetArrayLength() < 2)
            {
                throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable PDF.");
            }

            var objects = qpdf[1];
            var count = 0;
            var index = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var item in objects.EnumerateObject())
            {
                if (++count > limits.MaxObjects)
                {
                    throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has more than {limits.MaxObjects} objects.", "objects");
                }

                if (item.Name.StartsWith("obj:", StringComparison.Ordinal))
                {
                    index[item.Name[4..]] = item.Value;
                }
            }

            long decoded = 0;
            foreach (var item in objects.EnumerateObject())
            {
                var where = item.Name.StartsWith("obj:", StringComparison.Ordinal) ? "object " + item.Name[4..] : item.Name;
                if (item.Value.TryGetProperty("value", out var value))
                {
                    Walk(name, value, where, allowLinks);
                }
                else if (item.Value.TryGetProperty("stream", out var stream) && stream.TryGetProperty("dict", out var dictionary))
                {
                    Walk(name, dictionary, where, allowLinks);
                    decoded += CheckStream(name, stream, dictionary, index, limits, limits.MaxDecodedBytes - decoded, where);
                }
            }

            return pages;
        }
    }

    /// <summary>Every dictionary and array below <paramref name="value"/>, with an explicit stack.</summary>
    private static void Walk(string name, JsonElement value, string where, bool allowLinks)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var child in element.EnumerateArray())
                    {
                        if (child.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                        {
                            pending.Push(child);
                        }
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var entry in element.EnumerateObject())
                    {
                        var kind = ActiveKind(entry, allowLinks);
                        if (kind is not null)
                        {
                            throw new Refusal(
                                NpesErrors.DocumentActiveContent,
                                $"'{name}' contains active content ({kind}, in {where}), which NPES does not deliver; send the document without it.",
                                kind);
                        }

                        if (entry.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                        {
                            pending.Push(entry.Value);
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    // Names are compared as qpdf wrote them (UTF-8 bytes), never decoded: a name may hold bytes that are not UTF-8.
    private static readonly (string Key, string Kind)[] ActiveKeys =
    [
        ("/JS", "JavaScript"), ("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "EmbeddedFile"), ("/EF", "EmbeddedFile"), ("/XFA", "XFA"),
        ("/RichMediaContent", "RichMedia"), ("/RichMediaSettings", "RichMedia"),
    ];

    private static readonly (string Value, string Kind)[] ActiveActions =
    [
        ("/JavaScript", "JavaScript"), ("/Launch", "Launch"), ("/URI", "URI"), ("/SubmitForm", "SubmitForm"), ("/GoToR", "GoToR"),
        ("/ImportData", "ImportData"), ("/GoToE", "EmbeddedFile"), ("/Rendition", "RichMedia"), ("/Movie", "RichMedia"), ("/Sound", "RichMedia"),
        ("/RichMediaExecute", "RichMedia"),
    ];

    private static readonly (string Value, string Kind)[] ActiveSubtypes =
    [
        ("/RichMedia", "RichMedia"), ("/Movie", "RichMedia"), ("/Sound", "RichMedia"), ("/Screen", "RichMedia"), ("/3D", "RichMedia"), ("/FileAttachment", "EmbeddedFile"),
    ];

    private static readonly string[] ExpandingFilters =
        ["/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85", "/RunLengthDecode", "/RL"];

    private static string? ActiveKind(JsonProperty entry, bool allowLinks)
    {
        foreach (var (key, kind) in ActiveKeys)
        {
            if (entry.NameEquals(key))
            {
                return kind;
            }
        }

        if (entry.Value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var table = entry.NameEquals("/S") ? ActiveActions : entry.NameEquals("/Subtype") ? ActiveSubtypes : null;
        if (table is not null)
        {
            foreach (var (value, kind) in table)
            {
                if (entry.Value.ValueEquals(value))
                {
                    return kind == "URI" && allowLinks ? null : kind;
                }
            }
        }

        return entry.NameEquals("/Type") && entry.Value.ValueEquals("/EmbeddedFile") ? "EmbeddedFile" : null;
    }

    /// <summary>Checks an image's pixel count and the stream's decoded size; returns the decoded size.</summary>
    private static long CheckStream(string name, JsonElement stream, JsonElement dictionary, Dictionary<string, JsonElement> index, ContentLimits limits, long remaining, string where)
    {
        if (dictionary.TryGetProperty("/Subtype", out var subtype) && Resolve(subtype, index).ValueEquals("/Image"))
        {
            var width = Number(dictionary, "/Width", index);
            var height = Number(dictionary, "/Height", index);
            if (width is null || height is null || width <= 0 || height <= 0)
            {
                throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' has an image ({where}) without a valid size.");
            }

            if (width.Value * height.Value > limits.MaxImagePixels)
            {
                throw new Refusal(
                    NpesErrors.DocumentImageTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"'{name}' has an image ({where}) of {width} × {height} pixels; at most {limits.MaxImagePixels} pixels are accepted."),
                    "image");
            }
        }

        if (!stream.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
        {
            return 0;
        }

        var raw = data.GetBytesFromBase64();
        var filters = Filters(dictionary, index);
        var cap = Math.Min(limits.MaxStreamBytes, remaining);
        return StreamDecoders.DecodedLength(name, raw, filters, cap, where);
    }

    /// <summary>The stream's filters, as far as they are ones that expand (the first other filter ends the list).</summary>
    private static List<string> Filters(JsonElement dictionary, Dictionary<string, JsonElement> index)
    {
        if (!dictionary.TryGetProperty("/Filter", out var filter))
        {
            return [];
        }

        filter = Resolve(filter, index);
        IEnumerable<JsonElement> names = filter.ValueKind == JsonValueKind.Array ? [.. filter.EnumerateArray().Select(f => Resolve(f, index))] : [filter];
        var filters = new List<string>();
        foreach (var name in names)
        {
            var known = name.ValueKind == JsonValueKind.String ? ExpandingFilters.FirstOrDefault(f => name.ValueEquals(f)) : null;
            if (known is null)
            {
                break;
            }

            filters.Add(known);
        }

        return filters;
    }

    private static long? Number(JsonElement dictionary, string key, Dictionary<string, JsonElement> index) =>
        dictionary.TryGetProperty(key, out var value) && Resolve(value, index) is { ValueKind: JsonValueKind.Number } resolved
            ? (long)Math.Min(resolved.GetDouble(), long.MaxValue / 4)
            : null;

    /// <summary>An indirect reference ("12 0 R") to its object's value, one step (qpdf resolves no chains either).</summary>
    private static JsonElement Resolve(JsonElement value, Dictionary<string, JsonElement> index)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        string? text;
        try
        {
            text = value.GetString();
        }
        catch (InvalidOperationException)
        {
            return value; // not UTF-8: a name or string, not a reference
        }

        return text is not null && text.EndsWith(" R", StringComparison.Ordinal) && index.TryGetValue(text, out var target) && target.TryGetProperty("value", out var resolved)
            ? resolved
            : value;
    }
}
