using System.Text;

namespace Npes.Core.Letters;

/// <summary>
/// The text form every signed NPES statement shares: UTF-8, a header line naming its purpose and version, then
/// exactly one <c>name: value</c> line per field, each ended by a line feed. Decoders read with this and then
/// re-encode, so only the canonical bytes are ever accepted.
/// </summary>
internal static class StatementText
{
    /// <summary>The statement's field lines (index 1 is the first field), or null unless the bytes are strict UTF-8 within <paramref name="maxLength"/>, start with <paramref name="header"/> and hold exactly <paramref name="fieldCount"/> fields.</summary>
    public static string[]? TryReadLines(ReadOnlySpan<byte> bytes, int maxLength, string header, int fieldCount)
    {
        if (bytes.Length > maxLength)
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var lines = text.Split('\n');
        return lines.Length == fieldCount + 2 && lines[0] == header && lines[^1].Length == 0 ? lines : null;
    }

    /// <summary>The value of field <paramref name="name"/> on line <paramref name="index"/>, or null when that line is another field.</summary>
    public static string? Field(string[] lines, int index, string name) =>
        lines[index].StartsWith(name + ": ", StringComparison.Ordinal) ? lines[index][(name.Length + 2)..] : null;
}
