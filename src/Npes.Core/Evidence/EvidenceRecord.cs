using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Npes.Core.Evidence;

/// <summary>
/// One evidence event as signed: its place in the letter's chain and in the global log, its type (ETSI EN 319 522
/// names), time and details, and the hashes of its predecessors. <see cref="Encode"/> gives the signed bytes;
/// the event's hash is SHA-256 of them.
/// </summary>
public sealed record EvidenceRecord(
    long GlobalSeq,
    Guid LetterId,
    int LetterSeq,
    string Type,
    DateTimeOffset OccurredAt,
    IReadOnlyDictionary<string, string> Details,
    byte[]? PrevLetterHash,
    byte[] PrevLogHash)
{
    /// <summary>The hash before the first event of the global log.</summary>
    public static readonly byte[] GenesisHash = new byte[32];

    public byte[] Encode() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "npes-evidence-event");
        w.WriteNumber("version", 1);
        w.WriteNumber("globalSeq", GlobalSeq);
        w.WriteString("letterId", LetterId.ToString("D"));
        w.WriteNumber("letterSeq", LetterSeq);
        w.WriteString("event", Type);
        w.WriteString("occurredAt", CanonicalJson.Time(OccurredAt));
        w.WriteStartObject("details");
        foreach (var (key, value) in Details.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        if (PrevLetterHash is null)
        {
            w.WriteNull("prevLetterHash");
        }
        else
        {
            w.WriteString("prevLetterHash", CanonicalJson.Hex(PrevLetterHash));
        }

        w.WriteString("prevLogHash", CanonicalJson.Hex(PrevLogHash));
        w.WriteEndObject();
    });

    public static byte[] HashOf(byte[] encoded) => SHA256.HashData(encoded);

    /// <summary>Reads the signed bytes back; throws <see cref="FormatException"/> unless they are canonical.</summary>
    public static EvidenceRecord Decode(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() != "npes-evidence-event" || root.GetProperty("version").GetInt32() != 1)
            {
                throw new FormatException("Not an NPES evidence event of version 1.");
            }

            var prevLetter = root.GetProperty("prevLetterHash");
            var record = new EvidenceRecord(
                root.GetProperty("globalSeq").GetInt64(),
                Guid.Parse(root.GetProperty("letterId").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("letterSeq").GetInt32(),
                root.GetProperty("event").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("occurredAt").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("details").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                prevLetter.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(prevLetter.GetString()!),
                Convert.FromHexString(root.GetProperty("prevLogHash").GetString()!));
            if (!record.Encode().AsSpan().SequenceEqual(bytes))
            {
                throw new FormatException("The event is not in canonical form.");
            }

            return record;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("The event cannot be read: " + e.Message, e);
        }
    }
}

/// <summary>An event as stored: the signed bytes, their hash and the operator's CMS signature over them.</summary>
public sealed record SealedEvidence(EvidenceRecord Record, byte[] Encoded, byte[] Hash, byte[] Signature);

/// <summary>Signs an event's canonical bytes with the operator key (detached CMS, timestamped).</summary>
public interface IEvidenceSealer
{
    Task<byte[]> SealAsync(byte[] encoded, CancellationToken cancellationToken);
}
