using System.Text;
using Npes.Core.Errors;
using Npes.Documents.Intake;

namespace Npes.Documents.Tests;

/// <summary>Intake through real worker processes: hostile files are refused with their codes, good ones accepted.</summary>
public sealed class IntakeTests(WorkersFixture fixture) : IClassFixture<WorkersFixture>
{
    private readonly Workers _workers = fixture.Workers;

    [Fact]
    public async Task InspectAsync_CleanPdf_AcceptedWithNormalisedCopyThatKeepsThePages()
    {
        var original = TestPdf.Pages(3);

        var inspection = await _workers.InspectAsync("invoice.pdf", original, "application/pdf");

        var document = inspection.OrThrow();
        Assert.Equal("application/pdf", document.MediaType);
        Assert.Same(original, document.Content);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(original), document.Sha256);
        Assert.NotNull(document.Rendition);
        Assert.Equal(RenditionKind.NormalisedPdf, document.Rendition.Kind);
        Assert.Equal(3, document.Rendition.Pages);
        using var folder = new TempFiles();
        var path = folder.Write("normalised.pdf", document.Rendition.Content);
        Assert.Equal("3", Tools.Run("qpdf", "--show-npages", path).Trim());
        Assert.Contains("Hello from NPES", Tools.Run("pdftotext", path, "-"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000)] // qpdf's own parser gives up ("excessively deeply nested")
    [InlineData(300)] // qpdf reads it; NPES' depth limit (64) refuses it
    public async Task InspectAsync_NestedArrayPdf_RefusedAsTooComplexAndTheNextSucceeds(int depth)
    {
        var inspection = await _workers.InspectAsync("nested.pdf", TestPdf.NestedArrays(depth));

        AssertRefused(inspection, NpesErrors.DocumentTooComplex, "nesting");
        Assert.True((await _workers.InspectAsync("next.pdf", TestPdf.Pages())).IsAccepted);
    }

    [Fact]
    public async Task InspectAsync_FlateBomb_RefusedAsTooComplex()
    {
        var bomb = TestPdf.FlateBomb(300);
        Assert.True(bomb.Length < 1024 * 1024);

        var inspection = await _workers.InspectAsync("bomb.pdf", bomb);

        AssertRefused(inspection, NpesErrors.DocumentTooComplex, "decompressed size");
    }

    [Fact]
    public async Task InspectLetterAsync_PdfImageAndDocx_OnlyTheOfficeRenditionComesBackAndEveryCheckStillRuns()
    {
        // What a letter keeps: the originals, and the PDF of an office document. The PDF's rewrite and the image's
        // re-encoding are made and checked in the worker but not copied back.
        var accepted = await _workers.Intake.InspectLetterAsync(
            [
                new DocumentUpload("invoice.pdf", "application/pdf", TestPdf.Pages(2)),
                new DocumentUpload("stamp.png", "image/png", TestOffice.Png(40, 30)),
                new DocumentUpload("contract.docx", null, TestOffice.Docx("Договор поставки")),
            ],
            CancellationToken.None);

        Assert.Equal(["pdf", "png", "docx"], accepted.Select(d => d.Format));
        Assert.Null(accepted[0].Rendition);
        Assert.Null(accepted[1].Rendition);
        Assert.Equal(RenditionKind.ConvertedPdf, accepted[2].Rendition!.Kind);
        using var folder = new TempFiles();
        Assert.Contains("Договор поставки", Tools.Run("pdftotext", folder.Write("contract.pdf", accepted[2].Rendition!.Content), "-"), StringComparison.Ordinal);

        var hostile = await Assert.ThrowsAsync<NpesException>(() => _workers.Intake.InspectLetterAsync(
            [new DocumentUpload("bomb.pdf", "application/pdf", TestPdf.FlateBomb(300))], CancellationToken.None));
        Assert.Equal(NpesErrors.DocumentTooComplex, hostile.Error);
        var huge = await Assert.ThrowsAsync<NpesException>(() => _workers.Intake.InspectLetterAsync(
            [new DocumentUpload("huge.png", "image/png", TestOffice.Png(30_000, 30_000))], CancellationToken.None));
        Assert.Equal(NpesErrors.DocumentImageTooLarge, huge.Error);
    }

