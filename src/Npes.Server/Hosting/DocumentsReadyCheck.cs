using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npes.Documents.Intake;

namespace Npes.Server.Hosting;

/// <summary>
/// Whether documents can be accepted, as the worker pool found at start: unhealthy when no document worker starts
/// (every document would be refused), degraded while the workers warm up and when office conversion is unavailable
/// (office documents are refused with npes.letter.document_conversion_unavailable; PDFs, images and text are not).
/// </summary>
internal sealed class DocumentsReadyCheck(IDocumentIntake intake) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var known = intake.LastKnown;
        var data = new Dictionary<string, object>
        {
            ["inspection"] = known?.Available ?? false,
            ["officeConversion"] = known?.OfficeConversion ?? false,
        };
        var result = known switch
        {
            null => HealthCheckResult.Degraded("Document workers are starting.", data: data),
            { Available: false } => HealthCheckResult.Unhealthy("Document workers do not start: " + known.Problem, data: data),
            { OfficeConversion: false } => HealthCheckResult.Degraded("Office conversion unavailable (" + known.Office + "): office documents are refused.", data: data),
            _ => HealthCheckResult.Healthy("Document workers ready; office conversion available (" + known.Office + ").", data),
        };
        return Task.FromResult(result);
    }
}
