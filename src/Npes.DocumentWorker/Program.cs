using Npes.Documents.Protocol;
using Npes.DocumentWorker;

// The document worker: requests arrive as frames on standard input, replies leave as frames on standard output.
// Nothing else may write to standard output, so the console goes to standard error.
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();
Console.SetOut(Console.Error);

// Its own process group: NPES kills the worker and everything it started with one signal.
if (Posix.IsLinux)
{
    Posix.OwnProcessGroup();
}

var host = new WorkerHost(input, output, Posix.IsLinux ? Posix.ParentProcessId() : 0);

// Parsers of nested structures recurse: the request thread has a large stack, and depth is bounded before they run.
var thread = new Thread(host.Run, maxStackSize: 256 * 1024 * 1024) { Name = "npes-document-worker" };
thread.Start();
thread.Join();
return host.ExitCode;
