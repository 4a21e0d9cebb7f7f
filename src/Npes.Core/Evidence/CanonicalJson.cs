using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Npes.Core.Evidence;

/// <summary>
/// Deterministic JSON for signed structures: properties in the order written, no whitespace, UTF-8 without
/// escaping of non-ASCII letters, times as UTC with microseconds. The bytes are what is signed and hashed.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>The canonical text of an instant: UTC, microsecond precision (what PostgreSQL keeps).</summary>
    public static string Time(DateTimeOffset instant) =>
        Truncate(instant).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops sub-microsecond ticks so that an instant survives a round trip through PostgreSQL.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
