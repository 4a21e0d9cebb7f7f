using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npes.Core.Errors;
using Npes.Core.Observability;
using Npes.Storage;

namespace Npes.Letters.Sending;

/// <summary>Counts refused submissions by the catalogue code the sender receives (accepted ones are counted where they commit).</summary>
internal sealed class SubmissionMetrics(NpesMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e)
        {
            metrics.LetterRefused(CodeOf(e));
            throw;
        }

        if (result is ProblemHttpResult { ProblemDetails.Extensions: var extensions } && extensions.TryGetValue("code", out var code) && code is string text)
        {
            metrics.LetterRefused(text);
        }

        return result;
    }

    /// <summary>The code the exception handler answers with (the same mapping, from the catalogue only).</summary>
    private static string CodeOf(Exception exception) => exception switch
    {
        NpesException npes => npes.Error.Code,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => NpesErrors.TooLarge.Code,
        BadHttpRequestException => NpesErrors.ValidationFailed.Code,
        _ when DatabaseAvailability.IsUnavailable(exception) => NpesErrors.Unavailable.Code,
        _ => "npes.internal",
    };
}
