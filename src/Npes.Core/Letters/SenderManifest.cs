using Npes.Core.Addressing;
using Npes.Core.Evidence;

namespace Npes.Core.Letters;

/// <summary>
/// What a sender may sign before submitting (it cannot know the S10 id or the time yet): recipient, kind,
/// subject, and each document's name and SHA-256. The optional sender signature is a detached CMS over these
/// canonical bytes; the letter manifest then names the SHA-256 of that CMS.
/// </summary>
public sealed record SenderManifest(RecipientQuery Recipient, string Kind, string Subject, IReadOnlyList<(string Name, byte[] Sha256)> Documents)
{
    public byte[] Encode() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "npes-sender-manifest");
        w.WriteNumber("version", 1);
        w.WriteStartObject("recipient");
        w.WriteString("name", Recipient.Name);
        w.WriteString("address", Recipient.Address);
        if (Recipient.Unp is not null)
        {
            w.WriteString("unp", Recipient.Unp);
        }

        w.WriteEndObject();
        w.WriteString("kind", Kind);
        w.WriteString("subject", Subject);
        w.WriteStartArray("documents");
        foreach (var (name, sha256) in Documents)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("sha256", CanonicalJson.Hex(sha256));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The sender manifest a letter manifest implies (used by verifiers).</summary>
    public static SenderManifest Of(LetterManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new SenderManifest(manifest.Recipient, manifest.Kind, manifest.Subject, manifest.Documents.Select(d => (d.Name, d.Sha256)).ToList());
    }
}
