using System.Globalization;
using System.Text;
using Npes.Core.Errors;
using Npes.Documents.Protocol;
using static Npes.DocumentWorker.Pdf.QpdfLibrary;

namespace Npes.DocumentWorker.Pdf;

/// <summary>A PDF qpdf rewrote and the checks passed.</summary>
/// <param name="Repairs">Warnings qpdf gave while reading and repairing the structure (0 for a clean file).</param>
internal sealed record NormalisedPdf(byte[] Content, int Pages, int Repairs);

/// <summary>
/// Checks and rewrites a PDF with Debian's qpdf (libqpdf). qpdf parses the sender's file — repairing a damaged
/// cross-reference table, refusing what it cannot read, giving up on nesting deeper than 500 — and the worker walks
/// every object reachable from the trailer without recursion: encryption, nesting deeper than the limit, more objects
/// or pages than the limit, active content of any kind, image XObjects with more pixels than the limit, and streams
/// that decompress past the per-stream or total limit (decoded here with caps, never by qpdf) are refused. Then qpdf
/// writes the file anew without object streams and with stream data as it was; a result more than 8 times the
/// original (and over 64 MB) is an object-stream bomb. What passes is the file print and previews use.
/// </summary>
internal sealed unsafe class PdfNormaliser(WorkerSettings settings)
{
    private const long MinOutputBytes = 64L * 1024 * 1024;

    // Names are compared as bytes (a name may hold bytes that are not UTF-8), with their terminating zero.
    private static readonly (byte[] Key, string Kind)[] ActiveKeys =
    [
        (Z("/JS"), "JavaScript"), (Z("/JavaScript"), "JavaScript"), (Z("/EmbeddedFiles"), "EmbeddedFile"), (Z("/EF"), "EmbeddedFile"),
        (Z("/XFA"), "XFA"), (Z("/RichMediaContent"), "RichMedia"), (Z("/RichMediaSettings"), "RichMedia"),
    ];

    private static readonly (byte[] Value, string Kind)[] ActiveActions =
    [
        (Z("/JavaScript"), "JavaScript"), (Z("/Launch"), "Launch"), (Z("/URI"), "URI"), (Z("/SubmitForm"), "SubmitForm"), (Z("/GoToR"), "GoToR"),
        (Z("/ImportData"), "ImportData"), (Z("/GoToE"), "EmbeddedFile"), (Z("/Rendition"), "RichMedia"), (Z("/Movie"), "RichMedia"),
        (Z("/Sound"), "RichMedia"), (Z("/RichMediaExecute"), "RichMedia"),
    ];

    private static readonly (byte[] Value, string Kind)[] ActiveSubtypes =
    [
        (Z("/RichMedia"), "RichMedia"), (Z("/Movie"), "RichMedia"), (Z("/Sound"), "RichMedia"), (Z("/Screen"), "RichMedia"), (Z("/3D"), "RichMedia"),
        (Z("/FileAttachment"), "EmbeddedFile"),
    ];

    private static readonly string[] ExpandingFilters =
        ["/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85", "/RunLengthDecode", "/RL"];

    private static readonly byte[] KeyS = Z("/S");
    private static readonly byte[] KeySubtype = Z("/Subtype");
    private static readonly byte[] KeyType = Z("/Type");
    private static readonly byte[] KeyFilter = Z("/Filter");
    private static readonly byte[] KeyWidth = Z("/Width");
    private static readonly byte[] KeyHeight = Z("/Height");
    private static readonly byte[] NameImage = Z("/Image");
    private static readonly byte[] NameEmbeddedFile = Z("/EmbeddedFile");

