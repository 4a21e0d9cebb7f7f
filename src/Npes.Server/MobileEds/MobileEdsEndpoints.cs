using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Eds.MobileEds;
using Npes.Letters.Inbox;
using Npes.Letters.Store;
using Npes.Server.Auth;
using Npes.Server.Hosting;

namespace Npes.Server.MobileEds;

/// <summary>Mobile EDS: login and signing for a letter on the holder's phone — start, then poll.</summary>
internal static class MobileEdsEndpoints
{
    private const long MaxBodyBytes = 4 * 1024;

    public static IServiceCollection AddNpesMobileEds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMobileEds(configuration);
        services.AddSingleton<PendingMobileSignings>();
        services.AddScoped<MobileSigning>();
        services.AddScoped<MobileLogin>();
        services.AddScoped<MobileHandover>();
        return services;
    }

    public static IEndpointRouteBuilder MapMobileEdsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var login = endpoints.MapGroup("/api/v1/auth/mobile")
            .WithTags("Auth")
            .AllowAnonymous()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        login.MapPost("/start", StartLoginAsync)
            .WithName("StartMobileLogin")
            .WithSummary("Log in with mobile EDS: sends a login challenge to the phone's mobile signature");
        login.MapPost("/poll", PollLoginAsync)
            .WithName("PollMobileLogin")
            .WithSummary("202 while the phone has not answered; the login (bearer token) once signed; npes.mobile.refused or npes.mobile.expired otherwise")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status410Gone);

        var handover = endpoints.MapGroup("/api/v1/mailbox/letters/{id:guid}/handover/mobile")
            .WithTags("Mailbox")
            .RequireAuthorization(Roles.PartyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        handover.MapPost(string.Empty, StartHandoverAsync)
            .WithName("StartMobileHandover")
            .WithSummary("Sign for a registered letter with mobile EDS: sends the accept statement to the phone");
        handover.MapPost("/poll", PollHandoverAsync)
            .WithName("PollMobileHandover")
            .WithSummary("202 while the phone has not answered; the handed-over letter once signed; npes.mobile.refused or npes.mobile.expired otherwise")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    private static async Task<Accepted<MobileStartResponse>> StartLoginAsync(MobileStartRequest request, MobileLogin useCase, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, await useCase.StartAsync(request, cancellationToken));

    private static async Task<Results<Ok<LoginResponse>, Accepted<MobilePendingResponse>>> PollLoginAsync(
        MobilePollRequest request, MobileLogin useCase, PendingMobileSignings pending, CancellationToken cancellationToken)
    {
        var login = await useCase.PollAsync(request, cancellationToken);
        return login is null ? Pending(request, pending) : TypedResults.Ok(login);
    }

    private static async Task<Results<Accepted<MobileStartResponse>, ProblemHttpResult>> StartHandoverAsync(
        Guid id, MobileStartRequest request, ClaimsPrincipal user, OwnLetters own, MobileHandover useCase, CancellationToken cancellationToken)
    {
        var letter = (await own.FindAsync(user.PartyId(), id, cancellationToken))?.Letter;
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        return TypedResults.Accepted((string?)null, await useCase.StartAsync(letter, user.PartyId(), request, cancellationToken));
    }

    private static async Task<Results<Ok<DecisionResponse>, Accepted<MobilePendingResponse>, ProblemHttpResult>> PollHandoverAsync(
        Guid id, MobilePollRequest request, ClaimsPrincipal user, OwnLetters own, MobileHandover useCase, PendingMobileSignings pending, CancellationToken cancellationToken)
    {
        var found = await own.FindAsync(user.PartyId(), id, cancellationToken);
        var (letter, mailbox) = (found?.Letter, found?.Mailbox);
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        var decision = await useCase.PollAsync(letter, mailbox!, user.PartyId(), request, cancellationToken);
        return decision is null ? Pending(request, pending) : TypedResults.Ok(decision);
    }

    private static Accepted<MobilePendingResponse> Pending(MobilePollRequest request, PendingMobileSignings pending) =>
        TypedResults.Accepted((string?)null, new MobilePendingResponse(request.RequestId!, "pending", pending.Find(request.RequestId).ExpiresAt));
}
