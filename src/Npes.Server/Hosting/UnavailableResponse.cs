using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Npes.Core.Errors;
using Npes.Core.Http;

namespace Npes.Server.Hosting;

/// <summary>Documents on every API operation the 503 <c>npes.unavailable</c> a database outage gives, with its Retry-After.</summary>
internal sealed class UnavailableResponse : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= [];
        operation.Responses.TryAdd("503", new OpenApiResponse
        {
            Description = $"`{NpesErrors.Unavailable.Code}`: the database cannot be reached for the moment (restarting, recovering, overloaded). "
                + "Nothing is half-written: retry after `Retry-After` seconds, with the same `Idempotency-Key` for a submission.",
            Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                },
            },
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [Problems.ContentType] = new OpenApiMediaType(),
            },
        });
        return Task.CompletedTask;
    }
}
