using System.Diagnostics;
using System.Text;

namespace Npes.Testing;

/// <summary>Runs the real command-line tools tests check artefacts with (qpdf, poppler's pdftotext and pdftoppm, zbarimg); a non-zero exit fails the test with the tool's stderr.</summary>
public static class Tools
{
    public static string Run(string tool, params string[] arguments) => Encoding.UTF8.GetString(RunBytes(tool, arguments));

    public static byte[] RunBytes(string tool, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = RunRaw(tool, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {exitCode}: {stderr}{Encoding.UTF8.GetString(stdout)}");
        }

        return stdout;
    }

    /// <summary>Runs a tool and returns its exit code and output without judging them.</summary>
    public static (int ExitCode, byte[] Stdout, string Stderr) RunRaw(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within 2 minutes.");
        }

        return (process.ExitCode, stdout.ToArray(), stderr.GetAwaiter().GetResult());
    }
}
