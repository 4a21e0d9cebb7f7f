using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Npes.Testing;

/// <summary>
/// A real SMTP server process: Debian's aiosmtpd, storing every message it accepts in a Maildir. It can be stopped
/// (an outage) and started again on the same port.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string Program = "/usr/bin/aiosmtpd";

    private Process? _process;

    private SmtpSink(int port, string maildir)
    {
        Port = port;
        Maildir = maildir;
    }

    public int Port { get; }

    /// <summary>The Maildir (its <c>new</c> folder holds one file per message).</summary>
    public string Maildir { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: install Debian's python3-aiosmtpd.");
        }

        var sink = new SmtpSink(FreePort(), Path.Combine(Path.GetTempPath(), "npes-smtp-" + Guid.NewGuid().ToString("N")));
        await sink.StartAgainAsync();
        return sink;
    }

    /// <summary>Starts the server (again) on its port; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops the server process: connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Every message received so far, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(Maildir, "new");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return new DirectoryInfo(folder).GetFiles().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => f.FullName).Select(f => MimeMessage.Load(f)).ToList();
    }

    /// <summary>The messages to <paramref name="address"/>, in the order received.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Maildir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was received.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
