using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npes.Documents.Protocol;

namespace Npes.DocumentWorker;

/// <summary>How a program run ended.</summary>
/// <param name="ExitCode">The exit code; 128 + the signal number when a signal ended it.</param>
/// <param name="TimedOut">The wall-time limit passed and the program (with everything it started) was killed.</param>
/// <param name="OutputExceeded">It wrote more to standard output than allowed and was killed.</param>
internal sealed record ToolResult(int ExitCode, bool TimedOut, bool OutputExceeded, byte[] Output, string Errors)
{
    /// <summary>Ended by SIGKILL, SIGXCPU (CPU limit), SIGXFSZ (file size limit), SIGSEGV or SIGABRT (e.g. out of memory).</summary>
    public bool Killed => ExitCode is 128 + 9 or 128 + 24 or 128 + 25 or 128 + 11 or 128 + 6;

    public bool HitLimit => TimedOut || OutputExceeded || ExitCode is 128 + 9 or 128 + 24 or 128 + 25
        || Errors.Contains("bad_alloc", StringComparison.Ordinal) || Errors.Contains("out of memory", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Runs the worker's programs (LibreOffice's soffice) under their own limits: <c>prlimit</c> sets CPU time, address space,
/// file size, open files and no core dumps before the program starts; a wall-time limit kills the program and every
/// process it started; standard output and error are read with caps. The environment holds nothing but a path,
/// a home in the worker's folder and a UTF-8 locale.
/// </summary>
internal sealed class ToolRunner(WorkerSettings settings, string workFolder)
{
    private const int MaxErrorBytes = 16 * 1024;

    public string WorkFolder => workFolder;

    public ToolResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout, long addressSpace, long maxOutput, string? workingDirectory = null, long maxFileBytes = 0)
    {
        var start = new ProcessStartInfo("prlimit")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? workFolder,
        };
        var cpu = Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        start.ArgumentList.Add($"--cpu={cpu}:{cpu}");
        if (addressSpace > 0)
        {
            start.ArgumentList.Add($"--as={addressSpace.ToString(CultureInfo.InvariantCulture)}:{addressSpace.ToString(CultureInfo.InvariantCulture)}");
        }

        var fileSize = (maxFileBytes > 0 ? Math.Min(maxFileBytes, settings.FileSizeBytes) : settings.FileSizeBytes).ToString(CultureInfo.InvariantCulture);
        start.ArgumentList.Add($"--fsize={fileSize}:{fileSize}");
        start.ArgumentList.Add("--core=0:0");
        start.ArgumentList.Add("--nofile=1024:1024");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = workFolder;
        start.Environment["TMPDIR"] = workFolder;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.StandardInput.Close();
        var outputExceeded = false;
        using var stdout = new MemoryStream();
        var reading = Task.Run(() =>
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = process.StandardOutput.BaseStream.Read(buffer)) > 0)
            {
                if (stdout.Length + read > maxOutput)
                {
                    outputExceeded = true;
                    Kill(process);
                    return;
                }

                stdout.Write(buffer, 0, read);
            }
        });
        var errors = Task.Run(() =>
        {
            var buffer = new byte[MaxErrorBytes];
            var total = 0;
            int read;
            var sink = new byte[8192];
            while (total < buffer.Length && (read = process.StandardError.BaseStream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            while (process.StandardError.BaseStream.Read(sink) > 0)
            {
                // keep the pipe drained; the rest is dropped
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        });

        var timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            Kill(process);
            process.WaitForExit();
        }

        // A killed program's descendants may hold the pipes open: bound the wait for them too.
        if (!Task.WaitAll([reading, errors], TimeSpan.FromSeconds(5)))
        {
            Kill(process);
        }

        var exitCode = process.ExitCode;
        return new ToolResult(exitCode, timedOut, outputExceeded, stdout.ToArray(), errors.IsCompleted ? errors.Result : string.Empty);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }
}
