using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Storage;

namespace Npes.Server.Hosting;

/// <summary>
/// Turns refusals thrown anywhere (catalogued <see cref="NpesException"/>, unreadable request bodies) into
/// problem+json; a database that cannot be reached is a 503 <c>npes.unavailable</c> with Retry-After (safe to retry);
/// anything else is a 500 that names only the trace id.
/// </summary>
internal sealed partial class NpesExceptionHandler(IOptions<StorageOptions> storage, Npes.Core.Observability.NpesMetrics metrics, ILogger<NpesExceptionHandler> logger) : IExceptionHandler
{
    public static readonly NpesError Internal = new("npes.internal", 500, "The server failed to process the request.");

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case NpesException npes:
                if (RateLimits.RetryAfterOf(npes) is { } seconds)
                {
                    httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Problems.WriteAsync(httpContext, npes.Error, npes.Detail);
                return true;
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                await Problems.WriteAsync(httpContext, NpesErrors.TooLarge, "The request body exceeds the limit of this endpoint.");
                return true;
            case BadHttpRequestException bad:
                await Problems.WriteAsync(httpContext, NpesErrors.ValidationFailed, Describe(bad));
                return true;
            case var unavailable when DatabaseAvailability.IsUnavailable(unavailable):
                LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, unavailable.GetType().Name, unavailable.Message);
                metrics.DatabaseUnavailable();
                httpContext.Response.Headers.RetryAfter = storage.Value.UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(httpContext, NpesErrors.Unavailable, "The database cannot be reached for the moment. Retry after Retry-After seconds; a retry with the same Idempotency-Key returns the original result if this request was stored.");
                return true;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                await Problems.WriteAsync(httpContext, Internal, "An unexpected error occurred; quote the trace id when reporting it.");
                return true;
        }
    }

    // Binding messages name the parameter and the problem, never the submitted values.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json
            ? "The request body is not valid JSON for this endpoint" + (json.Path is null ? "." : $" (at {json.Path}).")
            : bad.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Kind}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
