using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Npes.Print.Rendering;

/// <summary>
/// Compresses a PDFsharp file's streams properly. PDFsharp 6.5 writes FlateDecode streams with a zlib header and a
/// finished deflate stream but without the Adler-32 checksum (its <c>FlateDecode.Encode</c> wraps a raw
/// <c>DeflateStream</c>), so qpdf reports "input stream is complete but output may still be valid" for each one.
/// NPES therefore saves with PDFsharp's compression off and runs this pass over the bytes: every stream without a
/// filter (except XMP metadata) is compressed with <see cref="ZLibStream"/>, every FlateDecode stream that lacks its
/// checksum (imported from a sender's PDFsharp-made file) gets it appended; <c>/Length</c> values and the
/// cross-reference offsets follow. Nothing else changes.
/// </summary>
/// <remarks>
/// It reads the layout PDFsharp writes: a classic cross-reference table, objects at the offsets it lists, stream
/// dictionaries with a direct <c>/Length</c>. A file of any other shape, or a stream it cannot decode, is left as it is.
/// </remarks>
internal static partial class StreamFinisher
{
    private const int AdlerBase = 65521;

    /// <summary>Streams shorter than this stay uncompressed: setting up a compressor costs more than the bytes saved.</summary>
    private const int MinimumToCompress = 1024;

    /// <summary>The file with its streams compressed and completed; the same array when nothing needed it.</summary>
    public static byte[] Finish(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        return Finish(pdf, pdf.Length) ?? pdf;
    }