    [Theory]
    [InlineData(3, true)] // 3 MB decoded: within the 4 MB total
    [InlineData(5, false)] // 5 MB decoded: each stream is within the per-stream limit, together they are not
    public async Task InspectAsync_FlateStreamsAgainstTheTotalLimit_SmallOnesCountedAtTheirBoundAndTheTotalStillHolds(int streams, bool accepted)
    {
        // Each stream is 1 MB of zeros in about 1 KB: small enough to be counted at deflate's 1032:1 bound without
        // inflating it, until the count reaches half of the total; the rest are inflated against what remains.
        await using var workers = new Workers(o =>
        {
            o.Workers = 1;
            o.MaxStreamBytes = 4L * 1024 * 1024;
            o.MaxDecodedBytes = 4L * 1024 * 1024;
        });
        var first = 6;
        var references = string.Join(' ', Enumerable.Range(first, streams).Select(n => $"{n} 0 R"));
        var pdf = TestPdf.Pages(1, pageExtra: $"/PieceInfo << /NPES << /Private [{references}] >> >>", extraObjects: [.. Enumerable.Range(0, streams).Select(_ => TestPdf.Stream("/Filter /FlateDecode", TestPdf.Deflate(1)))]);

        var inspection = await workers.InspectAsync("streams.pdf", pdf);

        if (accepted)
        {
            Assert.True(inspection.IsAccepted, inspection.Refusal?.Detail);
        }
        else
        {
            AssertRefused(inspection, NpesErrors.DocumentTooComplex, "decompressed size");
        }
    }

    [Fact]
    public void Deflate_HighestRatioZlibReaches_StaysWithinTheBoundTheWorkerCountsWith()
    {
        // The worker counts a small Flate stream at 1032 bytes per compressed byte (+1 KB) instead of inflating it;
        // zeros at zlib's smallest size are the most a stream expands.
        var compressed = TestPdf.Deflate(64);

        var ratio = 64.0 * 1024 * 1024 / compressed.Length;

        Assert.InRange(ratio, 1000, 1032);
    }

    [Theory]
    [InlineData("[/FlateDecode /FlateDecode]")] // the bomb deflated once more: the first Flate's output feeds the second
    [InlineData("[/ASCIIHexDecode /FlateDecode]")] // the bomb written as hex text before it is inflated
    public async Task InspectAsync_FlateBombBehindAFilterChain_RefusedAsTooComplex(string filters)
    {
        var bomb = TestPdf.Deflate(300);
        byte[] data = filters.StartsWith("[/FlateDecode", StringComparison.Ordinal)
            ? Deflated(bomb)
            : Encoding.ASCII.GetBytes(Convert.ToHexString(bomb) + ">");
        var pdf = TestPdf.Pages(1, pageExtra: "/PieceInfo << /NPES << /Private 6 0 R >> >>", extraObjects: [TestPdf.Stream($"/Filter {filters}", data)]);

        var inspection = await _workers.InspectAsync("chain.pdf", pdf);

        AssertRefused(inspection, NpesErrors.DocumentTooComplex, "decompressed size");

        static byte[] Deflated(byte[] bytes)
        {
            using var output = new MemoryStream();
            using (var z = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                z.Write(bytes);
            }

            return output.ToArray();
        }
    }

    [Fact]
    public async Task InspectAsync_FlateBombInObjectStream_RefusedAsTooComplex()
    {
        var bomb = TestPdf.ObjectStreamBomb(300);
        Assert.True(bomb.Length < 1024 * 1024);

        var inspection = await _workers.InspectAsync("objstm-bomb.pdf", bomb);

        Assert.False(inspection.IsAccepted);
        Assert.Equal(NpesErrors.DocumentTooComplex, inspection.Refusal!.Error);
    }

