using System.Globalization;
using System.Text.Json;
using Npes.Core.Addressing;
using Npes.Core.Evidence;

namespace Npes.Core.Letters;

/// <summary>
/// A document as the manifest names it: the digest binds the receipt to the exact bytes the sender sent (what the
/// recipient gets). An office document also names its PDF rendition, the copy the paper leg prints.
/// </summary>
public sealed record ManifestDocument(string Name, string MediaType, long Size, byte[] Sha256, ManifestRendition? Rendition = null);

/// <summary>The PDF NPES made of an office document (in its isolated document worker): what is printed and offered as PDF.</summary>
public sealed record ManifestRendition(string MediaType, long Size, byte[] Sha256)
{
    /// <summary>The rendition's file name beside the original's (in bundles and downloads): the name with ".pdf" added.</summary>
    public static string FileName(string documentName) => documentName + ".pdf";
}

/// <summary>The sender as its certificate names it.</summary>
public sealed record ManifestSender(Guid PartyId, string Kind, string Name, string? PersonalNumber, string? Unp);

/// <summary>
/// What the acceptance receipt attests: S10 id, sender, recipient as submitted, documents with SHA-256 digests,
/// policy and submission time. Encoded as canonical JSON; those bytes are what is signed and digested.
/// </summary>
public sealed record LetterManifest(
    Guid LetterId,
    string S10,
    string Kind,
    string Subject,
    ManifestSender Sender,
    RecipientQuery Recipient,
    IReadOnlyList<ManifestDocument> Documents,
    int? PrintIfNotClaimedDays,
    int? AcceptWindowDays,
    DateTimeOffset SubmittedAt,
    byte[]? SenderSignatureSha256 = null)
{
    public byte[] Encode() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "npes-letter-manifest");
        w.WriteNumber("version", 1);
        w.WriteString("letterId", LetterId.ToString("D"));
        w.WriteString("s10", S10);
        w.WriteString("kind", Kind);
        w.WriteString("subject", Subject);
        w.WriteStartObject("sender");
        w.WriteString("partyId", Sender.PartyId.ToString("D"));
        w.WriteString("kind", Sender.Kind);
        w.WriteString("name", Sender.Name);
        WriteOptional(w, "personalNumber", Sender.PersonalNumber);
        WriteOptional(w, "unp", Sender.Unp);
        w.WriteEndObject();
        w.WriteStartObject("recipient");
        w.WriteString("name", Recipient.Name);
        w.WriteString("address", Recipient.Address);
        WriteOptional(w, "unp", Recipient.Unp);
        w.WriteEndObject();
        w.WriteStartArray("documents");
        foreach (var document in Documents)
        {
            w.WriteStartObject();
            w.WriteString("name", document.Name);
            w.WriteString("mediaType", document.MediaType);
            w.WriteNumber("size", document.Size);
            w.WriteString("sha256", CanonicalJson.Hex(document.Sha256));
            if (document.Rendition is { } rendition)
            {
                w.WriteStartObject("rendition");
                w.WriteString("mediaType", rendition.MediaType);
                w.WriteNumber("size", rendition.Size);
                w.WriteString("sha256", CanonicalJson.Hex(rendition.Sha256));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("policy");
        if (PrintIfNotClaimedDays is { } print)
        {
            w.WriteNumber("printIfNotClaimedDays", print);
        }

        if (AcceptWindowDays is { } window)
        {
            w.WriteNumber("acceptWindowDays", window);
        }

        w.WriteEndObject();
        w.WriteString("submittedAt", CanonicalJson.Time(SubmittedAt));
        if (SenderSignatureSha256 is not null)
        {
            w.WriteString("senderSignatureSha256", CanonicalJson.Hex(SenderSignatureSha256));
        }

        w.WriteEndObject();
    });

    /// <summary>Reads a manifest back; throws <see cref="FormatException"/> when the bytes are not a manifest.</summary>
    public static LetterManifest Decode(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() != "npes-letter-manifest" || root.GetProperty("version").GetInt32() != 1)
            {
                throw new FormatException("Not an NPES letter manifest of version 1.");
            }

            var sender = root.GetProperty("sender");
            var recipient = root.GetProperty("recipient");
            var policy = root.GetProperty("policy");
            var manifest = new LetterManifest(
                Guid.Parse(root.GetProperty("letterId").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("s10").GetString()!,
                root.GetProperty("kind").GetString()!,
                root.GetProperty("subject").GetString()!,
                new ManifestSender(
                    Guid.Parse(sender.GetProperty("partyId").GetString()!, CultureInfo.InvariantCulture),
                    sender.GetProperty("kind").GetString()!,
                    sender.GetProperty("name").GetString()!,
                    Optional(sender, "personalNumber"),
                    Optional(sender, "unp")),
                new RecipientQuery(recipient.GetProperty("name").GetString()!, recipient.GetProperty("address").GetString()!, Optional(recipient, "unp")),
                root.GetProperty("documents").EnumerateArray().Select(d => new ManifestDocument(
                    d.GetProperty("name").GetString()!,
                    d.GetProperty("mediaType").GetString()!,
                    d.GetProperty("size").GetInt64(),
                    Convert.FromHexString(d.GetProperty("sha256").GetString()!),
                    d.TryGetProperty("rendition", out var r)
                        ? new ManifestRendition(r.GetProperty("mediaType").GetString()!, r.GetProperty("size").GetInt64(), Convert.FromHexString(r.GetProperty("sha256").GetString()!))
                        : null)).ToList(),
                policy.TryGetProperty("printIfNotClaimedDays", out var print) ? print.GetInt32() : null,
                policy.TryGetProperty("acceptWindowDays", out var window) ? window.GetInt32() : null,
                DateTimeOffset.Parse(root.GetProperty("submittedAt").GetString()!, CultureInfo.InvariantCulture),
                root.TryGetProperty("senderSignatureSha256", out var senderSignature) ? Convert.FromHexString(senderSignature.GetString()!) : null);
            if (!manifest.Encode().AsSpan().SequenceEqual(bytes))
            {
                throw new FormatException("The manifest is not in canonical form.");
            }

            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("The manifest cannot be read: " + e.Message, e);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