    public NormalisedPdf Normalise(string name, byte[] content, bool allowLinks)
    {
        var qpdf = qpdf_init();
        var description = Encoding.ASCII.GetBytes("document\0");
        var password = new byte[] { 0 };
        try
        {
            fixed (byte* data = content)
            fixed (byte* what = description)
            fixed (byte* empty = password)
            {
                qpdf_silence_errors(qpdf);
                var read = qpdf_read_memory(qpdf, what, data, (ulong)content.LongLength, empty);
                if ((read & Errors) != 0)
                {
                    throw Unreadable(name, Error(qpdf));
                }

                var repairs = Warnings(name, qpdf);
                if (qpdf_is_encrypted(qpdf) != 0)
                {
                    throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.");
                }

                var pages = qpdf_get_num_pages(qpdf);
                if (qpdf_has_error(qpdf) != 0 || pages < 0)
                {
                    throw Unreadable(name, Error(qpdf));
                }

                if (pages == 0)
                {
                    throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is a PDF without pages.");
                }

                if (pages > settings.Limits.MaxPages)
                {
                    throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has {pages} pages; at most {settings.Limits.MaxPages} are accepted.", "pages");
                }

                new Walk(name, qpdf, settings.Limits, allowLinks).Run();
                repairs += Warnings(name, qpdf);
                if (qpdf_has_error(qpdf) != 0)
                {
                    throw Unreadable(name, Error(qpdf));
                }

                if ((qpdf_init_write_memory(qpdf) & Errors) != 0)
                {
                    throw Unreadable(name, Error(qpdf));
                }

                qpdf_set_object_stream_mode(qpdf, ObjectStreamsDisable);
                qpdf_set_decode_level(qpdf, DecodeNone);
                if ((qpdf_write(qpdf) & Errors) != 0)
                {
                    throw Unreadable(name, Error(qpdf));
                }

                var length = (long)qpdf_get_buffer_length(qpdf);
                if (length > Math.Max(8L * content.Length, MinOutputBytes) || length > settings.MaxReplyBytes)
                {
                    throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' grows to {length / (1024 * 1024)} MB when its objects are written out (an object-stream bomb).", "output");
                }

                var output = new ReadOnlySpan<byte>(qpdf_get_buffer(qpdf), (int)length).ToArray();
                return new NormalisedPdf(output, pages, repairs);
            }
        }
        finally
        {
            qpdf_cleanup(ref qpdf);
        }
    }

    private static byte[] Z(string name) => [.. Encoding.ASCII.GetBytes(name), 0];

    private static string Error(nint qpdf) => qpdf_has_error(qpdf) != 0 ? Text(qpdf_get_error_full_text(qpdf, qpdf_get_error(qpdf))) : string.Empty;

    /// <summary>Counts qpdf's warnings (repairs); nesting it gave up on is a refusal.</summary>
    private static int Warnings(string name, nint qpdf)
    {
        var count = 0;
        while (qpdf_more_warnings(qpdf) != 0)
        {
            var text = Text(qpdf_get_error_full_text(qpdf, qpdf_next_warning(qpdf)));
            if (text.Contains("excessively deeply nested", StringComparison.Ordinal))
            {
                throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' nests arrays or dictionaries too deeply.", "nesting");
            }

            count++;
        }

        return count;
    }

