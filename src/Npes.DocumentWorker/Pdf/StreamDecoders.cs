using System.IO.Compression;
using Npes.Core.Errors;

namespace Npes.DocumentWorker.Pdf;

/// <summary>
/// Decodes a PDF stream's filter chain without ever holding more than a cap: Flate, LZW, ASCIIHex, ASCII85 and
/// RunLength, which are the filters that expand. Image codecs (DCT, JPX, JBIG2, CCITT) end the chain; their size
/// is bounded by the image's pixel count instead. Damaged data ends decoding where it breaks (a renderer stops there too).
/// </summary>
internal static unsafe class StreamDecoders
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// The most that <paramref name="compressed"/> bytes of zlib/deflate data can inflate to. A deflate match copies
    /// at most 258 bytes and costs at least 2 bits (a 1-bit length code and a 1-bit distance code), so no stream
    /// expands more than 1032:1 (zlib's technical notes); the constant covers the headers and a last partial byte.
    /// </summary>
    public static long FlateBound(long compressed) => compressed > long.MaxValue / 2048 ? long.MaxValue : (compressed * 1032) + 1024;

    /// <summary>
    /// The decoded length of the <paramref name="length"/> raw bytes at <paramref name="raw"/> (qpdf's buffer, read
    /// in place) through <paramref name="filters"/>; throws a refusal past <paramref name="cap"/>. Every filter but
    /// the last hands its output to the next; the last one's output is only counted, never kept, so a common
    /// Flate-compressed stream costs one pass of inflation and no copies.
    /// </summary>
    public static long DecodedLength(string name, byte* raw, long length, IReadOnlyList<string> filters, long cap, string where)
    {
        byte[]? data = null; // null: still the raw bytes in qpdf's buffer
        for (var i = 0; i < filters.Count; i++)
        {
            var last = i == filters.Count - 1;
            var filter = filters[i];
            long? counted = null;
            if (filter is "/FlateDecode" or "/Fl")
            {
                using Stream input = data is null ? new UnmanagedMemoryStream(raw, length) : new MemoryStream(data, writable: false);
                using var output = last ? null : new MemoryStream();
                counted = Inflate(input, cap, output);
                if (output is not null && counted is not null)
                {
                    data = output.ToArray();
                }
            }
            else
            {
                Func<byte[], long, byte[]?>? decoder = filter switch
                {
                    "/LZWDecode" or "/LZW" => Lzw,
                    "/ASCIIHexDecode" or "/AHx" => AsciiHex,
                    "/ASCII85Decode" or "/A85" => Ascii85,
                    "/RunLengthDecode" or "/RL" => RunLength,
                    _ => null,
                };
                if (decoder is null)
                {
                    break;
                }

                data = decoder(data ?? new ReadOnlySpan<byte>(raw, (int)Math.Min(length, int.MaxValue)).ToArray(), cap);
                counted = data?.LongLength;
            }

            if (counted is not { } decoded)
            {
                throw new Refusal(
                    NpesErrors.DocumentTooComplex,
                    $"'{name}' has a stream ({where}) that decompresses to more than {cap / (1024 * 1024)} MB.",
                    "decompressed size");
            }

            if (last)
            {
                return decoded;
            }
        }

        return data?.LongLength ?? length;
    }

    /// <summary>
    /// How many bytes <paramref name="input"/> inflates to, or null past <paramref name="cap"/>; the bytes go to
    /// <paramref name="output"/>, or nowhere when it is null (the last filter is only counted).
    /// </summary>
    private static long? Inflate(Stream input, long cap, MemoryStream? output)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkBytes);
        long total = 0;
        try
        {
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            int read;
            while ((read = inflater.Read(buffer, 0, ChunkBytes)) > 0)
            {
                total += read;
                if (total > cap)
                {
                    return null;
                }

                output?.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            // damaged: what decoded so far is what a renderer gets
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    private static byte[]? Lzw(byte[] data, long cap)
    {
        using var output = new MemoryStream();
        var table = new List<byte[]>(4096);
        void Reset()
        {
            table.Clear();
            for (var i = 0; i < 256; i++)
            {
                table.Add([(byte)i]);
            }

            table.Add([]); // 256: clear
            table.Add([]); // 257: end
        }

        Reset();
        var width = 9;
        long bitBuffer = 0;
        var bits = 0;
        byte[]? previous = null;
        foreach (var b in data)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bits += 8;
            while (bits >= width)
            {
                var code = (int)((bitBuffer >> (bits - width)) & ((1 << width) - 1));
                bits -= width;
                if (code == 256)
                {
                    Reset();
                    width = 9;
                    previous = null;
                    continue;
                }

                if (code == 257)
                {
                    return output.ToArray();
                }

                byte[] entry;
                if (code < table.Count)
                {
                    entry = table[code];
                    if (previous is not null)
                    {
                        table.Add([.. previous, entry[0]]);
                    }
                }
                else if (code == table.Count && previous is not null)
                {
                    entry = [.. previous, previous[0]];
                    table.Add(entry);
                }
                else
                {
                    return output.ToArray(); // damaged
                }

                if (output.Length + entry.Length > cap)
                {
                    return null;
                }

                output.Write(entry);
                previous = entry;
                // EarlyChange 1 (the default): the width grows one code early.
                if (table.Count + 1 >= (1 << width) && width < 12)
                {
                    width++;
                }

                if (table.Count >= 4096)
                {
                    return output.ToArray(); // a full table without a clear code: damaged
                }
            }
        }

        return output.ToArray();
    }

    private static byte[]? AsciiHex(byte[] data, long cap)
    {
        var output = new List<byte>(data.Length / 2);
        var high = -1;
        foreach (var c in data)
        {
            if (c == '>')
            {
                break;
            }

            var value = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                continue;
            }

            if (high < 0)
            {
                high = value;
            }
            else
            {
                output.Add((byte)((high << 4) | value));
                high = -1;
            }
        }

        if (high >= 0)
        {
            output.Add((byte)(high << 4));
        }

        return output.Count > cap ? null : [.. output];
    }

    private static byte[]? Ascii85(byte[] data, long cap)
    {
        using var output = new MemoryStream();
        Span<byte> group = stackalloc byte[5];
        var count = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c == '~')
            {
                break;
            }

            if (c == 'z' && count == 0)
            {
                output.Write([0, 0, 0, 0]);
            }
            else if (c is >= (byte)'!' and <= (byte)'u')
            {
                group[count++] = (byte)(c - '!');
                if (count == 5)
                {
                    Write(output, group, 4);
                    count = 0;
                }
            }

            if (output.Length > cap)
            {
                return null;
            }
        }

        if (count > 1)
        {
            for (var i = count; i < 5; i++)
            {
                group[i] = 84;
            }

            Write(output, group, count - 1);
        }

        return output.ToArray();

        static void Write(MemoryStream output, Span<byte> group, int bytes)
        {
            ulong value = 0;
            foreach (var digit in group)
            {
                value = (value * 85) + digit;
            }

            for (var i = 0; i < bytes; i++)
            {
                output.WriteByte((byte)(value >> (24 - (8 * i))));
            }
        }
    }

    private static byte[]? RunLength(byte[] data, long cap)
    {
        using var output = new MemoryStream();
        var i = 0;
        while (i < data.Length)
        {
            int length = data[i++];
            if (length == 128)
            {
                break;
            }

            if (length < 128)
            {
                var count = Math.Min(length + 1, data.Length - i);
                output.Write(data, i, count);
                i += count;
            }
            else if (i < data.Length)
            {
                var b = data[i++];
                for (var k = 0; k < 257 - length; k++)
                {
                    output.WriteByte(b);
                }
            }

            if (output.Length > cap)
            {
                return null;
            }
        }

        return output.ToArray();
    }
}
