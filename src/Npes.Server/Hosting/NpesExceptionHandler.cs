using Microsoft.AspNetCore.Diagnostics;
using Npes.Core.Errors;
using Npes.Core.Http;

namespace Npes.Server.Hosting;

/// <summary>
/// Turns refusals thrown anywhere (catalogued <see cref="NpesException"/>, unreadable request bodies) into
/// problem+json; anything else is a 500 that names only the trace id.
/// </summary>
internal sealed partial class NpesExceptionHandler(ILogger<NpesExceptionHandler> logger) : IExceptionHandler
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