    private static Refusal Unreadable(string name, string error)
    {
        if (error.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.");
        }

        if (error.Contains("bad_alloc", StringComparison.Ordinal) || error.Contains("memory", StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' needs more memory to read than a document may use.", "memory");
        }

        if (error.Contains("excessively deeply nested", StringComparison.Ordinal))
        {
            return new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' nests arrays or dictionaries too deeply.", "nesting");
        }

        // qpdf's own words, without the description it was given
        var reason = error.Replace("document: ", string.Empty, StringComparison.Ordinal).Replace("document (", "(", StringComparison.Ordinal).Trim();
        return new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable PDF{(reason.Length == 0 ? string.Empty : " (" + (reason.Length > 200 ? reason[..200] : reason) + ")")}.");
    }

    /// <summary>Every object reachable from the trailer, with an explicit stack; each handle is released after use.</summary>
    private sealed class Walk(string name, nint qpdf, ContentLimits limits, bool allowLinks)
    {
        private readonly HashSet<(int, int)> _visited = [];
        private readonly Stack<(uint Handle, int Depth, int Object)> _pending = new();
        private long _values;
        private long _decoded;

        public void Run()
        {
            _pending.Push((qpdf_get_trailer(qpdf), 0, 0));
            var maxValues = (long)limits.MaxObjects * 64;
            while (_pending.TryPop(out var item))
            {
                var (handle, depth, owner) = item;
                try
                {
                    if (++_values > maxValues)
                    {
                        throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has more than {maxValues} values.", "objects");
                    }

                    if (qpdf_oh_is_indirect(qpdf, handle) != 0)
                    {
                        var id = (qpdf_oh_get_object_id(qpdf, handle), qpdf_oh_get_generation(qpdf, handle));
                        if (!_visited.Add(id))
                        {
                            continue;
                        }

                        if (_visited.Count > limits.MaxObjects)
                        {
                            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' has more than {limits.MaxObjects} objects.", "objects");
                        }

                        depth = 0;
                        owner = id.Item1;
                    }

                    if (depth > limits.MaxNestingDepth)
                    {
                        throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' nests arrays or dictionaries deeper than {limits.MaxNestingDepth} levels.", "nesting");
                    }

                    if (qpdf_oh_is_stream(qpdf, handle) != 0)
                    {
                        var dictionary = qpdf_oh_get_dict(qpdf, handle);
                        try
                        {
                            Entries(dictionary, depth, owner);
                            Stream(handle, dictionary, owner);
                        }
                        finally
                        {
                            qpdf_oh_release(qpdf, dictionary);
                        }
                    }
                    else if (qpdf_oh_is_dictionary(qpdf, handle) != 0)
                    {
                        Entries(handle, depth, owner);
                    }
                    else if (qpdf_oh_is_array(qpdf, handle) != 0)
                    {
                        var count = qpdf_oh_get_array_n_items(qpdf, handle);
                        for (var i = 0; i < count; i++)
                        {
                            Push(qpdf_oh_get_array_item(qpdf, handle, i), depth + 1, owner);
                        }
                    }
                }
                finally
                {
                    qpdf_oh_release(qpdf, handle);
                }
            }
        }

        private void Push(uint handle, int depth, int owner)
        {
            if (qpdf_oh_is_indirect(qpdf, handle) != 0 || qpdf_oh_is_array(qpdf, handle) != 0 || qpdf_oh_is_dictionary(qpdf, handle) != 0)
            {
                _pending.Push((handle, depth, owner));
            }
            else
            {
                qpdf_oh_release(qpdf, handle);
            }
        }

        private void Entries(uint dictionary, int depth, int owner)
        {
            var keys = new List<byte[]>();
            qpdf_oh_begin_dict_key_iter(qpdf, dictionary);
            while (qpdf_oh_dict_more_keys(qpdf) != 0)
            {
                keys.Add(Bytes(qpdf_oh_dict_next_key(qpdf)));
            }

            foreach (var key in keys)
            {
                Refuse(Kind(key, ActiveKeys), owner);
                fixed (byte* k = key)
                {
                    var value = qpdf_oh_get_key(qpdf, dictionary, k);
                    if (qpdf_oh_is_name(qpdf, value) != 0)
                    {
                        var text = Bytes(qpdf_oh_get_name(qpdf, value));
                        var kind = key.AsSpan().SequenceEqual(KeyS) ? Kind(text, ActiveActions)
                            : key.AsSpan().SequenceEqual(KeySubtype) ? Kind(text, ActiveSubtypes)
                            : key.AsSpan().SequenceEqual(KeyType) && text.AsSpan().SequenceEqual(NameEmbeddedFile) ? "EmbeddedFile"
                            : null;
                        Refuse(kind == "URI" && allowLinks ? null : kind, owner);
                    }

                    Push(value, depth + 1, owner);
                }
            }
        }

        private void Refuse(string? kind, int owner)
        {
            if (kind is not null)
            {
                throw new Refusal(
                    NpesErrors.DocumentActiveContent,
                    string.Create(CultureInfo.InvariantCulture, $"'{name}' contains active content ({kind}, in object {owner}), which NPES does not deliver; send the document without it."),
                    kind);
            }
        }

        private static string? Kind(byte[] name, (byte[] Name, string Kind)[] table)
        {
            foreach (var (candidate, kind) in table)
            {
                if (name.AsSpan().SequenceEqual(candidate))
                {
                    return kind;
                }
            }

            return null;
        }

        /// <summary>An image's pixel count, and the stream's decoded size through its expanding filters (capped).</summary>
        private void Stream(uint stream, uint dictionary, int owner)
        {
            var where = "object " + owner.ToString(CultureInfo.InvariantCulture);
            if (NameOf(dictionary, KeySubtype) is { } subtype && subtype.AsSpan().SequenceEqual(NameImage))
            {
                var width = Number(dictionary, KeyWidth);
                var height = Number(dictionary, KeyHeight);
                if (width is not > 0 || height is not > 0)
                {
                    throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' has an image ({where}) without a valid size.");
                }

                if (width.Value * height.Value > limits.MaxImagePixels)
                {
                    throw new Refusal(
                        NpesErrors.DocumentImageTooLarge,
                        string.Create(CultureInfo.InvariantCulture, $"'{name}' has an image ({where}) of {width:0} × {height:0} pixels; at most {limits.MaxImagePixels} pixels are accepted."),
                        "image");
                }
            }

            var filters = Filters(dictionary);
            if (filters.Count == 0)
            {
                return;
            }

            byte* buffer = null;
            nuint length = 0;
            if ((qpdf_oh_get_stream_data(qpdf, stream, DecodeNone, null, &buffer, &length) & Errors) != 0 || buffer is null)
            {
                return; // unreadable stream data: a renderer gets nothing from it either
            }

            try
            {
                var raw = (long)Math.Min((ulong)length, long.MaxValue);
                if (filters is ["/FlateDecode" or "/Fl"]
                    && StreamDecoders.FlateBound(raw) is var bound && bound <= limits.MaxStreamBytes && _decoded + bound <= limits.MaxDecodedBytes / 2)
                {
                    // Deflate cannot expand more than 1032:1, so this stream cannot reach the limits: it is counted at
                    // that bound instead of being inflated. Only while the count stays within half of the total, so
                    // the streams that do need decoding keep the other half.
                    _decoded += bound;
                    return;
                }

                // decoded where qpdf put the raw bytes: no copy of them is made
                var cap = Math.Min(limits.MaxStreamBytes, limits.MaxDecodedBytes - _decoded);
                _decoded += StreamDecoders.DecodedLength(name, buffer, raw, filters, cap, where);
            }
            finally
            {
                free(buffer);
            }
        }

        /// <summary>The stream's filters, as far as they are ones that expand (the first other filter ends the list).</summary>
        private List<string> Filters(uint dictionary)
        {
            var filters = new List<string>();
            fixed (byte* key = KeyFilter)
            {
                var filter = qpdf_oh_get_key(qpdf, dictionary, key);
                try
                {
                    if (qpdf_oh_is_name(qpdf, filter) != 0)
                    {
                        Add(filter);
                    }
                    else if (qpdf_oh_is_array(qpdf, filter) != 0)
                    {
                        var count = Math.Min(qpdf_oh_get_array_n_items(qpdf, filter), 32);
                        for (var i = 0; i < count && filters.Count == i; i++)
                        {
                            var item = qpdf_oh_get_array_item(qpdf, filter, i);
                            Add(item);
                            qpdf_oh_release(qpdf, item);
                        }
                    }
                }
                finally
                {
                    qpdf_oh_release(qpdf, filter);
                }
            }

            return filters;

            void Add(uint handle)
            {
                if (qpdf_oh_is_name(qpdf, handle) == 0)
                {
                    return;
                }

                var text = Text(qpdf_oh_get_name(qpdf, handle));
                if (ExpandingFilters.Contains(text, StringComparer.Ordinal))
                {
                    filters.Add(text);
                }
            }
        }

        private byte[]? NameOf(uint dictionary, byte[] key)
        {
            fixed (byte* k = key)
            {
                var value = qpdf_oh_get_key(qpdf, dictionary, k);
                try
                {
                    return qpdf_oh_is_name(qpdf, value) != 0 ? Bytes(qpdf_oh_get_name(qpdf, value)) : null;
                }
                finally
                {
                    qpdf_oh_release(qpdf, value);
                }
            }
        }

        private double? Number(uint dictionary, byte[] key)
        {
            fixed (byte* k = key)
            {
                var value = qpdf_oh_get_key(qpdf, dictionary, k);
                try
                {
                    return qpdf_oh_is_number(qpdf, value) != 0 ? qpdf_oh_get_numeric_value(qpdf, value) : null;
                }
                finally
                {
                    qpdf_oh_release(qpdf, value);
                }
            }
        }
    }
}
