using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Eds.Bundles;
using Npes.Eds.Cms;
using Npes.Eds.Trust;
using Npes.Letters.Store;
using Npes.Storage.Documents;

namespace Npes.Letters.Evidence;

/// <summary>
/// Builds a letter's evidence bundle (ASiC-E): documents, manifest, receipts, signed events, the operator's certificate,
/// the CRLs held now (revocation data for offline checks years later), and the operator's seal over every entry.
/// </summary>
internal sealed class EvidenceBundle(ILetterStore letters, SealedDocuments sealing, IEvidenceSigner signer, TrustMaterial trust, TimeProvider time)
{
    public const string MediaType = AsicLayout.MimeType;

    public async Task<byte[]> BuildAsync(StoredLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var documents = await letters.DocumentsAsync(letter.Id, cancellationToken);
        var receipts = await letters.ReceiptsAsync(letter.Id, cancellationToken);
        var events = await letters.EventsAsync(letter.Id, cancellationToken);
        var entries = new List<(string Name, string MediaType, byte[] Content)>
        {
            (AsicLayout.LetterManifestEntry, "application/json", letter.Manifest),
        };

        if (letter.SenderSignature is not null)
        {
            entries.Add((AsicLayout.SenderSignatureEntry, "application/pkcs7-signature", letter.SenderSignature));
        }

        var key = new WrappedKey(letter.KeyId, letter.WrappedKey);
        var contents = sealing.UnsealAll(letter.Id, key, documents.Select(d => (d.Position, d.Sealed)).ToList());
        entries.AddRange(documents.Select((d, i) => (AsicLayout.DocumentsFolder + d.Name, d.MediaType, contents[i])));
        var rendered = documents.Where(d => d.Rendition is not null).ToList();
        IReadOnlyList<byte[]> renditions = rendered.Count == 0 ? [] : sealing.UnsealAll(letter.Id, key, rendered.Select(d => (d.RenditionPosition, d.Rendition!.Sealed)).ToList());
        entries.AddRange(rendered.Select((d, i) => (AsicLayout.RenditionsFolder + ManifestRendition.FileName(d.Name), d.Rendition!.MediaType, renditions[i])));

        entries.AddRange(receipts.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (AsicLayout.ReceiptsFolder + r.Key + ".p7m", "application/pkcs7-mime", r.Value)));
        foreach (var e in events)
        {
            var stem = AsicLayout.EventsFolder + e.Record.LetterSeq.ToString("D4", CultureInfo.InvariantCulture);
            entries.Add((stem + ".json", "application/json", e.Encoded));
            entries.Add((stem + ".p7s", "application/pkcs7-signature", e.Signature));
        }

        entries.Add((AsicLayout.CertificatesFolder + "operator.crt", "application/pkix-cert", signer.Certificate.RawData));
        var crls = trust.HeldCrls();
        entries.AddRange(crls.Select((crl, i) => (AsicLayout.RevocationFolder + (i + 1).ToString("D2", CultureInfo.InvariantCulture) + ".crl", "application/pkix-crl", crl)));
        entries.Add((AsicLayout.OdfManifestEntry, "text/xml", OdfManifest(entries)));
        var seal = CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "npes-bundle-seal");
            w.WriteNumber("version", AsicLayout.SealVersion);
            w.WriteString("letterId", letter.Id.ToString("D"));
            w.WriteString("s10", letter.S10);
            w.WriteString("status", letter.Status.ToWire());
            w.WriteNumber("events", events.Count);
            w.WriteString("lastEventHash", events.Count == 0 ? string.Empty : CanonicalJson.Hex(events[^1].Hash));
            w.WriteString("issuedAt", CanonicalJson.Time(time.GetUtcNow()));

            // Every other entry with its SHA-256 (the mimetype is fixed and checked by itself; the seal cannot cover itself).
            w.WriteStartArray("entries");
            foreach (var (name, _, content) in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("sha256", CanonicalJson.Hex(SHA256.HashData(content)));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        entries.Add((AsicLayout.SealEntry, "application/pkcs7-mime", await signer.SignAsync(seal, detached: false, cancellationToken)));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // ASiC: the first entry is "mimetype", stored uncompressed, without extra fields.
            var mimetype = zip.CreateEntry(AsicLayout.MimeTypeEntry, CompressionLevel.NoCompression);
            await using (var stream = mimetype.Open())
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(AsicLayout.MimeType), cancellationToken);
            }

            foreach (var (name, _, content) in entries)
            {
                await WriteAsync(zip, name, content, cancellationToken);
            }
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(ZipArchive zip, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(content, cancellationToken);
    }

    private static byte[] OdfManifest(IEnumerable<(string Name, string MediaType, byte[] Content)> entries)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .Append("<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\n")
            .Append("  <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"").Append(AsicLayout.MimeType).Append("\"/>\n");
        foreach (var (name, mediaType, _) in entries.Append((AsicLayout.SealEntry, "application/pkcs7-mime", [])))
        {
            xml.Append("  <manifest:file-entry manifest:full-path=\"").Append(SecurityElement.Escape(name))
                .Append("\" manifest:media-type=\"").Append(SecurityElement.Escape(mediaType)).Append("\"/>\n");
        }

        xml.Append("</manifest:manifest>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}
