using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npes.Documents.Intake;

namespace Npes.Documents.Workers;

/// <summary>
/// At start, without holding the host up: warms the pool and says in the log whether documents can be inspected and
/// whether office conversion is available (and if not, why: office documents are then refused with
/// npes.letter.document_conversion_unavailable). At stop: kills every worker.
/// </summary>
internal sealed partial class WorkerWarmup(WorkerPool pool, IDocumentIntake intake, ILogger<WorkerWarmup> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _warming;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _warming = Task.Run(WarmAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_warming is not null)
        {
            await _warming.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await pool.DisposeAsync();
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WarmAsync()
    {
        try
        {
            var capabilities = await intake.CapabilitiesAsync(_stopping.Token);
            if (!capabilities.Available)
            {
                LogUnavailable(logger, capabilities.Problem ?? "unknown");
                return;
            }

            if (capabilities.OfficeConversion)
            {
                LogReady(logger, pool.Options.Workers, capabilities.Qpdf ?? "?", capabilities.Images ?? "?", capabilities.Office ?? "?");
            }
            else
            {
                LogNoOffice(logger, pool.Options.Workers, capabilities.Qpdf ?? "?", capabilities.Office ?? "not installed");
            }

            await pool.WarmAsync(_stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document workers: {Workers} warm ({Qpdf}, {Images}); office conversion available ({Office})")]
    private static partial void LogReady(ILogger logger, int workers, string qpdf, string images, string office);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document workers: {Workers} warm ({Qpdf}); office conversion UNAVAILABLE: {Problem}. Office documents are refused with npes.letter.document_conversion_unavailable")]
    private static partial void LogNoOffice(ILogger logger, int workers, string qpdf, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document workers UNAVAILABLE: {Problem}. Every document is refused with npes.letter.document_worker_unavailable until they start")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
