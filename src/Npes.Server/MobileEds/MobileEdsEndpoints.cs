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
            .WithSummary("Log in with mobile EDS: sends a login challenge to the phone's mobile signature")
            .WithDescription("The phone prompt and the response carry the same verification code; the response's pollSecret must accompany every poll. Limited per client address and per phone (429 with Retry-After).")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
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
            .WithSummary("Sign for a registered letter with mobile EDS: sends the accept statement to the phone")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        handover.MapPost("/poll", PollHandoverAsync)
            .WithName("PollMobileHandover")
            .WithSummary("202 while the phone has not answered; the handed-over letter once signed; npes.mobile.refused or npes.mobile.expired otherwise")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    private static async Task<Accepted<MobileStartResponse>> StartLoginAsync(MobileStartRequest request, MobileLogin useCase, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, await useCase.StartAsync(request, context, cancellationToken));

    private static async Task<Results<Ok<LoginResponse>, Accepted<MobilePendingResponse>>> PollLoginAsync(
        MobilePollRequest request, MobileLogin useCase, PendingMobileSignings pending, CancellationToken cancellationToken)
    {
        var login = await useCase.PollAsync(request, cancellationToken);
        return login is null ? await PendingAsync(request, pending, cancellationToken) : TypedResults.Ok(login);
    }

    private static async Task<Results<Accepted<MobileStartResponse>, ProblemHttpResult>> StartHandoverAsync(
        Guid id, MobileStartRequest request, ClaimsPrincipal user, OwnLetters own, MobileHandover useCase, HttpContext context, CancellationToken cancellationToken)
    {
        var letter = (await own.FindAsync(user.PartyId(), id, cancellationToken))?.Letter;
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        return TypedResults.Accepted((string?)null, await useCase.StartAsync(letter, user.PartyId(), request, context, cancellationToken));
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
        return decision is null ? await PendingAsync(request, pending, cancellationToken) : TypedResults.Ok(decision);
    }

    private static async Task<Accepted<MobilePendingResponse>> PendingAsync(MobilePollRequest request, PendingMobileSignings pending, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, new MobilePendingResponse(request.RequestId!, "pending", (await pending.FindAsync(request.RequestId, request.PollSecret, cancellationToken)).ExpiresAt));
}
