using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npes.Core.Errors;

namespace Npes.Core.Http;

/// <summary>The one place where catalogued errors become RFC 9457 problem+json responses.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails From(NpesError error, string? detail, HttpContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var problem = new ProblemDetails
        {
            Type = "urn:npes:problem:" + error.Code,
            Title = error.Title,
            Status = error.Status,
            Detail = detail ?? error.Title,
            Instance = context?.Request.Path.Value,
        };
        problem.Extensions["code"] = error.Code;
        if (context is not null)
        {
            problem.Extensions["traceId"] = context.TraceIdentifier;
        }

        return problem;
    }

    /// <summary>A typed result for handlers: <c>Results&lt;Ok&lt;T&gt;, ProblemHttpResult&gt;</c>.</summary>
    public static ProblemHttpResult Result(NpesError error, string? detail = null) =>
        TypedResults.Problem(From(error, detail));

    public static Task WriteAsync(HttpContext context, NpesError error, string? detail)
    {
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(From(error, detail, context), (System.Text.Json.JsonSerializerOptions?)null, ContentType);
    }
}
