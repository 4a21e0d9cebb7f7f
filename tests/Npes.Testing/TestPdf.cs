using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Npes.Testing;

/// <summary>Builds PDFs byte by byte, so a test can make exactly the hostile structure it needs.</summary>
public static class TestPdf
{
    /// <summary>A PDF of numbered objects (object i+1 is <paramref name="objects"/>[i]); object 1 is the catalog.</summary>
    public static byte[] Build(params byte[][] objects)
    {
        using var output = new MemoryStream();
        Write(output, "%PDF-1.7\n%\u00e2\u00e3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(output.Position);
            Write(output, $"{i + 1} 0 obj\n");
            output.Write(objects[i]);
            Write(output, "\nendobj\n");
        }

        var xref = output.Position;
        Write(output, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(output, offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write(output, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    public static byte[] Text(string text) => Encoding.Latin1.GetBytes(text);

    public static byte[] Stream(string dictionary, byte[] data) =>
        [.. Text($"<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. Text("\nendstream")];

    /// <summary>A clean one-page PDF (or several pages), with extra catalog and page entries.</summary>
    public static byte[] Pages(int count = 1, string catalogExtra = "", string pageExtra = "", params byte[][] extraObjects)
    {
        // 1 catalog, 2 pages, 3 font, 4 content, 5.. pages, then the extra objects
        var first = 5;
        var extraStart = first + count;
        var kids = string.Join(' ', Enumerable.Range(first, count).Select(n => $"{n} 0 R"));
        var objects = new List<byte[]>
        {
            Text($"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>"),
            Text($"<< /Type /Pages /Kids [{kids}] /Count {count} >>"),
            Text("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Stream(string.Empty, Text("BT /F1 24 Tf 72 720 Td (Hello from NPES) Tj ET")),
        };
        for (var i = 0; i < count; i++)
        {
            objects.Add(Text($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> {pageExtra} >>"));
        }

        objects.AddRange(extraObjects);
        _ = extraStart;
        return Build([.. objects]);
    }

    /// <summary>The PDF that killed the server: a page dictionary holding arrays nested <paramref name="depth"/> deep.</summary>
    public static byte[] NestedArrays(int depth) =>
        Pages(pageExtra: "/Nested " + new string('[', depth) + new string(']', depth));

    /// <summary>A page whose content stream inflates to <paramref name="megabytes"/> MB of zeros (a Flate bomb).</summary>
    public static byte[] FlateBomb(int megabytes)
    {
        var bomb = Deflate(megabytes);
        return Build(
            Text("<< /Type /Catalog /Pages 2 0 R >>"),
            Text("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
            Stream("/Filter /FlateDecode", bomb));
    }

    /// <summary>
    /// A PDF 1.5 whose page and catalog live in an object stream that inflates to <paramref name="megabytes"/> MB (the
    /// page dictionary carries the padding), with a cross-reference stream: the bomb is inside the object stream.
    /// </summary>
    public static byte[] ObjectStreamBomb(int megabytes)
    {
        var objects = "<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Kids [3 0 R] /Count 1 >> ";
        var page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Pad (";
        var header = $"1 0 2 {Encoding.Latin1.GetByteCount("<< /Type /Catalog /Pages 2 0 R >> ")} 3 {Encoding.Latin1.GetByteCount(objects)} ";
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(Text(header));
            z.Write(Text(objects + page));
            var zeros = new byte[1024 * 1024];
            Array.Fill(zeros, (byte)'0');
            for (var i = 0; i < megabytes; i++)
            {
                z.Write(zeros);
            }

            z.Write(Text(") >>"));
        }

        var first = Encoding.Latin1.GetByteCount(header);
        using var output = new MemoryStream();
        Write(output, "%PDF-1.5\n%\u00e2\u00e3\n");
        var objStmOffset = output.Position;
        Write(output, $"4 0 obj\n<< /Type /ObjStm /N 3 /First {first} /Filter /FlateDecode /Length {raw.Length} >>\nstream\n");
        raw.Position = 0;
        raw.CopyTo(output);
        Write(output, "\nendstream\nendobj\n");
        var xrefOffset = output.Position;

        // xref stream: W [1 4 2]; objects 0..5 (5 is the xref stream itself)
        var rows = new MemoryStream();
        void Row(byte type, long field2, int field3)
        {
            rows.WriteByte(type);
            rows.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2]);
            rows.Write([(byte)(field3 >> 8), (byte)field3]);
        }

        Row(0, 0, 0xFFFF);
        Row(2, 4, 0);
        Row(2, 4, 1);
        Row(2, 4, 2);
        Row(1, objStmOffset, 0);
        Row(1, xrefOffset, 0);
        var data = rows.ToArray();
        Write(output, $"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length {data.Length} >>\nstream\n");
        output.Write(data);
        Write(output, $"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n");
        return output.ToArray();
    }

    public static byte[] Deflate(int megabytes)
    {
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < megabytes; i++)
            {
                z.Write(zeros);
            }
        }

        return raw.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));
}
