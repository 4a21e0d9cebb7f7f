using System.Text;
using Npes.Core.Errors;
using Npes.Documents.Protocol;

namespace Npes.DocumentWorker.Office;

/// <summary>
/// Converts checked office documents to PDF with LibreOffice headless (Debian's -nogui packages). Each worker has its
/// own LibreOffice profile (-env:UserInstallation), so concurrent conversions in different workers never share one;
/// the profile is seeded to run no macros, update no links and skip the first-start dialogue. soffice runs under
/// the worker's tool limits with the conversion time limit; when it passes, soffice and its children are killed.
/// </summary>
internal static class LibreOffice
{
    private const string Registry = """
        <?xml version="1.0" encoding="UTF-8"?>
        <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
        <item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
        <item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
        <item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
        <item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
        <item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
        <item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
        </oor:items>
        """;

    /// <summary>Why conversion is not possible here, or null when it is.</summary>
    public static string? Problem(WorkerSettings settings)
    {
        if (string.IsNullOrEmpty(settings.SofficePath))
        {
            return "office conversion is switched off (Npes:Documents:SofficePath is empty)";
        }

        return File.Exists(settings.SofficePath) ? null : $"LibreOffice is not installed ({settings.SofficePath} is missing; Debian: libreoffice-writer-nogui, libreoffice-calc-nogui)";
    }

    public static OfficeVersionMessage Version(WorkerSettings settings)
    {
        if (Problem(settings) is { } problem)
        {
            return new OfficeVersionMessage(null, problem);
        }

        var tools = new ToolRunner(settings, Environment.CurrentDirectory);
        var result = tools.Run(settings.SofficePath!, [ProfileArgument(tools), "--headless", "--version"], TimeSpan.FromSeconds(settings.ConversionTimeoutSeconds), settings.OfficeAddressSpaceBytes, 64 * 1024);
        var line = Encoding.UTF8.GetString(result.Output).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return result.ExitCode == 0 && line is not null
            ? new OfficeVersionMessage(line, null)
            : new OfficeVersionMessage(null, $"soffice --version failed (exit {result.ExitCode}): {result.Errors.Trim()}");
    }

    /// <summary>The PDF rendition of a checked office document.</summary>
    public static byte[] Convert(WorkerSettings settings, ToolRunner tools, string name, byte[] content, OfficeDocument document)
    {
        if (Problem(settings) is { } problem)
        {
            throw new Refusal(NpesErrors.DocumentConversionUnavailable, $"'{name}' is an office document ({document.Format}), but this server cannot convert office documents: {problem}. Send it as PDF.");
        }

        var folder = Directory.CreateDirectory(Path.Combine(tools.WorkFolder, "office-" + Guid.NewGuid().ToString("N")));
        try
        {
            var input = Path.Combine(folder.FullName, "document." + document.Format);
            File.WriteAllBytes(input, content);
            var result = tools.Run(
                settings.SofficePath!,
                [ProfileArgument(tools), "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault", "--convert-to", "pdf", "--outdir", folder.FullName, input],
                TimeSpan.FromSeconds(settings.ConversionTimeoutSeconds),
                settings.OfficeAddressSpaceBytes,
                1024 * 1024,
                folder.FullName);
            var output = Path.Combine(folder.FullName, "document.pdf");
            if (result.HitLimit)
            {
                throw new Refusal(
                    NpesErrors.DocumentTooComplex,
                    result.TimedOut
                        ? $"'{name}' could not be converted to PDF within {settings.ConversionTimeoutSeconds} s."
                        : $"'{name}' needs more resources to convert than a document may use.",
                    result.TimedOut ? "time" : "resources");
            }

            if (result.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0)
            {
                throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' could not be converted to PDF: LibreOffice cannot read it (damaged, or not what its structure claims).");
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>-env:UserInstallation of the worker's own profile, seeded on first use.</summary>
    private static string ProfileArgument(ToolRunner tools)
    {
        var profile = Path.Combine(tools.WorkFolder, "libreoffice-profile");
        var registry = Path.Combine(profile, "user", "registrymodifications.xcu");
        if (!File.Exists(registry))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(registry)!);
            File.WriteAllText(registry, Registry);
        }

        return "-env:UserInstallation=" + new Uri(profile).AbsoluteUri;
    }
}
