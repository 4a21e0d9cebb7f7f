using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Http;
using Npes.Letters.Store;

namespace Npes.Letters.Evidence;

/// <summary>The global evidence log, for auditors who verify it offline (<c>npes evidence verify</c>).</summary>
internal static class EvidenceEndpoints
{
    public const int MaxPage = 5000;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/evidence/log", ExportAsync)
            .WithTags("Evidence")
            .RequireAuthorization(Roles.AuditorPolicy)
            .WithName("ExportEvidenceLog")
            .WithSummary("A page of the global evidence log from a global sequence number (auditors only)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<ExportedEventDto>>> ExportAsync(ILetterStore letters, long? after, int? limit, CancellationToken cancellationToken)
    {
        var page = await letters.LogAsync(Math.Max(0, after ?? 0), Math.Clamp(limit ?? 1000, 1, MaxPage), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExportedEventDto>>(page
            .Select(e => new ExportedEventDto(e.Record.GlobalSeq, Convert.ToBase64String(e.Encoded), Convert.ToBase64String(e.Signature)))
            .ToList());
    }
}
