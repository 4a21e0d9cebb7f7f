using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Npes.Server.Hosting;

/// <summary>
/// Readiness as JSON naming each dependency and what is wrong with it:
/// <c>{"status":"Unhealthy","checks":{"database":{"status":"Unhealthy","description":"Database unreachable (…)."}}}</c>.
/// Descriptions carry reasons, never exception messages or connection details.
/// </summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description },
                StringComparer.Ordinal),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
