using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;

namespace Npes.Letters.Mailboxes;

internal static class MailboxEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
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
        group.MapPost("/me/addresses/{addressId:guid}/confirm", ConfirmAsync)
            .WithName("ConfirmAddress")
            .WithSummary("Confirm an address with the code NPES sent on paper to it; letters reach the mailbox only then")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/me/addresses/{addressId:guid}/code", ResendCodeAsync)
            .WithName("SendAddressCode")
            .WithSummary("Send a new confirmation code on paper to an unconfirmed address (the earlier code stops working)")
            .WithDescription("Each code is a printed letter: new codes are limited per address and per mailbox in a sliding period "
                + "(Npes:Letters:ConfirmationCodes). Past the limit the answer is 429 npes.mailbox.confirmation_resend_limit with "
                + "Retry-After, and nothing is printed. A new code does not reset the count of wrong codes entered.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<Created<MailboxDto>> RegisterAsync(RegisterMailboxRequest request, ClaimsPrincipal user, RegisterMailbox useCase, CancellationToken cancellationToken)
    {
        var mailbox = await useCase.HandleAsync(user.PartyId(), request, cancellationToken);
        return TypedResults.Created("/api/v1/mailboxes/me", ToDto(mailbox));
    }

    private static async Task<Results<Ok<MailboxDto>, ProblemHttpResult>> GetMineAsync(ClaimsPrincipal user, IMailboxStore mailboxes, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindByOwnerAsync(user.PartyId(), cancellationToken);
        return mailbox is null
            ? Problems.Result(NpesErrors.MailboxNotFound, "You have no mailbox yet; POST /api/v1/mailboxes registers one.")
            : TypedResults.Ok(ToDto(mailbox));
    }

    private static async Task<Results<Ok<MailboxDto>, ProblemHttpResult>> ConfirmAsync(
        Guid addressId, ConfirmAddressRequest request, ClaimsPrincipal user, AddressConfirmations confirmations, IMailboxStore mailboxes, CancellationToken cancellationToken)
    {
        await confirmations.ConfirmAsync(user.PartyId(), addressId, request.Code, cancellationToken);
        return await GetMineAsync(user, mailboxes, cancellationToken);
    }

    private static async Task<Results<Accepted<MailboxDto>, ProblemHttpResult>> ResendCodeAsync(
        Guid addressId, ClaimsPrincipal user, AddressConfirmations confirmations, IMailboxStore mailboxes, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindByOwnerAsync(user.PartyId(), cancellationToken);
        var address = mailbox?.Addresses.FirstOrDefault(a => a.Id == addressId && !a.Confirmed);
        if (mailbox is null || address is null)
        {
            return Problems.Result(NpesErrors.AddressNotFound, "Your mailbox has no unconfirmed address with this id.");
        }

        try
        {
            await confirmations.SendCodeAsync(mailbox, address, resend: true, cancellationToken);
        }
        catch (ResendLimitException e)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling((e.RetryAt - time.GetUtcNow()).TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Result(NpesErrors.ConfirmationResendLimit, e.Message);
        }

        return TypedResults.Accepted("/api/v1/mailboxes/me", ToDto((await mailboxes.FindByOwnerAsync(user.PartyId(), cancellationToken))!));
    }

    public static MailboxDto ToDto(Mailbox mailbox) => new(
        mailbox.Id,
        mailbox.Owner.ToDto(),
        mailbox.Addresses.Select(a => new MailboxAddressDto(a.Id, a.Text, a.Normalized, a.Confirmed, a.ConfirmationLetterId)).ToList(),
        mailbox.CreatedAt);
}
