using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Npes.DocumentFuzz;

/// <summary>
/// Mutations: blind ones (bit flips, interesting bytes, deleted, duplicated and spliced runs) and structure-aware ones
/// that get past the first checksum or container check (a mutated entry of a ZIP package, a mutated PNG chunk with its
/// CRC recomputed, a PDF number replaced by an extreme value, a PDF delimiter repeated to deepen nesting).
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0xFF, 0x7F, 0x80, (byte)'[', (byte)'(', (byte)'<', (byte)'>', (byte)'/', (byte)'R', (byte)'\n'];
    private static readonly string[] Numbers = ["0", "-1", "2147483647", "4294967296", "99999999999999999999", "1e308", "-0", "65535", "1000000"];

    public static byte[] Mutate(byte[] original, Random random, IReadOnlyList<Seed> seeds)
    {
        var data = original;
        var rounds = 1 + random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            data = random.Next(10) switch
            {
                0 or 1 => FlipBits(data, random),
                2 => SetInteresting(data, random),
                3 => DeleteRun(data, random),
                4 => DuplicateRun(data, random),
                5 => Splice(data, seeds[random.Next(seeds.Count)].Content, random),
                6 when data.AsSpan().StartsWith("PK\x03\x04"u8) => MutateZipEntry(data, random, seeds),
                7 when data.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) => MutatePngChunk(data, random),
                8 or 9 when data.AsSpan().StartsWith("%PDF"u8) => MutatePdf(data, random),
                _ => FlipBits(data, random),
            };
        }

        return data.Length == 0 ? [0] : data;
    }

    private static byte[] FlipBits(byte[] data, Random random)
    {
        var copy = (byte[])data.Clone();
        for (var i = 1 + random.Next(8); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] SetInteresting(byte[] data, Random random)
    {
        var copy = (byte[])data.Clone();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] = Interesting[random.Next(Interesting.Length)];
        }

        return copy;
    }

    private static byte[] DeleteRun(byte[] data, Random random)
    {
        if (data.Length < 2)
        {
            return data;
        }

        var start = random.Next(data.Length);
        var length = Math.Min(data.Length - start, 1 + random.Next(Math.Min(4096, data.Length)));
        return [.. data.AsSpan(0, start), .. data.AsSpan(start + length)];
    }

    private static byte[] DuplicateRun(byte[] data, Random random)
    {
        if (data.Length == 0)
        {
            return data;
        }

        var start = random.Next(data.Length);
        var length = Math.Min(data.Length - start, 1 + random.Next(256));
        var times = 1 + random.Next(64);
        var run = data.AsSpan(start, length).ToArray();
        var output = new List<byte>(data.Length + (length * times));
        output.AddRange(data.AsSpan(0, start).ToArray());
        for (var i = 0; i < times; i++)
        {
            output.AddRange(run);
        }

        output.AddRange(data.AsSpan(start).ToArray());
        return [.. output];
    }

    private static byte[] Splice(byte[] data, byte[] other, Random random)
    {
        if (data.Length == 0 || other.Length == 0)
        {
            return data;
        }

        var cut = random.Next(data.Length);
        var from = random.Next(other.Length);
        return [.. data.AsSpan(0, cut), .. other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(2048))), .. data.AsSpan(cut)];
    }

    /// <summary>Re-packs a ZIP with one entry mutated (so the archive and its CRCs stay valid).</summary>
    private static byte[] MutateZipEntry(byte[] data, Random random, IReadOnlyList<Seed> seeds)
    {
        try
        {
            var entries = new List<(string Name, byte[] Content)>();
            using (var zip = new ZipArchive(new MemoryStream(data), ZipArchiveMode.Read))
            {
                foreach (var entry in zip.Entries.Take(200))
                {
                    using var stream = entry.Open();
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    entries.Add((entry.FullName, buffer.ToArray()));
                }
            }

            if (entries.Count == 0)
            {
                return data;
            }

            var target = random.Next(entries.Count);
            var mutated = Mutate(entries[target].Content, random, seeds);
            entries[target] = (entries[target].Name, mutated);
            if (random.Next(8) == 0)
            {
                string[] risky = ["word/vbaProject.bin", "xl/externalLinks/externalLink1.xml", "word/embeddings/oleObject1.bin", "Basic/Standard/Module1.xml", "xl/macrosheets/sheet1.xml"];
                entries.Add((risky[random.Next(risky.Length)], Encoding.ASCII.GetBytes("x")));
            }

            using var output = new MemoryStream();
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, content) in entries)
                {
                    using var stream = zip.CreateEntry(name).Open();
                    stream.Write(content);
                }
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return FlipBits(data, random);
        }
    }

    /// <summary>Mutates one chunk's data (or its declared size) and recomputes its CRC.</summary>
    private static byte[] MutatePngChunk(byte[] data, Random random)
    {
        var chunks = new List<(int Offset, int Length)>();
        var at = 8;
        while (at + 12 <= data.Length && chunks.Count < 1000)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
            if (length < 0 || at + 12L + length > data.Length)
            {
                break;
            }

            chunks.Add((at, length));
            at += 12 + length;
        }

        if (chunks.Count == 0)
        {
            return FlipBits(data, random);
        }

        var copy = (byte[])data.Clone();
        var (offset, size) = chunks[random.Next(chunks.Count)];
        if (size > 0)
        {
            for (var i = 1 + random.Next(4); i > 0; i--)
            {
                copy[offset + 8 + random.Next(size)] = (byte)random.Next(256);
            }
        }

        // IHDR: sometimes a huge width or height
        if (Encoding.ASCII.GetString(copy, offset + 4, 4) == "IHDR" && random.Next(3) == 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(offset + 8 + (4 * random.Next(2))), random.Next(2) == 0 ? 100_000 : random.Next());
        }

        var crc = Npes.Testing.TestOffice.Crc32(copy.AsSpan(offset + 4, 4 + size));
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(offset + 8 + size), crc);
        return copy;
    }

    /// <summary>Replaces a number with an extreme one, or repeats an opening delimiter to deepen nesting.</summary>
    private static byte[] MutatePdf(byte[] data, Random random)
    {
        var text = Encoding.Latin1.GetString(data);
        var at = random.Next(text.Length);
        if (random.Next(3) == 0)
        {
            var open = text.IndexOfAny(['[', '<'], at);
            if (open < 0)
            {
                return data;
            }

            var times = 1 + random.Next(2000);
            var run = text[open] == '[' ? new string('[', times) + new string(']', times) : string.Concat(Enumerable.Repeat("<< /A ", times)) + string.Concat(Enumerable.Repeat(">> ", times));
            return Encoding.Latin1.GetBytes(text[..open] + run + text[open..]);
        }

        var start = at;
        while (start < text.Length && !char.IsAsciiDigit(text[start]))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end > start ? Encoding.Latin1.GetBytes(text[..start] + Numbers[random.Next(Numbers.Length)] + text[end..]) : data;
    }
}
