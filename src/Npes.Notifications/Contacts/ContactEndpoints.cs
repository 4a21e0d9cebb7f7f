using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Http;

namespace Npes.Notifications.Contacts;

/// <summary><c>/api/v1/mailbox/contacts</c>: where the mailbox owner hears of new letters.</summary>
internal static class ContactEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/mailbox/contacts")
            .WithTags("Mailbox")
            .RequireAuthorization(Roles.PartyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(4 * 1024))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", (ClaimsPrincipal user, ManageContacts contacts, CancellationToken cancellationToken) => contacts.ListAsync(user.PartyId(), cancellationToken))
            .WithName("ListContacts")
            .WithSummary("Your mailbox's contact points (e-mail, mobile) for notices of new letters");
        group.MapPost("/", AddAsync)
            .WithName("AddContact")
            .WithSummary("Add an e-mail address or mobile number; a one-time code is sent to it at once")
            .WithDescription("Only confirmed contact points receive notices. A notice says that a letter waits, its S10 and the date by which to sign for it — never a link, never content.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id:guid}/confirm", (Guid id, ConfirmContactRequest request, ClaimsPrincipal user, ManageContacts contacts, CancellationToken cancellationToken) =>
                contacts.ConfirmAsync(user.PartyId(), id, request?.Code, cancellationToken))
            .WithName("ConfirmContact")
            .WithSummary("Confirm a contact point with the code it received (a few attempts; the code expires)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{id:guid}/resend", (Guid id, ClaimsPrincipal user, ManageContacts contacts, CancellationToken cancellationToken) =>
                contacts.ResendAsync(user.PartyId(), id, cancellationToken))
            .WithName("ResendContactCode")
            .WithSummary("Send a new code (limited in number and frequency)")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPatch("/{id:guid}", (Guid id, UpdateContactRequest request, ClaimsPrincipal user, ManageContacts contacts, CancellationToken cancellationToken) =>
                contacts.UpdateAsync(user.PartyId(), id, request, cancellationToken))
            .WithName("UpdateContact")
            .WithSummary("Change a contact point's language (ru, be, en) or switch its notices on or off")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, ManageContacts contacts, CancellationToken cancellationToken) =>
            {
                await contacts.RemoveAsync(user.PartyId(), id, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("RemoveContact")
            .WithSummary("Remove a contact point; notices still due to it are dropped");
        return endpoints;
    }

    private static async Task<Created<ContactDto>> AddAsync(AddContactRequest request, ClaimsPrincipal user, ManageContacts contacts, CancellationToken cancellationToken)
    {
        var contact = await contacts.AddAsync(user.PartyId(), request, cancellationToken);
        return TypedResults.Created($"/api/v1/mailbox/contacts/{contact.Id:D}", contact);
    }
}
