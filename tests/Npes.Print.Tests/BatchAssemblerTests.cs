using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npes.Print.Batching;
using Npes.Print.Rendering;

namespace Npes.Print.Tests;

public sealed class BatchAssemblerTests : IDisposable
{
    private static readonly PieceRenderer Renderer = new(new PrintLayoutOptions());

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Assemble_ThreePieces_PagesShaAndManifestsAgree()
    {
        var header = Header();
        var pieces = new[]
        {
            Piece(3, "220004", 1),
            Piece(1, "210001", 2),
            Piece(2, null, 12),
        };

        var batch = BatchAssembler.Assemble(header, pieces);

        var file = _temp.Write(BatchAssembler.FileName(header), batch.Pdf);
        Tools.Run("qpdf", "--check", file);
        var pages = int.Parse(Tools.Run("qpdf", "--show-npages", file).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(pieces.Sum(p => p.Pages), pages);
        Assert.Equal(pages, batch.Pages);
        Assert.Equal(pieces.Sum(p => p.Sheets), batch.Sheets);
        Assert.Equal(SHA256.HashData(batch.Pdf), batch.Sha256);

        using var json = JsonDocument.Parse(batch.ManifestJson);
        var root = json.RootElement;
        Assert.Equal(header.Id, root.GetProperty("batch").GetProperty("id").GetGuid());
        Assert.Equal(header.Number, root.GetProperty("batch").GetProperty("number").GetString());
        Assert.Equal("2026-11-22", root.GetProperty("batch").GetProperty("day").GetString());
        Assert.Equal("C5", root.GetProperty("batch").GetProperty("envelope").GetString());
        Assert.Equal(header.ClosedAt, root.GetProperty("batch").GetProperty("closedAt").GetDateTimeOffset());
        Assert.Equal($"{header.Number}.pdf", root.GetProperty("file").GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(batch.Pdf)), root.GetProperty("file").GetProperty("sha256").GetString());
        Assert.Equal(pages, root.GetProperty("file").GetProperty("pages").GetInt32());
        Assert.Equal(3, root.GetProperty("totals").GetProperty("pieces").GetInt32());
        Assert.Equal(pages, root.GetProperty("totals").GetProperty("pages").GetInt32());

        var listed = root.GetProperty("pieces").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], listed.Select(p => p.GetProperty("position").GetInt32()));
        var expectedFirst = 1;
        foreach (var entry in listed)
        {
            var piece = pieces.Single(p => p.Position == entry.GetProperty("position").GetInt32());
            Assert.Equal(piece.S10, entry.GetProperty("s10").GetString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(piece.Pdf)), entry.GetProperty("sha256").GetString());
            Assert.Equal(expectedFirst, entry.GetProperty("firstPage").GetInt32());
            Assert.Equal(piece.Pages, entry.GetProperty("pages").GetInt32());
            Assert.Equal(piece.Sheets, entry.GetProperty("sheets").GetInt32());
            if (piece.Postcode is null)
            {
                Assert.Equal(JsonValueKind.Null, entry.GetProperty("postcode").ValueKind);
            }
            else
            {
                Assert.Equal(piece.Postcode, entry.GetProperty("postcode").GetString());
            }

            expectedFirst += piece.Pages;
        }
    }

    [Fact]
    public void Assemble_EachPieceStartsOnItsFirstPage()
    {
        var pieces = new[] { Piece(1, "220004", 2), Piece(2, "220005", 1) };

        var batch = BatchAssembler.Assemble(Header(), pieces);

        // The first page of each piece is its address sheet: its footer reads "<S10> · лист 1 из n".
        var text = PdfText.Boxes(_temp.Write("batch.pdf", batch.Pdf));
        Assert.Contains(text[0].Words, w => w.Text == pieces[0].S10);
        Assert.Contains(text[pieces[0].Pages].Words, w => w.Text == pieces[1].S10);
        Assert.Contains("Бумажная копия", PdfText.Plain(_temp.PathOf("batch.pdf"), pieces[0].Pages + 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_Csv_ParsesWithOneRowPerPiece()
    {
        var pieces = new[] { Piece(2, "220 004, \"A\"", 1), Piece(1, null, 1) };

        var batch = BatchAssembler.Assemble(Header(), pieces);

        var csv = Encoding.UTF8.GetString(batch.ManifestCsv);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        var rows = ParseCsv(csv);
        Assert.Equal(["position", "s10", "postcode", "first_page", "pages", "sheets", "sha256"], rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["1", pieces[1].S10, "", "1", "2", "1", Convert.ToHexStringLower(pieces[1].Sha256)], rows[1]);
        Assert.Equal(["2", pieces[0].S10, "220 004, \"A\"", "3", "2", "1", Convert.ToHexStringLower(pieces[0].Sha256)], rows[2]);
        Assert.Contains("\"220 004, \"\"A\"\"\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_PieceBytesDifferFromTheirSha256_Throws()
    {
        var good = Piece(1, "220004", 1);
        var tampered = Piece(2, "220005", 1);
        tampered = tampered with { Pdf = [.. tampered.Pdf, (byte)'\n'] };

        var e = Assert.Throws<InvalidDataException>(() => BatchAssembler.Assemble(Header(), [good, tampered]));

        Assert.Contains(tampered.S10, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_RecordedPagesDifferFromThePdf_Throws()
    {
        var piece = Piece(1, "220004", 1) with { Pages = 4, Sheets = 2 };

        Assert.Throws<InvalidDataException>(() => BatchAssembler.Assemble(Header(), [piece]));
    }

    [Fact]
    public void Assemble_DuplicatePositions_Throws()
    {
        Assert.Throws<ArgumentException>(() => BatchAssembler.Assemble(Header(), [Piece(1, "1", 1), Piece(1, "2", 1)]));
    }

    [Fact]
    public void Assemble_NoPieces_Throws()
    {
        Assert.Throws<ArgumentException>(() => BatchAssembler.Assemble(Header(), []));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("")]
    [InlineData("B 1")]
    public void Assemble_UnsafeBatchNumber_Throws(string number)
    {
        Assert.Throws<ArgumentException>(() => BatchAssembler.Assemble(Header() with { Number = number }, [Piece(1, "1", 1)]));
    }

    [Fact]
    public void PresortOrder_ByPostcodeMissingLastThenS10_RenumbersPositions()
    {
        var pieces = new[]
        {
            Fake(1, "RR000000025BY", null),
            Fake(2, "RR000000011BY", "230001"),
            Fake(3, "RR000000039BY", "210001"),
            Fake(4, "RR000000005BY", "230001"),
            Fake(5, "RR000000016BY", " "),
            Fake(6, "RR000000002BY", "210001"),
        };

        var ordered = Presort.Order(pieces);

        Assert.Equal(["RR000000002BY", "RR000000039BY", "RR000000005BY", "RR000000011BY", "RR000000016BY", "RR000000025BY"], ordered.Select(p => p.S10));
        Assert.Equal([1, 2, 3, 4, 5, 6], ordered.Select(p => p.Position));
    }

    [Fact]
    public void PresortOrder_Generic_KeepsItems()
    {
        var ordered = Presort.Order([("b", (string?)"2"), ("a", null), ("c", "1")], x => x.Item2, x => x.Item1);

        Assert.Equal(["c", "b", "a"], ordered.Select(x => x.Item1));
    }

    private static BatchHeader Header() =>
        new(Guid.NewGuid(), $"B-20261122-{RandomNumberGenerator.GetInt32(1000, 9999)}", new DateOnly(2026, 11, 22), "C5", new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.FromHours(3)));

    private static BatchPiece Piece(int position, string? postcode, int documentPages)
    {
        var content = TestContent.Piece(TestContent.PdfDoc("a.pdf", TestContent.A4Pdf(documentPages)));
        var rendered = Renderer.Render(content);
        return new BatchPiece(position, content.S10, postcode, rendered.Pages, rendered.Sheets, rendered.Sha256, rendered.Pdf);
    }

    private static BatchPiece Fake(int position, string s10, string? postcode) => new(position, s10, postcode, 2, 1, [], []);

    /// <summary>RFC 4180: CRLF records, quoted fields with doubled quotes.</summary>
    private static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(row);
        return rows;
    }
}
