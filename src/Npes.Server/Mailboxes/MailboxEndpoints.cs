using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npes.Core.Errors;
using Npes.Core.Mailboxes;
using Npes.Server.Auth;
using Npes.Server.Hosting;

namespace Npes.Server.Mailboxes;

internal static class MailboxEndpoints
{
    public static IEndpointRouteBuilder MapMailboxEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/mailboxes")
            .WithTags("Mailboxes")
            .RequireAuthorization(Roles.PartyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024))
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/", RegisterAsync)
            .WithName("RegisterMailbox")
            .WithSummary("Register the caller's e-mailbox")
            .WithDescription("The owner is the logged-in person or organisation as named by its certificate. Addresses start unconfirmed.");
        group.MapGet("/me", GetMineAsync)
            .WithName("GetMyMailbox")
            .WithSummary("The caller's e-mailbox");
        return endpoints;
    }

    private static async Task<Created<MailboxDto>> RegisterAsync(RegisterMailboxRequest request, ClaimsPrincipal user, RegisterMailbox useCase, CancellationToken cancellationToken)
    {
        var mailbox = await useCase.HandleAsync(user.PartyId(), request, cancellationToken);
        return TypedResults.Created("/api/v1/mailboxes/me", MailboxDto.From(mailbox));
    }

    private static async Task<Results<Ok<MailboxDto>, ProblemHttpResult>> GetMineAsync(ClaimsPrincipal user, IMailboxStore mailboxes, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindByOwnerAsync(user.PartyId(), cancellationToken);
        return mailbox is null
            ? Problems.Result(NpesErrors.MailboxNotFound, "You have no mailbox yet; POST /api/v1/mailboxes registers one.")
            : TypedResults.Ok(MailboxDto.From(mailbox));
    }

    public static IServiceCollection AddMailboxes(this IServiceCollection services) =>
        services.AddSingleton<RegisterMailbox>();
}
