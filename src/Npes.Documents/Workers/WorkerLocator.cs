using System.Runtime.InteropServices;

namespace Npes.Documents.Workers;

/// <summary>How a worker process is started: <c>Host WorkerAssembly</c>.</summary>
internal sealed record WorkerLaunch(string Host, string WorkerAssembly);

/// <summary>A worker that cannot be started (not installed, does not answer); requests are refused as unavailable.</summary>
internal sealed class WorkerStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Finds the worker. The build puts it in <c>document-worker/</c> beside every program that references
/// Npes.Documents (the server under <c>dotnet run</c>, a test project's output where testhost runs
/// WebApplicationFactory, a publish folder and so the Docker image); <c>Npes:Documents:WorkerPath</c> overrides.
/// It runs on the dotnet host that runs NPES, so it needs no installation of its own.
/// </summary>
internal static class WorkerLocator
{
    public const string Folder = "document-worker";
    public const string AssemblyName = "Npes.DocumentWorker.dll";

    public static WorkerLaunch Locate(DocumentsOptions options)
    {
        string[] candidates = string.IsNullOrWhiteSpace(options.WorkerPath)
            ?
            [
                Path.Combine(AppContext.BaseDirectory, Folder, AssemblyName),
                Path.Combine(Path.GetDirectoryName(typeof(WorkerLocator).Assembly.Location) ?? AppContext.BaseDirectory, Folder, AssemblyName),
            ]
            : [Path.GetFullPath(options.WorkerPath)];
        var worker = candidates.FirstOrDefault(File.Exists)
            ?? throw new WorkerStartException($"The document worker is not installed: {AssemblyName} is not at {string.Join(" or ", candidates.Distinct())}. Build or publish the program that references Npes.Documents, or set Npes:Documents:WorkerPath.");
        if (!File.Exists(Path.ChangeExtension(worker, ".runtimeconfig.json")))
        {
            throw new WorkerStartException($"The document worker at {worker} lacks its runtimeconfig.json; copy its whole folder.");
        }

        return new WorkerLaunch(string.IsNullOrWhiteSpace(options.DotnetPath) ? DotnetHost() : options.DotnetPath, worker);
    }

    /// <summary>The dotnet host: the SDK's DOTNET_HOST_PATH, this process when it is dotnet, or the one beside the running runtime.</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ → .../dotnet/dotnet
        var beside = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }
}
