using System.Globalization;
using System.Text.Json;
using Npes.Core.Evidence;

namespace Npes.Core.Letters;

/// <summary>
/// The content of a delivery (or refusal) notice the operator signs for the sender: the recipient's own signed
/// statement, signature and certificate, so the sender holds the recipient's signature itself.
/// </summary>
public sealed record DeliveryNotice(string Kind, Guid LetterId, string S10, string ManifestSha256, byte[] Statement, byte[] Signature, byte[] Certificate, DateTimeOffset RecordedAt)
{
    public byte[] Encode() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "npes-" + Kind + "-notice");
        w.WriteNumber("version", 1);
        w.WriteString("letterId", LetterId.ToString("D"));
        w.WriteString("s10", S10);
        w.WriteString("manifestSha256", ManifestSha256);
        w.WriteBase64String("statement", Statement);
        w.WriteBase64String("signature", Signature);
        w.WriteBase64String("certificate", Certificate);
        w.WriteString("recordedAt", CanonicalJson.Time(RecordedAt));
        w.WriteEndObject();
    });

    public static DeliveryNotice Decode(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString()!;
            if (!type.StartsWith("npes-", StringComparison.Ordinal) || !type.EndsWith("-notice", StringComparison.Ordinal))
            {
                throw new FormatException("Not an NPES notice.");
            }

            return new DeliveryNotice(
                type["npes-".Length..^"-notice".Length],
                Guid.Parse(root.GetProperty("letterId").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("s10").GetString()!,
                root.GetProperty("manifestSha256").GetString()!,
                root.GetProperty("statement").GetBytesFromBase64(),
                root.GetProperty("signature").GetBytesFromBase64(),
                root.GetProperty("certificate").GetBytesFromBase64(),
                DateTimeOffset.Parse(root.GetProperty("recordedAt").GetString()!, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FormatException("The notice cannot be read: " + e.Message, e);
        }
    }
}
