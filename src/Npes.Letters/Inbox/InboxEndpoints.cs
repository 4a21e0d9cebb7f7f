using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Letters.Store;

namespace Npes.Letters.Inbox;

/// <summary>The mailbox owner's side: inbox, opening letters, signing for or refusing registered letters.</summary>
internal static class InboxEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/mailbox")
            .WithTags("Mailbox")
            .RequireAuthorization(Roles.PartyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/letters", ListAsync).WithName("ListInbox").WithSummary("The caller's inbox, newest first (filters: unread, registered)");
        group.MapGet("/letters/{id:guid}", OpenAsync).WithName("OpenLetter").WithSummary("A letter in the inbox; a registered one shows sender and subject until signed for");
        group.MapGet("/letters/{id:guid}/documents/{position:int}", (Guid id, int position, ClaimsPrincipal user, OwnLetters own, ReadDocument useCase, CancellationToken cancellationToken) =>
                DocumentAsync(id, position, rendition: false, user, own, useCase, cancellationToken))
            .WithName("GetDocument")
            .WithSummary("A document's content as the sender sent it (released for registered letters only after the signed handover)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/letters/{id:guid}/documents/{position:int}/rendition", (Guid id, int position, ClaimsPrincipal user, OwnLetters own, ReadDocument useCase, CancellationToken cancellationToken) =>
                DocumentAsync(id, position, rendition: true, user, own, useCase, cancellationToken))
            .WithName("GetDocumentRendition")
            .WithSummary("The PDF rendition of an office document (doc, docx, xls, xlsx, odt, ods), as the manifest names it; 404 for other documents")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/letters/{id:guid}/statement", StatementAsync)
            .WithName("GetHandoverStatement")
            .WithSummary("The statement to sign with your EDS to take (decision=accept) or refuse (decision=refuse) a registered letter");
        group.MapPost("/letters/{id:guid}/handover", (Guid id, DecisionRequest request, ClaimsPrincipal user, OwnLetters own, DecideLetter useCase, CancellationToken cancellationToken) =>
                DecideAsync(id, HandoverStatement.Accept, request, user, own, useCase, cancellationToken))
            .WithName("SignHandover")
            .WithSummary("Sign for a registered letter: releases the content; the sender receives the delivery notice with your signature")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/letters/{id:guid}/refuse", (Guid id, DecisionRequest request, ClaimsPrincipal user, OwnLetters own, DecideLetter useCase, CancellationToken cancellationToken) =>
                DecideAsync(id, HandoverStatement.Refuse, request, user, own, useCase, cancellationToken))
            .WithName("RefuseLetter")
            .WithSummary("Refuse a registered letter with a signed statement; the sender receives the refusal notice")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<InboxItemDto>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IMailboxStore mailboxes, ILetterStore letters, bool? unread, bool? registered, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindByOwnerAsync(user.PartyId(), cancellationToken);
        if (mailbox is null)
        {
            return Problems.Result(NpesErrors.MailboxNotFound, "You have no mailbox yet; POST /api/v1/mailboxes registers one.");
        }

        var page = await letters.InboxAsync(mailbox.Id, new InboxQuery(unread ?? false, registered ?? false, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 50, 1, 200)), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<InboxItemDto>>(page.Select(LetterView.InboxItem).ToList());
    }

    private static async Task<Results<Ok<InboxLetterDto>, ProblemHttpResult>> OpenAsync(
        Guid id, ClaimsPrincipal user, OwnLetters own, ILetterStore letters, CancellationToken cancellationToken)
    {
        if (await own.FindAsync(user.PartyId(), id, cancellationToken) is not { Letter: var letter })
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        var available = LetterView.ContentAvailable(letter);
        var documents = available ? await letters.DocumentsAsync(id, cancellationToken) : null;
        var events = await letters.EventsAsync(id, cancellationToken);
        return TypedResults.Ok(new InboxLetterDto(
            letter.Id,
            letter.S10,
            letter.Kind,
            LetterView.SenderName(letter),
            letter.Subject,
            letter.Status.ToWire(),
            letter.SubmittedAt,
            letter.AcceptDeadline,
            available,
            documents?.Select(LetterView.Document).ToList(),
            events.Select(LetterView.Event).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocumentAsync(
        Guid id, int position, bool rendition, ClaimsPrincipal user, OwnLetters own, ReadDocument useCase, CancellationToken cancellationToken)
    {
        if (await own.FindAsync(user.PartyId(), id, cancellationToken) is not { } letter)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        var document = await useCase.HandleAsync(letter, position, rendition, cancellationToken);
        return TypedResults.File(document.Content, document.MediaType, document.Name);
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> StatementAsync(
        Guid id, string? decision, ClaimsPrincipal user, OwnLetters own, DecideLetter useCase, CancellationToken cancellationToken)
    {
        if (await own.FindAsync(user.PartyId(), id, cancellationToken) is not { Letter: var letter })
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        if (decision is not (HandoverStatement.Accept or HandoverStatement.Refuse))
        {
            return Problems.Result(NpesErrors.ValidationFailed, "Query parameter 'decision' must be 'accept' or 'refuse'.");
        }

        if (letter.Kind != LetterKinds.Registered || letter.Status != LetterStatus.Consigned)
        {
            return Problems.Result(NpesErrors.AlreadyDecided, $"Letter {letter.S10} is {letter.Kind} and {letter.Status.ToWire()}: there is nothing to sign.");
        }

        return TypedResults.Ok(useCase.Statement(letter, decision));
    }

    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> DecideAsync(
        Guid id, string decision, DecisionRequest request, ClaimsPrincipal user, OwnLetters own, DecideLetter useCase, CancellationToken cancellationToken)
    {
        if (await own.FindAsync(user.PartyId(), id, cancellationToken) is not { } letter)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        return TypedResults.Ok(await useCase.HandleAsync(letter.Letter, letter.Mailbox, decision, request, cancellationToken));
    }
}
