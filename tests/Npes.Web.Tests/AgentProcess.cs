using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npes.Storage;

namespace Npes.Web.Tests;

/// <summary>
/// <c>npes agent</c> run as the real, built CLI process (as a citizen starts it in a terminal), its terminal being this
/// process's pipes: the test reads what the agent shows and types the PIN when the agent asks for it.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly Dictionary<string, int> _typed = [];

    private AgentProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>All the agent wrote to its terminal so far .</summary>
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static AgentProcess Start(params string[] arguments)
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run the tests inside the working tree.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "src", "Npes.Cli", "bin", configuration, "net10.0", "npes.dll"));
        start.ArgumentList.Add("agent");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NPES_HOME"] = Path.Combine(Path.GetTempPath(), "npes-agent-home-" + Guid.NewGuid().ToString("N"));
        return new AgentProcess(Process.Start(start)!);
    }

    /// <summary>Waits until the agent has asked <paramref name="prompt"/> one more time than before, then types <paramref name="line"/>.</summary>
    public async Task TypeAfterAsync(string prompt, string line)
    {
        var times = _typed[prompt] = _typed.GetValueOrDefault(prompt) + 1;
        await WaitForAsync(() => Count(prompt) >= times, $"the agent to ask '{prompt}' ({times})");
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public Task WaitForTextAsync(string text) => WaitForAsync(() => Output.Contains(text, StringComparison.Ordinal), $"'{text}' from the agent");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 60_000 && !_process.HasExited, $"Waited in vain for {what}; the agent wrote: {Output}");
            await Task.Delay(50);
        }
    }

    private int Count(string what)
    {
        var text = Output;
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
