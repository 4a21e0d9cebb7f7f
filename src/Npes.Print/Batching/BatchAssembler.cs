using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npes.Print.Rendering;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Npes.Print.Batching;

/// <summary>
/// Builds a closed batch's print file: every piece's pages in position order, one PDF, and the manifests (JSON and
/// CSV) that tell the print shop where each piece starts and let anyone check each piece and the file by SHA-256.
/// Each piece is checked against its recorded SHA-256 and page count first; a piece that differs stops the batch.
/// </summary>
public static class BatchAssembler
{
    public const string CsvHeader = "position,s10,postcode,first_page,pages,sheets,sha256";

    /// <exception cref="ArgumentException">The header or the piece list is malformed (no pieces, duplicate positions, unsafe number).</exception>
    /// <exception cref="InvalidDataException">A piece's bytes do not match its recorded SHA-256, page count or sheet count, or are not a readable PDF.</exception>
    public static AssembledBatch Assemble(BatchHeader header, IReadOnlyList<BatchPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(pieces);
        CheckHeader(header);
        var ordered = CheckPieces(pieces);

        PrintFonts.EnsureInstalled();
        using var batch = new PdfDocument();
        batch.Info.Title = $"NPES batch {header.Number}";
        batch.Info.Creator = "NPES";
        // The pieces' streams are copied as they are (already compressed); PDFsharp adds none worth compressing.
        batch.Options.NoCompression = true;
        batch.Options.CompressContentStreams = false;

        var entries = new List<Entry>(ordered.Count);
        foreach (var piece in ordered)
        {
            var firstPage = batch.PageCount + 1;
            var pages = Import(batch, piece);
            entries.Add(new Entry(piece, firstPage, pages));
        }

        var totalPages = batch.PageCount;
        byte[] pdf;
        using (var output = new MemoryStream())
        {
            batch.Save(output, closeStream: false);
            pdf = output.ToArray();
        }

        var sha256 = SHA256.HashData(pdf);
        var totalSheets = entries.Sum(e => e.Piece.Sheets);
        var json = ManifestJson(header, entries, sha256, totalPages, totalSheets);
        var csv = ManifestCsv(entries);
        return new AssembledBatch(pdf, sha256, totalPages, totalSheets, json, csv);
    }

    /// <summary>The batch file's name: <c>&lt;Number&gt;.pdf</c>.</summary>
    public static string FileName(BatchHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return $"{header.Number}.pdf";
    }

    private static void CheckHeader(BatchHeader header)
    {
        if (string.IsNullOrWhiteSpace(header.Number) || header.Number.Length > 64
            || !header.Number.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || header.Number.StartsWith('.'))
        {
            throw new ArgumentException($"The batch number '{header.Number}' must be 1 to 64 ASCII letters, digits, '-', '_' or '.', as it names the batch file.", nameof(header));
        }

        if (string.IsNullOrWhiteSpace(header.Envelope))
        {
            throw new ArgumentException("The batch needs an envelope format.", nameof(header));
        }
    }

    private static List<BatchPiece> CheckPieces(IReadOnlyList<BatchPiece> pieces)
    {
        if (pieces.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one piece.", nameof(pieces));
        }

        if (pieces.Any(p => p is null))
        {
            throw new ArgumentException("The piece list holds a null piece.", nameof(pieces));
        }

        var duplicate = pieces.GroupBy(p => p.Position).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Position {duplicate.Key} is taken by more than one piece ({string.Join(", ", duplicate.Select(p => p.S10))}).", nameof(pieces));
        }

        foreach (var piece in pieces)
        {
            if (piece.Pdf is null || piece.Sha256 is null)
            {
                throw new ArgumentException($"Piece {piece.S10} (position {piece.Position}) has no PDF or no SHA-256.", nameof(pieces));
            }

            if (!SHA256.HashData(piece.Pdf).AsSpan().SequenceEqual(piece.Sha256))
            {
                throw new InvalidDataException(
                    $"Piece {piece.S10} (position {piece.Position}): its PDF's SHA-256 {Convert.ToHexStringLower(SHA256.HashData(piece.Pdf))} differs from the recorded {Convert.ToHexStringLower(piece.Sha256)}.");
            }

            if (piece.Pages <= 0 || piece.Pages % 2 != 0 || piece.Sheets != piece.Pages / 2)
            {
                throw new InvalidDataException($"Piece {piece.S10} (position {piece.Position}): {piece.Pages} pages and {piece.Sheets} sheets are not a duplex piece (an even page count, sheets = pages / 2).");
            }
        }

        return [.. pieces.OrderBy(p => p.Position)];
    }

    private static int Import(PdfDocument batch, BatchPiece piece)
    {
        PdfDocument source;
        try
        {
            source = PdfReader.Open(new MemoryStream(piece.Pdf, writable: false), PdfDocumentOpenMode.Import);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"Piece {piece.S10} (position {piece.Position}) is not a readable PDF: {e.Message}", e);
        }

        using (source)
        {
            if (source.PageCount != piece.Pages)
            {
                throw new InvalidDataException($"Piece {piece.S10} (position {piece.Position}) has {source.PageCount} pages; {piece.Pages} were recorded.");
            }

            for (var i = 0; i < source.PageCount; i++)
            {
                batch.AddPage(source.Pages[i]);
            }

            return source.PageCount;
        }
    }

    private static byte[] ManifestJson(BatchHeader header, List<Entry> entries, byte[] sha256, int pages, int sheets)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("batch");
            json.WriteString("id", header.Id);
            json.WriteString("number", header.Number);
            json.WriteString("day", header.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("envelope", header.Envelope);
            json.WriteString("closedAt", header.ClosedAt);
            json.WriteEndObject();

            json.WriteStartObject("file");
            json.WriteString("name", FileName(header));
            json.WriteString("sha256", Convert.ToHexStringLower(sha256));
            json.WriteNumber("pages", pages);
            json.WriteNumber("sheets", sheets);
            json.WriteEndObject();

            json.WriteStartObject("totals");
            json.WriteNumber("pieces", entries.Count);
            json.WriteNumber("pages", pages);
            json.WriteNumber("sheets", sheets);
            json.WriteEndObject();

            json.WriteStartArray("pieces");
            foreach (var (piece, firstPage, piecePages) in entries)
            {
                json.WriteStartObject();
                json.WriteNumber("position", piece.Position);
                json.WriteString("s10", piece.S10);
                if (piece.Postcode is null)
                {
                    json.WriteNull("postcode");
                }
                else
                {
                    json.WriteString("postcode", piece.Postcode);
                }

                json.WriteNumber("firstPage", firstPage);
                json.WriteNumber("pages", piecePages);
                json.WriteNumber("sheets", piece.Sheets);
                json.WriteString("sha256", Convert.ToHexStringLower(piece.Sha256));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] ManifestCsv(List<Entry> entries)
    {
        var csv = new StringBuilder();
        csv.Append(CsvHeader).Append("\r\n");
        foreach (var (piece, firstPage, pages) in entries)
        {
            string[] fields =
            [
                piece.Position.ToString(CultureInfo.InvariantCulture),
                piece.S10,
                piece.Postcode ?? string.Empty,
                firstPage.ToString(CultureInfo.InvariantCulture),
                pages.ToString(CultureInfo.InvariantCulture),
                piece.Sheets.ToString(CultureInfo.InvariantCulture),
                Convert.ToHexStringLower(piece.Sha256),
            ];
            csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
    }

    /// <summary>RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private sealed record Entry(BatchPiece Piece, int FirstPage, int Pages);
}
