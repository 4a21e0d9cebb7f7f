using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Documents.Protocol;

namespace Npes.Documents.Workers;

/// <summary>
/// The warm workers. At most <see cref="DocumentsOptions.Workers"/> calls run at once, one per worker; a call waits
/// for a slot at most <see cref="DocumentsOptions.QueueTimeoutSeconds"/>. A worker that crashed, timed out, broke the
/// protocol, failed on a document, served its share of requests or used most of its CPU budget is killed and a new
/// one is started in its place, so the next call finds a warm worker. The calling process never runs document code.
/// </summary>
internal sealed partial class WorkerPool : IAsyncDisposable
{
    private readonly DocumentsOptions _options;
    private readonly ILogger<WorkerPool> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<WorkerProcess> _idle = new();
    private readonly ConcurrentDictionary<int, WorkerProcess> _live = new();
    private readonly Lazy<(WorkerLaunch? Launch, string? Problem)> _launch;
    private readonly Lazy<string> _root;
    private readonly CancellationTokenSource _stopping = new();
    private int _starting;

    public WorkerPool(IOptions<DocumentsOptions> options, ILogger<WorkerPool> logger)
    {
        _options = options.Value;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.Workers, _options.Workers);
        _launch = new(() =>
        {
            try
            {
                return (WorkerLocator.Locate(_options), null);
            }
            catch (WorkerStartException e)
            {
                return (null, e.Message);
            }
        });
        _root = new(() => Directory.CreateTempSubdirectory("npes-documents-").FullName);
    }

    public DocumentsOptions Options => _options;

    /// <summary>What the first worker reported: its protocol, qpdf, whether LibreOffice is there.</summary>
    public ReadyMessage? Ready { get; private set; }

    /// <summary>Why workers cannot start, when they cannot.</summary>
    public string? StartProblem { get; private set; }

    /// <summary>Process ids of the workers alive now (busy or idle).</summary>
    public IReadOnlyCollection<int> ProcessIds => [.. _live.Keys];

    /// <summary>Runs one request on a worker. Never throws for the worker's failures; <paramref name="cancellationToken"/>
    /// ends the wait, not the work (the worker finishes, within its wall time, and serves the next caller).</summary>
    public async Task<WorkerReply> CallAsync(Frame request, TimeSpan wallTime, long maxReplyBytes, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(TimeSpan.FromSeconds(_options.QueueTimeoutSeconds), cancellationToken))
        {
            return WorkerReply.Failed(WorkerFault.Unavailable, string.Create(CultureInfo.InvariantCulture, $"all {_options.Workers} document workers stayed busy for {_options.QueueTimeoutSeconds} s"));
        }

        return await RunAsync(request, wallTime, maxReplyBytes).WaitAsync(cancellationToken);
    }

    /// <summary>Starts workers until <see cref="DocumentsOptions.Workers"/> are warm; false when none would start.</summary>
    public async Task<bool> WarmAsync(CancellationToken cancellationToken)
    {
        while (_live.Count + Volatile.Read(ref _starting) < _options.Workers && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                _idle.Enqueue(await StartAsync());
            }
            catch (WorkerStartException)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<WorkerReply> RunAsync(Frame request, TimeSpan wallTime, long maxReplyBytes)
    {
        try
        {
            WorkerProcess worker;
            try
            {
                worker = await TakeAsync();
            }
            catch (WorkerStartException e)
            {
                return WorkerReply.Failed(WorkerFault.Unavailable, e.Message);
            }

            var reply = await worker.CallAsync(request, wallTime, maxReplyBytes);
            var failedOnContent = reply.Frame?.Type == MessageTypes.Failed;
            if (reply.Fault != WorkerFault.None || failedOnContent)
            {
                LogWorkerFault(_logger, worker.ProcessId, reply.Fault == WorkerFault.None ? "failed on a document" : reply.Fault.ToString(), reply.Problem ?? string.Empty, worker.ErrorTail);
                await RetireAsync(worker, replace: true);
            }
            else if (!worker.IsUsable || worker.Requests >= _options.MaxRequestsPerWorker || CpuSeconds(worker.ProcessId) > _options.WorkerCpuSeconds * 0.8)
            {
                await RetireAsync(worker, replace: true);
            }
            else if (_stopping.IsCancellationRequested || _live.Count > _options.Workers)
            {
                await RetireAsync(worker, replace: false);
            }
            else
            {
                _idle.Enqueue(worker);
            }

            return reply;
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<WorkerProcess> TakeAsync()
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.IsUsable)
            {
                return idle;
            }

            LogWorkerFault(_logger, idle.ProcessId, "ended while idle", string.Empty, idle.ErrorTail);
            await RetireAsync(idle, replace: false);
        }

        return await StartAsync();
    }

    private async Task<WorkerProcess> StartAsync()
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var (launch, problem) = _launch.Value;
        if (launch is null)
        {
            StartProblem = problem;
            throw new WorkerStartException(problem!);
        }

        Interlocked.Increment(ref _starting);
        try
        {
            var worker = await WorkerProcess.StartAsync(launch, _root.Value, _options, _stopping.Token);
            _live[worker.ProcessId] = worker;
            Ready ??= worker.Ready;
            StartProblem = null;
            return worker;
        }
        catch (WorkerStartException e)
        {
            StartProblem = e.Message;
            LogStartFailed(_logger, e.Message);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _starting);
        }
    }

    /// <summary>Kills a worker; with <paramref name="replace"/>, starts a warm one in its place in the background.</summary>
    private async Task RetireAsync(WorkerProcess worker, bool replace)
    {
        _live.TryRemove(worker.ProcessId, out _);
        await worker.DisposeAsync();
        if (replace && !_stopping.IsCancellationRequested)
        {
            _ = Task.Run(async () =>
            {
                if (_live.Count + Volatile.Read(ref _starting) >= _options.Workers)
                {
                    return;
                }

                try
                {
                    var fresh = await StartAsync();
                    _idle.Enqueue(fresh);
                }
                catch (Exception e) when (e is WorkerStartException or ObjectDisposedException)
                {
                    // logged by StartAsync; the next call tries again
                }
            });
        }
    }

    /// <summary>User + system CPU seconds of a process, from /proc (0 where there is none).</summary>
    private static double CpuSeconds(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var worker in _live.Values)
        {
            await worker.DisposeAsync();
        }

        _live.Clear();
        _idle.Clear();
        if (_root.IsValueCreated)
        {
            try
            {
                Directory.Delete(_root.Value, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a file still open in a dying program; the system's temp cleaning takes it
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document worker {ProcessId} {Fault}: {Problem} {ErrorTail}")]
    private static partial void LogWorkerFault(ILogger logger, int processId, string fault, string problem, string errorTail);

    [LoggerMessage(Level = LogLevel.Error, Message = "A document worker cannot start: {Problem}")]
    private static partial void LogStartFailed(ILogger logger, string problem);
}
