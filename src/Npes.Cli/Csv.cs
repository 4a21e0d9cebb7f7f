using System.Text;

namespace Npes.Cli;

/// <summary>A CSV record and the line of the file it starts on (a quoted field may span lines).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: comma-separated, fields optionally in double quotes, a quote inside a quoted field doubled, quoted
/// fields may hold commas and line breaks; CRLF or LF line ends; a UTF-8 BOM is skipped by the reader's encoding.
/// </summary>
internal static class Csv
{
    /// <summary>Reads records lazily; throws <see cref="FormatException"/> naming the line for malformed input or a field over the limit.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, int maxFieldChars)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var fieldStarted = false;
        var afterQuote = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append(field, '"', maxFieldChars, recordLine);
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    Append(field, ch, maxFieldChars, recordLine);
                }

                continue;
            }

            switch (ch)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    afterQuote = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0 || afterQuote)
                    {
                        yield return new CsvRecord(recordLine, fields);
                    }

                    fields = [];
                    fieldStarted = false;
                    afterQuote = false;
                    line++;
                    recordLine = line;
                    break;
                case '"' when field.Length == 0 && !afterQuote:
                    quoted = true;
                    fieldStarted = true;
                    break;
                default:
                    if (afterQuote || ch == '"')
                    {
                        throw new FormatException($"line {line}: a quote must open a field and close it just before a comma or the line's end (write \"\" for a quote inside a quoted field).");
                    }

                    fieldStarted = true;
                    Append(field, ch, maxFieldChars, recordLine);
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {recordLine}: a quoted field is not closed before the end of the file.");
        }

        if (fieldStarted || field.Length > 0 || afterQuote)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields);
        }
    }

    /// <summary>Writes one record, quoting the fields that need it.</summary>
    public static void WriteRecord(TextWriter writer, IEnumerable<string?> fields)
    {
        writer.Write(string.Join(',', fields.Select(Quote)));
        writer.Write("\r\n");
    }

    private static string Quote(string? field)
    {
        field ??= string.Empty;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field != field.Trim()
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
    }

    private static void Append(StringBuilder field, char ch, int maxFieldChars, int line)
    {
        if (field.Length >= maxFieldChars)
        {
            throw new FormatException($"line {line}: a field is longer than {maxFieldChars} characters.");
        }

        field.Append(ch);
    }
}
