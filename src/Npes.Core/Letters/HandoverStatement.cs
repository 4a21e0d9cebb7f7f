using System.Globalization;
using System.Text;

namespace Npes.Core.Letters;

/// <summary>
/// What a recipient signs to take a registered letter ("под роспись") or to refuse it: readable text naming the
/// decision, the letter, its S10 id, the SHA-256 of its manifest and the time. The recipient's EDS signs these
/// exact bytes.
/// </summary>
public sealed record HandoverStatement(string Decision, Guid LetterId, string S10, string ManifestSha256, DateTimeOffset Time)
{
    public const string Accept = "accept";
    public const string Refuse = "refuse";
    private const string Header = "NPES handover statement v1";

    public byte[] Encode() => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{Header}\ndecision: {Decision}\nletter: {LetterId:D}\ns10: {S10}\nmanifest-sha256: {ManifestSha256}\ntime: {Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n"));

    /// <summary>Parses a statement; null unless it is exactly in the canonical form.</summary>
    public static HandoverStatement? TryDecode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (StatementText.TryReadLines(bytes, 1024, Header, 5) is not { } lines)
        {
            return null;
        }

        string? Value(int index, string name) => StatementText.Field(lines, index, name);

        var decision = Value(1, "decision");
        if (decision is not (Accept or Refuse)
            || !Guid.TryParseExact(Value(2, "letter"), "D", out var letterId)
            || Value(3, "s10") is not { } s10
            || Value(4, "manifest-sha256") is not { Length: 64 } digest
            || !DateTimeOffset.TryParseExact(Value(5, "time"), "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return null;
        }

        var statement = new HandoverStatement(decision, letterId, s10, digest, time);
        return statement.Encode().AsSpan().SequenceEqual(bytes) ? statement : null;
    }
}
