using Npes.Core.Errors;
using Npes.Documents.Intake;

namespace Npes.Documents.Tests;

/// <summary>Document names: a plain file name, or a refusal with its own code — never silently cut to its last segment.</summary>
public sealed class NameTests
{
    [Theory]
    [InlineData("invoice.pdf")]
    [InlineData("Договор № 17 от 01.02.2026.docx")]
    [InlineData("  расчёт.xlsx  ")]
    [InlineData("report v2 (final).pdf")]
    public void CheckName_PlainName_Kept(string name)
    {
        var (checkedName, problem) = DocumentIntake.CheckName(name);

        Assert.Equal(name.Trim(), checkedName);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a/b.pdf")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\Windows\\System32\\evil.dll")]
    [InlineData("C:\\Users\\Public\\a.pdf")]
    [InlineData("C:a.pdf")]
    [InlineData("a.pdf:Zone.Identifier")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a..pdf")]
    [InlineData("a.pdf.")]
    [InlineData("a\u0000.pdf")]
    [InlineData("a\n.pdf")]
    [InlineData("invoice\u202Efdp.exe")]
    [InlineData("a\u200B.pdf")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("COM1.pdf")]
    [InlineData("lpt9.docx")]
    public void CheckName_PathDeviceOrHiddenCharacters_Refused(string name)
    {
        var (checkedName, problem) = DocumentIntake.CheckName(name);

        Assert.Null(checkedName);
        Assert.NotNull(problem);
        Assert.DoesNotContain('\u202E', problem);
        Assert.DoesNotContain('\0', problem);
    }

    [Fact]
    public void CheckName_LoneSurrogate_Refused() =>
        Assert.Null(DocumentIntake.CheckName("a" + (char)0xD800 + ".pdf").Name); // built here: test data would arrive re-encoded

    [Fact]
    public void CheckName_TooLong_Refused() =>
        Assert.Null(DocumentIntake.CheckName(new string('я', DocumentIntake.MaxNameLength + 1) + ".pdf").Name);

    [Fact]
    public async Task InspectLetterAsync_NameWithFolders_RefusedWithNameCodeBeforeAnyWorkerRuns()
    {
        await using var workers = new Workers();

        var refusal = await Assert.ThrowsAsync<NpesException>(() =>
            workers.Intake.InspectLetterAsync([new DocumentUpload("..\\..\\evil.pdf", "application/pdf", [0x25])], CancellationToken.None));

        Assert.Equal(NpesErrors.DocumentNameInvalid, refusal.Error);
        Assert.Empty(workers.Pool.ProcessIds);
    }
}
