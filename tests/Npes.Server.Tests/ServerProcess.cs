using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npes.Storage;

namespace Npes.Server.Tests;

/// <summary>The built server run as a real process (as an operator runs it), with its output captured.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServerProcess Start(string url, params (string Name, string Value)[] environment)
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run the tests inside the working tree.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(root, "src", "Npes.Server", "bin", configuration, "net10.0", "Npes.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ConnectionStrings__Npes");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(Process.Start(start)!);
    }

    public static async Task<bool> WaitForReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        return false;
    }

    /// <summary>Stops the server as an operator does (SIGTERM) and waits up to a minute for it to exit.</summary>
    public async Task TerminateAsync()
    {
        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Removes a dev server's data folder, first stopping the private PostgreSQL cluster a failed test may have left running.</summary>
    public static void RemoveDataRoot(string dataRoot)
    {
        if (File.Exists(Path.Combine(dataRoot, "pgdata", "postmaster.pid")))
        {
            var binaries = Npes.Storage.Postgres.PostgresBinaries.Find()!;
            using var stop = System.Diagnostics.Process.Start(Environment.IsPrivilegedProcess ? "runuser" : binaries.PgCtl,
                Environment.IsPrivilegedProcess ? ["-u", "postgres", "--", binaries.PgCtl, "-D", Path.Combine(dataRoot, "pgdata"), "-m", "immediate", "stop"] : ["-D", Path.Combine(dataRoot, "pgdata"), "-m", "immediate", "stop"]);
            stop.WaitForExit();
        }

        if (Directory.Exists(dataRoot))
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