    /// <summary>
    /// The file in <paramref name="buffer"/>[0..<paramref name="length"/>) (a save stream's buffer, not copied first)
    /// with its streams compressed and completed, in a new array; null when nothing needed it.
    /// </summary>
    public static byte[]? Finish(byte[] buffer, int length)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!TryReadXref(buffer, length, out var xrefOffset, out var startxref, out var offsets))
        {
            return null;
        }

        offsets.Sort();
        var edits = new List<Edit>();
        for (var i = 0; i < offsets.Count; i++)
        {
            var end = i + 1 < offsets.Count ? offsets[i + 1] : xrefOffset;
            FindEdits(buffer, offsets[i], end, edits);
        }

        if (edits.Count == 0)
        {
            return null;
        }

        // How far each old position moves: edits are in file order.
        var moves = new List<(int From, int Delta)>(edits.Count);
        var delta = 0;
        foreach (var edit in edits)
        {
            delta += edit.Insert.Length - edit.Remove;
            moves.Add((edit.Position + edit.Remove, delta));
        }

        // The cross-reference table keeps its fixed-width entries; only the offsets move.
        var table = Encoding.ASCII.GetString(buffer, xrefOffset, startxref - xrefOffset);
        var rewritten = EntryPattern().Replace(table, m => m.Groups[3].Value != "n"
            ? m.Value
            : string.Create(CultureInfo.InvariantCulture, $"{MovedTo(moves, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)):D10} {m.Groups[2].Value} n"));
        var tail = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{rewritten}startxref\n{xrefOffset + delta}\n%%EOF\n"));

        // One exact allocation: the body with the edits applied, then the table and trailer.
        var output = new byte[xrefOffset + delta + tail.Length];
        var to = 0;
        var at = 0;
        foreach (var edit in edits)
        {
            buffer.AsSpan(at, edit.Position - at).CopyTo(output.AsSpan(to));
            to += edit.Position - at;
            edit.Insert.CopyTo(output, to);
            to += edit.Insert.Length;
            at = edit.Position + edit.Remove;
        }

        buffer.AsSpan(at, xrefOffset - at).CopyTo(output.AsSpan(to));
        to += xrefOffset - at;
        tail.CopyTo(output, to);
        return output;
    }

    private static int MovedTo(List<(int From, int Delta)> moves, int offset)
    {
        // The last edit that ended at or before the offset gives its cumulative shift.
        int low = 0, high = moves.Count - 1, delta = 0;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (moves[mid].From <= offset)
            {
                delta = moves[mid].Delta;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return offset + delta;
    }

    private static void FindEdits(byte[] pdf, int start, int end, List<Edit> edits)
    {
        var span = pdf.AsSpan(start, end - start);
        var close = span.IndexOf(">>\nstream\n"u8);
        var eol = 1;
        if (close < 0)
        {
            close = span.IndexOf(">>\r\nstream\r\n"u8);
            eol = 2;
        }

        if (close < 0)
        {
            return;
        }

        var dictionary = Encoding.Latin1.GetString(span[..close]);
        if (LengthPattern().Match(dictionary) is not { Success: true } length)
        {
            return;
        }

        var dataStart = start + close + 2 + eol + 6 + eol;
        var dataLength = int.Parse(length.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        if (dataStart + dataLength > end || !pdf.AsSpan(dataStart + dataLength).TrimStart("\r\n"u8).StartsWith("endstream"u8))
        {
            return;
        }

        var lengthPosition = start + length.Groups[1].Index; // Latin-1: one character per byte
        if (!FilterKey().IsMatch(dictionary))
        {
            if (MetadataType().IsMatch(dictionary) || dataLength < MinimumToCompress)
            {
                return; // XMP stays readable as text (PDF/A asks for it); small streams are not worth a compressor
            }

            var compressed = Compress(pdf.AsSpan(dataStart, dataLength));
            edits.Add(new Edit(lengthPosition, length.Groups[1].Length, Ascii(compressed.Length)));
            edits.Add(new Edit(start + close, 0, "/Filter/FlateDecode"u8.ToArray()));
            edits.Add(new Edit(dataStart, dataLength, compressed));
            return;
        }

        if (FlateOnly().IsMatch(dictionary) && MissingChecksum(pdf, dataStart, dataLength) is { } checksum)
        {
            edits.Add(new Edit(lengthPosition, length.Groups[1].Length, Ascii(dataLength + 4)));
            edits.Add(new Edit(dataStart + dataLength, 0, checksum));
        }
    }

    private static byte[] Ascii(int value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var buffer = new MemoryStream((data.Length / 3) + 64);
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>The Adler-32 trailer a complete zlib stream would end with, or null when it has it (or is not zlib).</summary>
    private static byte[]? MissingChecksum(byte[] pdf, int dataStart, int dataLength)
    {
        var data = pdf.AsSpan(dataStart, dataLength);
        if (dataLength < 6 || (data[0] & 0x0F) != 8 || (data[1] & 0x20) != 0 || ((data[0] << 8) | data[1]) % 31 != 0)
        {
            return null;
        }

        uint a = 1, b = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(pdf, dataStart + 2, dataLength - 2, writable: false), CompressionMode.Decompress);
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                // At most 5552 bytes can be summed before the 32-bit sums must be reduced.
                for (var chunk = 0; chunk < read; chunk += 5552)
                {
                    var stop = Math.Min(read, chunk + 5552);
                    for (var i = chunk; i < stop; i++)
                    {
                        a += buffer[i];
                        b += a;
                    }

                    a %= AdlerBase;
                    b %= AdlerBase;
                }
            }
        }
        catch (InvalidDataException)
        {
            return null; // damaged: leave it as the sender made it
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var adler = (b << 16) | a;
        byte[] trailer = [(byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler];
        return data[Math.Max(2, dataLength - 16)..].IndexOf(trailer) >= 0 ? null : trailer;
    }

    private static bool TryReadXref(byte[] pdf, int length, out int xrefOffset, out int startxref, out List<int> offsets)
    {
        xrefOffset = 0;
        offsets = [];
        startxref = pdf.AsSpan(0, length).LastIndexOf("startxref"u8);
        if (startxref < 0)
        {
            return false;
        }

        var number = Encoding.ASCII.GetString(pdf, startxref + 9, Math.Min(24, length - startxref - 9)).Trim().Split('\n', '\r')[0].Trim();
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out xrefOffset)
            || xrefOffset <= 0 || xrefOffset >= startxref || !pdf.AsSpan(xrefOffset).StartsWith("xref"u8))
        {
            return false; // a cross-reference stream: not PDFsharp's plain layout
        }

        var table = Encoding.ASCII.GetString(pdf, xrefOffset, startxref - xrefOffset);
        var trailer = table.IndexOf("trailer", StringComparison.Ordinal);
        if (trailer < 0 || table.IndexOf("/Prev", trailer, StringComparison.Ordinal) >= 0)
        {
            return false; // an incremental update
        }

        foreach (Match m in EntryPattern().Matches(table[..trailer]))
        {
            var offset = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            if (m.Groups[3].Value == "n" && offset > 0 && offset < xrefOffset)
            {
                offsets.Add(offset);
            }
        }

        return offsets.Count > 0;
    }

    [GeneratedRegex(@"/Filter(?![A-Za-z0-9])|/DecodeParms")]
    private static partial Regex FilterKey();

    [GeneratedRegex(@"/Filter\s*/FlateDecode(?![A-Za-z0-9])")]
    private static partial Regex FlateOnly();

    [GeneratedRegex(@"/Type\s*/Metadata(?![A-Za-z0-9])")]
    private static partial Regex MetadataType();

    [GeneratedRegex(@"/Length\s+(\d+)(?!\s+\d+\s+R)(?=[\s/>]|$)")]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"(\d{10}) (\d{5}) ([nf])")]
    private static partial Regex EntryPattern();

    private sealed record Edit(int Position, int Remove, byte[] Insert);
}
