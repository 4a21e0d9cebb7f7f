using System.Diagnostics;
using System.Text;
using Npes.Testing;

namespace Npes.DocumentFuzz;

/// <summary>A starting file: its kind (for the report), the name it is submitted under, its bytes.</summary>
internal sealed record Seed(string Kind, string Name, byte[] Content);

/// <summary>
/// The seeds: generated PDFs (several pages, active content, an object stream with a cross-reference stream, a
/// damaged cross-reference table), OOXML and OpenDocument-free office files, legacy .doc and .xls made by LibreOffice
/// from them when it is installed, PNG, JPEG (from poppler when installed), text, and the files of an optional corpus folder.
/// </summary>
internal static class Seeds
{
    public static List<Seed> Build(string? corpus)
    {
        var seeds = new List<Seed>
        {
            new("pdf", "a.pdf", TestPdf.Pages(3)),
            new("pdf", "links.pdf", TestPdf.Pages(1, string.Empty, "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /GoTo /D [5 0 R /Fit] >> >>]")),
            new("pdf", "objstm.pdf", TestPdf.ObjectStreamBomb(1)),
            new("pdf", "flate.pdf", TestPdf.FlateBomb(2)),
            new("pdf", "nested.pdf", TestPdf.NestedArrays(40)),
            new("pdf", "js.pdf", TestPdf.Pages(1, "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>")),
            new("docx", "a.docx", TestOffice.Docx("Уважаемый клиент, счёт оплачен.")),
            new("xlsx", "a.xlsx", TestOffice.Xlsx("Итого", "123,45")),
            new("png", "a.png", TestOffice.Png(64, 48)),
            new("text", "a.txt", Encoding.UTF8.GetBytes("Добрый день!\nСтрока\tс табуляцией\n")),
        };

        using var folder = new TempFolder();
        foreach (var (format, filter, source) in new[] { ("doc", "MS Word 97", "a.docx"), ("xls", "MS Excel 97", "a.xlsx") })
        {
            var input = Path.Combine(folder.Path, source);
            File.WriteAllBytes(input, seeds.First(s => s.Name == source).Content);
            if (Run("soffice", "-env:UserInstallation=" + new Uri(Path.Combine(folder.Path, "profile")).AbsoluteUri, "--headless", "--convert-to", $"{format}:{filter}", "--outdir", folder.Path, input)
                && File.Exists(Path.ChangeExtension(input, format)))
            {
                seeds.Add(new Seed(format, "a." + format, File.ReadAllBytes(Path.ChangeExtension(input, format))));
            }
        }

        var page = Path.Combine(folder.Path, "page.pdf");
        File.WriteAllBytes(page, TestPdf.Pages());
        if (Run("pdftoppm", "-jpeg", "-r", "20", "-singlefile", page, Path.Combine(folder.Path, "page")))
        {
            seeds.Add(new Seed("jpeg", "a.jpg", File.ReadAllBytes(Path.Combine(folder.Path, "page.jpg"))));
        }

        if (corpus is not null)
        {
            foreach (var file in Directory.EnumerateFiles(corpus).Where(f => new FileInfo(f).Length <= 2 * 1024 * 1024))
            {
                seeds.Add(new Seed(Path.GetExtension(file).TrimStart('.').ToLowerInvariant(), Path.GetFileName(file), File.ReadAllBytes(file)));
            }
        }

        return seeds;
    }

    private static bool Run(string tool, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(TimeSpan.FromMinutes(2)) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("npes-fuzz-seeds-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
