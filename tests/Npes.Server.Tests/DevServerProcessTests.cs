using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npes.Storage;

namespace Npes.Server.Tests;

/// <summary>
/// The server as a newcomer runs it: a real process with no connection string, which must start its own
/// PostgreSQL, migrate, seed the demo, answer readiness, and stop its PostgreSQL when it stops.
/// </summary>
public sealed class DevServerProcessTests
{
    [Fact]
    public async Task Start_NoConnectionString_ReadyOnPrivateClusterAndSigtermStopsIt()
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), "npes-devserver-" + Guid.NewGuid().ToString("N"));
        var url = $"http://127.0.0.1:{FreePort()}";
        using var server = StartServer(url, ("Npes__Storage__DataRoot", dataRoot));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var ready = await WaitForReadyAsync(http, server.Process);
            using var mailbox = await http.GetAsync("/api/v1/mailboxes/me");

            using (var term = Process.Start("kill", ["-TERM", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(ready, server.Output);
            Assert.Equal(HttpStatusCode.Unauthorized, mailbox.StatusCode);
            Assert.Equal(0, server.Process.ExitCode);
            Assert.False(File.Exists(Path.Combine(dataRoot, "pgdata", "postmaster.pid")), "PostgreSQL still running after the server stopped");
            Assert.Contains("Stopping the private PostgreSQL cluster", server.Output, StringComparison.Ordinal);
            Assert.Contains("Demo: created a mailbox for Иванов Иван Иванович", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Cleanup(dataRoot);
        }
    }

    [Fact]
    public async Task Start_PostgresBinariesMissing_ExplainsAndExitsNonZero()
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), "npes-devserver-" + Guid.NewGuid().ToString("N"));
        using var server = StartServer($"http://127.0.0.1:{FreePort()}", ("Npes__Storage__DataRoot", dataRoot), ("Npes__Storage__PostgresBinDirectory", "/nonexistent/bin"));

        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, server.Process.ExitCode);
        Assert.Contains("apt-get install postgresql", server.Output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Npes", server.Output, StringComparison.Ordinal);
        Cleanup(dataRoot);
    }

    private static RunningServer StartServer(string url, params (string Name, string Value)[] environment)
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

        return new RunningServer(Process.Start(start)!);
    }

    private static async Task<bool> WaitForReadyAsync(HttpClient http, Process process)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Cleanup(string dataRoot)
    {
        if (File.Exists(Path.Combine(dataRoot, "pgdata", "postmaster.pid")))
        {
            var binaries = Npes.Storage.Postgres.PostgresBinaries.Find()!;
            using var stop = Process.Start(Environment.IsPrivilegedProcess ? "runuser" : binaries.PgCtl,
                Environment.IsPrivilegedProcess ? ["-u", "postgres", "--", binaries.PgCtl, "-D", Path.Combine(dataRoot, "pgdata"), "-m", "immediate", "stop"] : ["-D", Path.Combine(dataRoot, "pgdata"), "-m", "immediate", "stop"]);
            stop.WaitForExit();
        }

        if (Directory.Exists(dataRoot))
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    private sealed class RunningServer : IDisposable
    {
        private readonly StringBuilder _output = new();

        public RunningServer(Process process)
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
}