    [Fact]
    public async Task InspectAsync_PngOf30000By30000Pixels_RefusedBeforeDecoding()
    {
        var png = TestOffice.Png(30_000, 30_000);

        var inspection = await _workers.InspectAsync("huge.png", png);

        AssertRefused(inspection, NpesErrors.DocumentImageTooLarge, "image");
        Assert.Contains("30000 × 30000", inspection.Refusal!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_TruncatedDocx_RefusedAsInvalid()
    {
        var docx = TestOffice.Docx("Договор");

        var inspection = await _workers.InspectAsync("contract.docx", docx[..(docx.Length / 2)]);

        AssertRefused(inspection, NpesErrors.DocumentInvalid);
    }

    [Fact]
    public async Task InspectAsync_EncryptedXlsx_RefusedAsEncrypted()
    {
        var inspection = await _workers.InspectAsync("salaries.xlsx", TestOffice.EncryptedXlsx());

        AssertRefused(inspection, NpesErrors.DocumentEncrypted);
    }

    [Fact]
    public async Task InspectAsync_DocmWithVbaProject_RefusedForMacros()
    {
        var vba = TestOffice.CompoundFile(("dir", new byte[600]), ("PROJECT", Encoding.ASCII.GetBytes("ID=\"{00000000-0000-0000-0000-000000000000}\"\r\nDocument=ThisDocument/&H00000000\r\n")));
        var docm = TestOffice.Docx(
            "Счёт",
            TestOffice.WordMacroMain,
            documentRels: """<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>""",
            extraParts: ("word/vbaProject.bin", vba));

        var inspection = await _workers.InspectAsync("invoice.docm", docm);

        AssertRefused(inspection, NpesErrors.DocumentMacros, "VBA");
    }

    [Fact]
    public async Task InspectAsync_DocxWithVbaProjectButPlainContentType_RefusedForMacros()
    {
        var docx = TestOffice.Docx("Счёт", extraParts: ("word/vbaProject.bin", new byte[512]));

        var inspection = await _workers.InspectAsync("invoice.docx", docx);

        AssertRefused(inspection, NpesErrors.DocumentMacros, "VBA");
    }

    [Theory]
    [InlineData("attachedTemplate", "http://203.0.113.7/template.dotm")]
    [InlineData("image", "file:///C:/secret.png")]
    [InlineData("hyperlink", "file://fileserver/share/leak")]
    public async Task InspectAsync_DocxWithExternalRelationship_RefusedAsExternalLink(string type, string target)
    {
        var docx = TestOffice.Docx(
            "Письмо",
            documentRels: $"""<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}" Target="{target}" TargetMode="External"/>""");

        var inspection = await _workers.InspectAsync("letter.docx", docx);

        AssertRefused(inspection, NpesErrors.DocumentExternalLink, type);
    }

    [Fact]
    public async Task InspectAsync_DocxWithDdeField_RefusedAsExternalLink()
    {
        var docx = TestOffice.Docx(
            "Письмо",
            extraBody: """<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DDE</w:instrText></w:r><w:r><w:instrText>AUTO c:\\windows\\system32\\cmd.exe "/c calc"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>""");

        var inspection = await _workers.InspectAsync("letter.docx", docx);

        AssertRefused(inspection, NpesErrors.DocumentExternalLink, "DDEAUTO field");
    }

    [Fact]
    public async Task InspectAsync_DocxWithEmbeddedOleObject_RefusedAsEmbeddedObject()
    {
        var docx = TestOffice.Docx("Письмо", extraParts: ("word/embeddings/oleObject1.bin", TestOffice.CompoundFile(("\u0001Ole10Native", new byte[100]))));

        var inspection = await _workers.InspectAsync("letter.docx", docx);

        AssertRefused(inspection, NpesErrors.DocumentEmbeddedObject, "OLE object");
    }

    public static TheoryData<string, string, string> ActiveContent => new()
    {
        { "JavaScript", "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", string.Empty },
        { "Launch", "/OpenAction << /S /Launch /F (calc.exe) >>", string.Empty },
        { "URI", string.Empty, "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (http://example.invalid/) >> >>]" },
        { "SubmitForm", "/AcroForm << /Fields [] >>", "/Annots [<< /Type /Annot /Subtype /Widget /FT /Btn /T (b) /Rect [0 0 10 10] /A << /S /SubmitForm /F (http://example.invalid/) >> >>]" },
        { "GoToR", "/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>", string.Empty },
        { "ImportData", "/OpenAction << /S /ImportData /F (data.fdf) >>", string.Empty },
        { "EmbeddedFile", "/Names << /EmbeddedFiles << /Names [(a.txt) << /Type /Filespec /F (a.txt) /EF << /F 6 0 R >> >>] >> >>", string.Empty },
        { "XFA", "/AcroForm << /Fields [] /XFA 6 0 R >>", string.Empty },
        { "RichMedia", string.Empty, "/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>]" },
    };

    [Theory]
    [MemberData(nameof(ActiveContent))]
    public async Task InspectAsync_PdfWithActiveContent_RefusedWithItsKind(string kind, string catalogExtra, string pageExtra)
    {
        var pdf = TestPdf.Pages(1, catalogExtra, pageExtra, TestPdf.Stream("/Type /EmbeddedFile", TestPdf.Text("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"/>")));

        var inspection = await _workers.InspectAsync("active.pdf", pdf);

        AssertRefused(inspection, NpesErrors.DocumentActiveContent, kind);
        Assert.Contains(kind, inspection.Refusal!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("secret")]
    public async Task InspectAsync_EncryptedPdf_RefusedAsEncrypted(string userPassword)
    {
        using var folder = new TempFiles();
        var plain = folder.Write("plain.pdf", TestPdf.Pages());
        var encrypted = Path.Combine(folder.Path, "encrypted.pdf");
        Tools.Run("qpdf", "--encrypt", userPassword, "owner-password", "256", "--", plain, encrypted);

        var inspection = await _workers.InspectAsync("encrypted.pdf", File.ReadAllBytes(encrypted));

        AssertRefused(inspection, NpesErrors.DocumentEncrypted);
    }

    [Fact]
    public async Task InspectAsync_DamagedXrefPdf_RepairedByQpdf()
    {
        var pdf = TestPdf.Pages(2);
        var text = Encoding.Latin1.GetString(pdf);
        var broken = Encoding.Latin1.GetBytes(text[..text.IndexOf("xref", StringComparison.Ordinal)] + "trailer\n<< /Root 1 0 R >>\n%%EOF\n");

        var document = (await _workers.InspectAsync("damaged.pdf", broken)).OrThrow();

        Assert.True(document.Repairs > 0);
        Assert.Equal(2, document.Rendition!.Pages);
    }

    [Fact]
    public async Task InspectAsync_PdfWithNamesThatAreNotUtf8_Accepted()
    {
        var pdf = TestPdf.Pages(1, pageExtra: "/Caf#E9 /Na#EFve /Info (\\351t\\351)");

        var inspection = await _workers.InspectAsync("latin1-names.pdf", pdf);

        Assert.True(inspection.IsAccepted, inspection.Refusal?.Detail);
    }

    [Fact]
    public async Task InspectAsync_GarbageAfterPdfHeader_RefusedAsInvalid()
    {
        var inspection = await _workers.InspectAsync("broken.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 5000)));

        AssertRefused(inspection, NpesErrors.DocumentInvalid);
    }

    [Fact]
    public async Task InspectAsync_Docx_ConvertedToPdfWhoseCyrillicTextPdftotextReads()
    {
        var docx = TestOffice.Docx("Уважаемый Иван Иванович, счёт № 42 оплачен.");

        var document = (await _workers.InspectAsync("письмо.docx", docx, TestOffice.DocxType)).OrThrow();

        Assert.Equal("docx", document.Format);
        Assert.True(document.IsOffice);
        Assert.Same(docx, document.Content);
        Assert.Equal(RenditionKind.ConvertedPdf, document.Rendition!.Kind);
        Assert.Equal(1, document.Rendition.Pages);
        Assert.Contains("Уважаемый Иван Иванович, счёт № 42 оплачен.", PdfText(document.Rendition.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_Xlsx_ConvertedToPdfWhoseCyrillicTextPdftotextReads()
    {
        var xlsx = TestOffice.Xlsx("Задолженность", "123,45 руб.");

        var document = (await _workers.InspectAsync("расчёт.xlsx", xlsx)).OrThrow();

        Assert.Equal("xlsx", document.Format);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", document.MediaType);
        var text = PdfText(document.Rendition!.Content);
        Assert.Contains("Задолженность", text, StringComparison.Ordinal);
        Assert.Contains("123,45 руб.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("doc", "MS Word 97", "application/msword")]
    [InlineData("xls", "MS Excel 97", "application/vnd.ms-excel")]
    public async Task InspectAsync_LegacyBinaryOfficeFile_RecognisedFromItsCompoundFileAndConverted(string format, string filter, string mediaType)
    {
        using var folder = new TempFiles();
        var source = format == "doc"
            ? folder.Write("source.docx", TestOffice.Docx("Старый формат Word"))
            : folder.Write("source.xlsx", TestOffice.Xlsx("Старый формат Excel"));
        Tools.Run("soffice", "-env:UserInstallation=" + new Uri(Path.Combine(folder.Path, "profile")).AbsoluteUri, "--headless", "--convert-to", $"{format}:{filter}", "--outdir", folder.Path, source);
        var legacy = File.ReadAllBytes(Path.Combine(folder.Path, "source." + format));

        var document = (await _workers.InspectAsync("old." + format, legacy)).OrThrow();

        Assert.Equal(format, document.Format);
        Assert.Equal(mediaType, document.MediaType);
        Assert.Contains("Старый формат", PdfText(document.Rendition!.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_Png_DecodedAndEncodedAnew()
    {
        var png = TestOffice.Png(300, 200);

        var document = (await _workers.InspectAsync("scan.png", png)).OrThrow();

        Assert.Equal("image/png", document.MediaType);
        Assert.Equal(RenditionKind.ReencodedImage, document.Rendition!.Kind);
        Assert.NotEqual(png, document.Rendition.Content);
        Assert.True(document.Rendition.Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]));
    }

    [Fact]
    public async Task InspectAsync_Jpeg_DecodedAndEncodedAnew()
    {
        using var folder = new TempFiles();
        var pdf = folder.Write("page.pdf", TestPdf.Pages());
        Tools.Run("pdftoppm", "-jpeg", "-r", "30", "-singlefile", pdf, Path.Combine(folder.Path, "page"));
        var jpeg = File.ReadAllBytes(Path.Combine(folder.Path, "page.jpg"));

        var document = (await _workers.InspectAsync("photo.jpg", jpeg)).OrThrow();

        Assert.Equal("image/jpeg", document.MediaType);
        Assert.True(document.Rendition!.Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]));
    }

    [Fact]
    public async Task InspectAsync_TruncatedPng_RefusedAsInvalid()
    {
        var inspection = await _workers.InspectAsync("cut.png", TestOffice.Png(300, 200)[..40]);

        Assert.False(inspection.IsAccepted);
        Assert.Equal(NpesErrors.DocumentInvalid, inspection.Refusal!.Error);
    }

    [Fact]
    public async Task InspectAsync_Utf8Text_AcceptedWithoutRendition()
    {
        var text = Encoding.UTF8.GetBytes("Добрый день!\nСтрока 2\n");

        var document = (await _workers.InspectAsync("note.txt", text, "text/plain; charset=utf-8")).OrThrow();

        Assert.Equal("text/plain", document.MediaType);
        Assert.Null(document.Rendition);
    }

    [Fact]
    public async Task InspectAsync_BinaryJunk_RefusedAsUnsupported()
    {
        var inspection = await _workers.InspectAsync("data.bin", [0x00, 0xFF, 0x13, 0x37, 0x00, 0x01]);

        AssertRefused(inspection, NpesErrors.DocumentTypeUnsupported);
    }

    [Theory]
    [InlineData("report.docx", null)]
    [InlineData("report.pdf", "image/png")]
    public async Task InspectAsync_NameOrDeclaredTypeContradictsContent_RefusedAsMismatch(string name, string? declared)
    {
        var inspection = await _workers.InspectAsync(name, TestPdf.Pages(), declared);

        AssertRefused(inspection, NpesErrors.DocumentTypeMismatch);
    }

    [Fact]
    public async Task InspectLetterAsync_FourDocuments_RefusedByTheCountLimit()
    {
        var uploads = Enumerable.Range(1, 4).Select(i => new DocumentUpload($"d{i}.txt", null, Encoding.UTF8.GetBytes("x"))).ToList();

        var refusal = await Assert.ThrowsAsync<NpesException>(() => _workers.Intake.InspectLetterAsync(uploads, CancellationToken.None));

        Assert.Equal(NpesErrors.DocumentsCount, refusal.Error);
    }

    [Fact]
    public async Task InspectLetterAsync_MoreThanTenMegabytesTogether_RefusedBeforeAnyWorkerSeesThem()
    {
        var big = new byte[4 * 1024 * 1024];
        var uploads = Enumerable.Range(1, 3).Select(i => new DocumentUpload($"d{i}.pdf", null, big)).ToList();

        var refusal = await Assert.ThrowsAsync<NpesException>(() => _workers.Intake.InspectLetterAsync(uploads, CancellationToken.None));

        Assert.Equal(NpesErrors.DocumentTooLarge, refusal.Error);
    }

    [Fact]
    public async Task InspectLetterAsync_SecondDocumentHostile_ThrowsItsRefusal()
    {
        var uploads = new List<DocumentUpload>
        {
            new("letter.txt", null, Encoding.UTF8.GetBytes("Текст письма")),
            new("attachment.pdf", null, TestPdf.Pages(1, "/OpenAction << /S /Launch /F (cmd.exe) >>")),
        };

        var refusal = await Assert.ThrowsAsync<NpesException>(() => _workers.Intake.InspectLetterAsync(uploads, CancellationToken.None));

        Assert.Equal(NpesErrors.DocumentActiveContent, refusal.Error);
    }

    private static void AssertRefused(DocumentInspection inspection, NpesError error, string? kind = null)
    {
        Assert.False(inspection.IsAccepted, "accepted: " + inspection.Document?.Format);
        Assert.True(error == inspection.Refusal!.Error, $"expected {error.Code}, got {inspection.Refusal.Error.Code}: {inspection.Refusal.Detail}");
        if (kind is not null)
        {
            Assert.Equal(kind, inspection.Refusal.Kind);
        }
    }

    private static string PdfText(byte[] pdf)
    {
        using var folder = new TempFiles();
        return Tools.Run("pdftotext", folder.Write("rendition.pdf", pdf), "-");
    }
}
