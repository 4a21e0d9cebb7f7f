using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npes.Documents.Protocol;

namespace Npes.Documents.Workers;

/// <summary>What went wrong with a worker call, if anything.</summary>
internal enum WorkerFault
{
    None,

    /// <summary>No worker could be had (all busy past the queue timeout, or none starts).</summary>
    Unavailable,

    /// <summary>The wall-time limit passed; the worker and its programs were killed.</summary>
    TimedOut,

    /// <summary>The worker ended (a crash, a signal, a limit it hit) before it answered.</summary>
    Crashed,

    /// <summary>The reply announced more bytes than the call allows; the worker was killed.</summary>
    ReplyTooLarge,

    /// <summary>The worker answered with something that is not a well-formed frame.</summary>
    ProtocolViolation,
}

/// <summary>A worker call's outcome: a reply frame, or a fault with a description for the log.</summary>
internal sealed record WorkerReply(Frame? Frame, WorkerFault Fault, string? Problem)
{
    public static WorkerReply Of(Frame frame) => new(frame, WorkerFault.None, null);

    public static WorkerReply Failed(WorkerFault fault, string problem) => new(null, fault, problem);
}

/// <summary>
/// One worker process: <c>dotnet Npes.DocumentWorker.dll</c> in its own private folder, with an environment that holds
/// nothing of NPES' (no connection strings, no passwords), a hard heap limit, and the limits it puts on itself when
/// configured. One call at a time. A call past its wall time kills the worker's process group (the worker, qpdf,
/// LibreOffice) at once; so does disposal.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int ErrorTailBytes = 8 * 1024;

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly string _folder;
    private readonly StringBuilder _errors = new();
    private readonly Task _errorPump;
    private int _killed;
    private int _disposed;

    private WorkerProcess(Process process, string folder)
    {
        _process = process;
        _folder = folder;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _errorPump = Task.Run(PumpErrorsAsync);
    }

    public int ProcessId => _process.Id;

    public ReadyMessage Ready { get; private set; } = null!;

    public int Requests { get; private set; }

    /// <summary>Neither killed nor exited: it may take the next request.</summary>
    public bool IsUsable => Volatile.Read(ref _killed) == 0 && Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    /// <summary>The last lines the worker wrote to standard error (diagnostics; never document content).</summary>
    public string ErrorTail
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString().Trim();
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(WorkerLaunch launch, string root, DocumentsOptions options, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, "worker-" + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(launch.Host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(launch.WorkerAssembly);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = folder;
        start.Environment["TMPDIR"] = folder;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCHeapHardLimit"] = ((long)options.WorkerHeapMegabytes * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        if (Path.GetDirectoryName(launch.Host) is { Length: > 0 } dotnetRoot)
        {
            start.Environment["DOTNET_ROOT"] = dotnetRoot;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new WorkerStartException($"{launch.Host} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Directory.Delete(folder, recursive: true);
            throw new WorkerStartException($"The document worker cannot be started with {launch.Host}: {e.Message}", e);
        }

        var worker = new WorkerProcess(process, folder);
        var reply = await worker.CallAsync(Frame.Create(MessageTypes.Configure, Settings(options)), TimeSpan.FromSeconds(options.StartTimeoutSeconds), 64 * 1024);
        if (reply.Frame?.Type != MessageTypes.Ready)
        {
            var why = reply.Problem ?? reply.Frame?.Type;
            var tail = worker.ErrorTail;
            await worker.DisposeAsync();
            throw new WorkerStartException($"The document worker did not report ready ({why}){(tail.Length > 0 ? ": " + tail : ".")}");
        }

        worker.Ready = reply.Frame.Read<ReadyMessage>();
        worker.Requests = 0;
        if (worker.Ready.Protocol != Frame.Version)
        {
            await worker.DisposeAsync();
            throw new WorkerStartException($"The document worker speaks protocol {worker.Ready.Protocol}; NPES speaks {Frame.Version}. Install the worker of this build.");
        }

        return worker;
    }

    /// <summary>The limits a worker puts on itself and its programs, from the options.</summary>
    public static WorkerSettings Settings(DocumentsOptions options)
    {
        const long Megabyte = 1024 * 1024;
        var maxRequest = Math.Max(options.MaxDocumentBytes + Megabyte, options.MaxPrintMegabytes * Megabyte);
        var maxReply = Math.Max(options.MaxIntakeReplyMegabytes, options.MaxPrintMegabytes) * Megabyte;
        return new WorkerSettings(
            options.WorkerCpuSeconds,
            options.WorkerMemoryMegabytes * Megabyte,
            options.MaxFileMegabytes * Megabyte,
            maxRequest,
            maxReply,
            string.IsNullOrWhiteSpace(options.SofficePath) ? null : options.SofficePath,
            options.ConversionTimeoutSeconds,
            options.OfficeAddressSpaceMegabytes * Megabyte,
            new ContentLimits(
                options.MaxPages,
                options.MaxImagePixels,
                options.MaxNestingDepth,
                options.MaxObjects,
                options.MaxStreamBytes,
                options.MaxDecodedBytes,
                options.MaxUnpackedBytes,
                options.MaxParts));
    }

    /// <summary>Sends one request and waits for its reply, at most <paramref name="wallTime"/>; never throws for the worker's failures.</summary>
    public async Task<WorkerReply> CallAsync(Frame request, TimeSpan wallTime, long maxReplyBytes)
    {
        Requests++;
        var timedOut = false;
        using var timer = new CancellationTokenSource(wallTime);
        using var registration = timer.Token.Register(() =>
        {
            timedOut = true;
            Kill();
        });
        try
        {
            await request.WriteAsync(_input, CancellationToken.None);
            var reply = await Frame.ReadAsync(_output, maxReplyBytes, CancellationToken.None);
            if (reply is not null)
            {
                return WorkerReply.Of(reply);
            }
        }
        catch (ProtocolException e) when (e.TooLarge)
        {
            Kill();
            return WorkerReply.Failed(WorkerFault.ReplyTooLarge, e.Message);
        }
        catch (ProtocolException e)
        {
            Kill();
            return timedOut ? TimedOut(wallTime) : WorkerReply.Failed(WorkerFault.ProtocolViolation, e.Message);
        }
        catch (IOException e)
        {
            if (!timedOut)
            {
                Kill();
                return WorkerReply.Failed(WorkerFault.Crashed, "The worker's pipe broke: " + e.Message);
            }
        }
        catch (ObjectDisposedException)
        {
            // killed meanwhile
        }

        if (timedOut)
        {
            return TimedOut(wallTime);
        }

        Kill();
        await WaitForExitAsync();
        return WorkerReply.Failed(WorkerFault.Crashed, $"The worker ended before it answered (exit {ExitDescription()}).");
    }

    private static WorkerReply TimedOut(TimeSpan wallTime) =>
        WorkerReply.Failed(WorkerFault.TimedOut, string.Create(CultureInfo.InvariantCulture, $"No answer within {wallTime.TotalSeconds:0.#} s; the worker was killed."));

    /// <summary>SIGKILL to the worker's process group (itself and every program it started), then to the worker alone.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        try
        {
            if (Posix.IsLinux)
            {
                Posix.KillGroup(_process.Id);
            }

            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // exited already
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        await WaitForExitAsync();
        try
        {
            await _errorPump.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // a descendant still holds the pipe: nothing to wait for
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // removed with the pool's root folder
        }
    }

    private async Task WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // the kernel has the kill; nothing more to do
        }
        catch (InvalidOperationException)
        {
            // disposed meanwhile (the pool is stopping)
        }
    }

    private string ExitDescription()
    {
        if (Volatile.Read(ref _disposed) == 1 || !_process.HasExited)
        {
            return "unknown";
        }

        var code = _process.ExitCode;
        return code > 128 ? string.Create(CultureInfo.InvariantCulture, $"signal {code - 128}") : code.ToString(CultureInfo.InvariantCulture);
    }

    private async Task PumpErrorsAsync()
    {
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (_errors)
                {
                    _errors.Append(buffer, 0, read);
                    if (_errors.Length > ErrorTailBytes)
                    {
                        _errors.Remove(0, _errors.Length - ErrorTailBytes);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the worker is gone
        }
    }
}
