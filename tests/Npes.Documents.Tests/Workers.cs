using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npes.Documents.Intake;
using Npes.Documents.Workers;

namespace Npes.Documents.Tests;

/// <summary>A real pool of real worker processes, with the given options (defaults: NPES' own).</summary>
internal sealed class Workers : IAsyncDisposable
{
    public Workers(Action<DocumentsOptions>? configure = null)
    {
        var options = new DocumentsOptions();
        configure?.Invoke(options);
        Pool = new WorkerPool(Options.Create(options), NullLogger<WorkerPool>.Instance);
        Intake = new DocumentIntake(Pool);
    }

    public WorkerPool Pool { get; }

    public DocumentIntake Intake { get; }

    public Task<DocumentInspection> InspectAsync(string name, byte[] content, string? declared = null) =>
        Intake.InspectAsync(new DocumentUpload(name, declared, content), CancellationToken.None);

    public ValueTask DisposeAsync() => Pool.DisposeAsync();
}

/// <summary>One warm pool shared by the tests of a class (workers are recycled on failure, so tests stay independent).</summary>
public sealed class WorkersFixture : IAsyncLifetime
{
    internal Workers Workers { get; } = new();

    public async Task InitializeAsync() => await Workers.Pool.WarmAsync(CancellationToken.None);

    public async Task DisposeAsync() => await Workers.DisposeAsync();
}
