using System.IO.Compression;

namespace Npes.Server.Tests;

/// <summary>Rewrites evidence bundles with one thing changed, to prove that verification notices.</summary>
public static class BundleTampering
{
    /// <summary>The bundle with one byte of one entry flipped.</summary>
    public static byte[] Tamper(byte[] bundle, string entryName, double at = 0.5) => Rewrite(bundle, (name, content) =>
    {
        if (name == entryName)
        {
            var index = (int)(content.Length * at);
            content[index] ^= 0x01;
        }

        return content;
    });

    public static byte[] Remove(byte[] bundle, params string[] entryNames) => Rewrite(bundle, (name, content) => entryNames.Contains(name) ? null : content);

    /// <summary>The bundle with the content of <paramref name="entryName"/> replaced.</summary>
    public static byte[] Replace(byte[] bundle, string entryName, byte[] content) => Rewrite(bundle, (name, old) => name == entryName ? content : old);

    /// <summary>The bundle with one more entry at the end (any name, even one already present).</summary>
    public static byte[] Add(byte[] bundle, string entryName, byte[] content) => Rewrite(bundle, (_, old) => old, (entryName, content));

    /// <summary>The content of one entry.</summary>
    public static byte[] Entry(byte[] bundle, string entryName)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        using var stream = zip.GetEntry(entryName)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Rewrite(byte[] bundle, Func<string, byte[], byte[]?> change, (string Name, byte[] Content)? extra = null)
    {
        using var input = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var buffer = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(buffer);
                }

                var content = change(entry.FullName, buffer.ToArray());
                if (content is null)
                {
                    continue;
                }

                using var target = zip.CreateEntry(entry.FullName, entry.FullName == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                target.Write(content);
            }

            if (extra is { } added)
            {
                using var target = zip.CreateEntry(added.Name).Open();
                target.Write(added.Content);
            }
        }

        return output.ToArray();
    }
}
