using System.Diagnostics;
using Npes.Core.Errors;
using Npes.Documents.Protocol;
using Npes.DocumentWorker.Office;
using Npes.DocumentWorker.Printing;

namespace Npes.DocumentWorker;

/// <summary>
/// The worker's loop: the first request configures it (it limits itself, then says what it can do), every later
/// request gets exactly one reply. Refusals are answers; an unexpected error is answered as a failure, after which
/// NPES replaces the worker. Running out of memory ends the worker after its answer.
/// </summary>
internal sealed class WorkerHost(Stream input, Stream output, int parentProcessId)
{
    private const long ConfigureFrameLimit = 64 * 1024;
    private const int PipeBytes = 1024 * 1024;

    private WorkerSettings? _settings;
    private Inspector? _inspector;
    private PrintOperations? _print;

    public int ExitCode { get; private set; }

    public void Run()
    {
        if (parentProcessId > 1)
        {
            new Thread(WatchParent) { IsBackground = true, Name = "npes-parent-watch" }.Start();
        }

        try
        {
            while (true)
            {
                var request = Frame.Read(input, _settings?.MaxRequestBytes ?? ConfigureFrameLimit);
                if (request is null)
                {
                    return; // NPES closed the pipe: stop.
                }

                var (reply, stop) = Handle(request);
                if (reply.WireLength > (_settings?.MaxReplyBytes ?? ConfigureFrameLimit))
                {
                    reply = Frame.Create(MessageTypes.Refused, new RefusedMessage(NpesErrors.DocumentTooComplex.Code, "The result is larger than the reply limit.", null));
                }

                reply.Write(output);
                if (stop)
                {
                    ExitCode = 3;
                    return;
                }
            }
        }
        catch (ProtocolException e)
        {
            Console.Error.WriteLine("npes-document-worker: protocol violation: " + e.Message);
            ExitCode = 2;
        }
        catch (IOException)
        {
            ExitCode = 1; // the pipe broke: NPES is gone or gave up on this worker
        }
    }

    private (Frame Reply, bool Stop) Handle(Frame request)
    {
        try
        {
            if (request.Type == MessageTypes.Configure)
            {
                return (Configure(request.Read<WorkerSettings>()), false);
            }

            if (_settings is null || _inspector is null || _print is null)
            {
                throw new ProtocolException($"The first request must be '{MessageTypes.Configure}', not '{request.Type}'.");
            }

            return request.Type switch
            {
                MessageTypes.Inspect => (_inspector.Inspect(request.Read<InspectRequest>(), Blob(request, 0)), false),
                MessageTypes.OfficeVersion => (Frame.Create(MessageTypes.OfficeVersionIs, LibreOffice.Version(_settings)), false),
                MessageTypes.RenderPiece => (_print.RenderPiece(request.Read<RenderPieceRequest>(), request.Blobs), false),
                MessageTypes.AssembleBatch => (PrintOperations.AssembleBatch(request.Read<AssembleBatchRequest>(), request.Blobs), false),
                _ => throw new ProtocolException($"Unknown request '{request.Type}'."),
            };
        }
        catch (Refusal refusal)
        {
            return (Frame.Create(MessageTypes.Refused, new RefusedMessage(refusal.Code, refusal.Message, refusal.Kind)), false);
        }
        catch (OutOfMemoryException)
        {
            return (Frame.Create(MessageTypes.Refused, new RefusedMessage(NpesErrors.DocumentTooComplex.Code, "Processing it needs more memory than a document may use.", "memory")), true);
        }
        catch (InsufficientExecutionStackException)
        {
            return (Frame.Create(MessageTypes.Refused, new RefusedMessage(NpesErrors.DocumentTooComplex.Code, "Its structure is nested too deeply.", "nesting")), true);
        }
        catch (Exception e) when (e is not ProtocolException)
        {
            Console.Error.WriteLine($"npes-document-worker: {e.GetType().Name}: {e.Message}");
            return (Frame.Create(MessageTypes.Failed, new FailedMessage($"{e.GetType().Name}: {Trim(e.Message)}")), true);
        }
    }

    private Frame Configure(WorkerSettings settings)
    {
        if (_settings is not null)
        {
            throw new ProtocolException("The worker is configured already.");
        }

        if (Posix.IsLinux)
        {
            // Limits for the rest of this process's life, set before any document is read. Programs it starts inherit
            // them unless their own (lower) limits are set.
            Posix.SetLimit(Posix.RlimitCore, 0);
            Posix.SetLimit(Posix.RlimitCpu, (ulong)settings.CpuSeconds);
            Posix.SetLimit(Posix.RlimitFsize, (ulong)settings.FileSizeBytes);
            if (settings.DataBytes > 0)
            {
                // RLIMIT_DATA, not RLIMIT_AS: the .NET runtime reserves several GB of address space it never uses;
                // the data limit counts what is writable (the managed heap, native buffers such as decoded images).
                Posix.SetLimit(Posix.RlimitData, (ulong)settings.DataBytes);
            }

            // Standard input and output are the pipes to NPES: room for a typical document in one go.
            Posix.WidenPipe(0, PipeBytes);
            Posix.WidenPipe(1, PipeBytes);
        }

        _settings = settings;
        var tools = new ToolRunner(settings, Environment.CurrentDirectory);
        _inspector = new Inspector(settings, tools);
        _print = new PrintOperations(settings, _inspector);
        var officeProblem = LibreOffice.Problem(settings);
        return Frame.Create(MessageTypes.Ready, new ReadyMessage(
            1,
            Environment.ProcessId,
            Pdf.QpdfLibrary.Version(),
            officeProblem is null,
            officeProblem,
            "SkiaSharp " + typeof(SkiaSharp.SKCodec).Assembly.GetName().Version));
    }

    private static byte[] Blob(Frame frame, int index) =>
        frame.Blobs.Count > index ? frame.Blobs[index] : throw new ProtocolException($"The {frame.Type} frame lacks blob {index}.");

    private static string Trim(string message) => message.Length <= 500 ? message : message[..500];

    /// <summary>When NPES dies the worker is re-parented: it then kills its own group (itself and its programs) at once.</summary>
    private void WatchParent()
    {
        while (true)
        {
            Thread.Sleep(500);
            if (Posix.ParentProcessId() != parentProcessId)
            {
                Posix.KillGroup(Environment.ProcessId);
                Process.GetCurrentProcess().Kill();
            }
        }
    }
}
