using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npes.Contracts;

namespace Npes.Server.Auth;

internal static class AuthEndpoints
{
    private const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/auth")
            .WithTags("Auth")
            .AllowAnonymous()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/challenge", ChallengeAsync)
            .WithName("IssueChallenge")
            .WithSummary("Issue a single-use login challenge for a certificate")
            .WithDescription("Returns the exact bytes to sign with the certificate's key. The challenge is bound to that certificate and expires quickly.");
        group.MapPost("/login", LoginAsync)
            .WithName("Login")
            .WithSummary("Log in by answering a challenge with an EDS signature")
            .WithDescription("Checks the challenge (unknown, foreign, replayed, expired), the signature, the certificate chain (untrusted, expired, not yet valid, wrong key usage, revoked) and the holder's identity, then returns a short-lived bearer token.");
        return endpoints;
    }

    private static async Task<Ok<ChallengeResponse>> ChallengeAsync(ChallengeRequest request, IssueChallenge useCase, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await useCase.HandleAnonymousAsync(request, context, cancellationToken));

    private static async Task<Ok<LoginResponse>> LoginAsync(LoginRequest request, Login useCase, CancellationToken cancellationToken) =>
        TypedResults.Ok(await useCase.HandleAsync(request, cancellationToken));
}
