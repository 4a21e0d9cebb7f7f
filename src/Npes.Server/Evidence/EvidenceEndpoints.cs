using Microsoft.AspNetCore.Http.HttpResults;
using Npes.Core.Letters;
using Npes.Server.Auth;

namespace Npes.Server.Evidence;

/// <summary>One event of the global log as exported: its signed bytes and the operator's detached CMS, base64.</summary>
public sealed record ExportedEventDto(long GlobalSeq, string Encoded, string Signature);

/// <summary>The global evidence log, for auditors who verify it offline (<c>npes evidence verify</c>).</summary>
internal static class EvidenceEndpoints
{
    public const int MaxPage = 5000;

    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder endpoints)
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
