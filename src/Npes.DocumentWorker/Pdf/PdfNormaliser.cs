using System.Text;
using Npes.Core.Errors;
using Npes.Documents.Protocol;

namespace Npes.DocumentWorker.Pdf;

/// <summary>A PDF qpdf rewrote and the checks passed.</summary>
/// <param name="Repairs">Warnings qpdf gave while repairing the structure (0 for a clean file).</param>
internal sealed record NormalisedPdf(byte[] Content, int Pages, int Repairs);

/// <summary>
/// Rewrites a PDF with Debian's qpdf and checks the result. qpdf parses the sender's file (repairing a damaged
/// cross-reference table, refusing what it cannot read), and writes it anew without object streams, with stream data
/// kept as it is (qpdf never inflates a bomb); then <see cref="PdfStructureCheck"/> walks qpdf's description of the
/// new file. What passes is the file print and previews use.
/// </summary>
internal sealed class PdfNormaliser(WorkerSettings settings, ToolRunner tools)
{
    // The rewritten file may be at most 8 times the original (objects leave their compressed object streams), and
    // 64 MB in any case; a file that grows more is an object-stream bomb, and qpdf is stopped by its file size limit.
    private const long MinOutputBytes = 64L * 1024 * 1024;

    public NormalisedPdf Normalise(string name, byte[] content, bool allowLinks)
    {
        var folder = Directory.CreateDirectory(Path.Combine(tools.WorkFolder, "pdf-" + Guid.NewGuid().ToString("N")));
        try
        {
            var input = Path.Combine(folder.FullName, "in.pdf");
            var output = Path.Combine(folder.FullName, "out.pdf");
            File.WriteAllBytes(input, content);
            var timeout = TimeSpan.FromSeconds(settings.ToolTimeoutSeconds);
            var rewrite = tools.Run(
                settings.QpdfPath,
                ["--decode-level=none", "--object-streams=disable", "--", input, output],
                timeout,
                settings.ToolAddressSpaceBytes,
                64 * 1024,
                maxFileBytes: Math.Max(8L * content.Length, MinOutputBytes));
            var repairs = Classify(name, rewrite);
            var normalised = File.ReadAllBytes(output);

            var describe = tools.Run(
                settings.QpdfPath,
                ["--json=2", "--json-key=qpdf", "--json-key=pages", "--json-key=encrypt", "--json-stream-data=inline", "--decode-level=none", "--", output, "-"],
                timeout,
                settings.ToolAddressSpaceBytes,
                (normalised.LongLength * 2) + (64L * 1024 * 1024));
            Classify(name, describe);
            var pages = PdfStructureCheck.Check(name, describe.Output, settings.Limits, allowLinks);
            return new NormalisedPdf(normalised, pages, repairs);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Turns a qpdf run into a refusal or the number of repairs it made.</summary>
    private static int Classify(string name, ToolResult result)
    {
        var errors = result.Errors;
        if (errors.Contains("invalid password", StringComparison.OrdinalIgnoreCase))
        {
            throw new Refusal(NpesErrors.DocumentEncrypted, $"'{name}' is an encrypted PDF; send it without encryption.");
        }

        if (errors.Contains("excessively deeply nested", StringComparison.Ordinal))
        {
            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' nests arrays or dictionaries too deeply.", "nesting");
        }

        if (result.HitLimit)
        {
            throw new Refusal(NpesErrors.DocumentTooComplex, $"'{name}' needs more time, memory or output to read than a document may use.", result.TimedOut ? "time" : "resources");
        }

        return result.ExitCode switch
        {
            0 => 0,
            3 => errors.Split('\n').Count(l => l.StartsWith("WARNING", StringComparison.Ordinal)),
            _ => throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable PDF{Reason(errors)}."),
        };
    }

    /// <summary>qpdf's own words, without the worker's file names.</summary>
    private static string Reason(string errors)
    {
        var line = errors.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder(line);
        var colon = line.IndexOf(".pdf", StringComparison.Ordinal);
        if (colon >= 0)
        {
            text.Clear().Append(line[(colon + 4)..].TrimStart(':', ' ', '('));
        }

        var reason = text.ToString();
        return reason.Length == 0 ? string.Empty : " (" + (reason.Length > 200 ? reason[..200] : reason) + ")";
    }
}
