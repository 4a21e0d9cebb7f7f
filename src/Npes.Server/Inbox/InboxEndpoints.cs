using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npes.Core.Errors;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Server.Auth;
using Npes.Server.Hosting;
using Npes.Server.Letters;
using Npes.Storage.Documents;

namespace Npes.Server.Inbox;

/// <summary>The mailbox owner's side: inbox, opening letters, signing for or refusing registered letters.</summary>
internal static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/mailbox")
            .WithTags("Mailbox")
            .RequireAuthorization(Roles.PartyPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/letters", ListAsync).WithName("ListInbox").WithSummary("The caller's inbox, newest first (filters: unread, registered)");
        group.MapGet("/letters/{id:guid}", OpenAsync).WithName("OpenLetter").WithSummary("A letter in the inbox; a registered one shows sender and subject until signed for");
        group.MapGet("/letters/{id:guid}/documents/{position:int}", DocumentAsync)
            .WithName("GetDocument")
            .WithSummary("A document's content (released for registered letters only after the signed handover)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/letters/{id:guid}/statement", StatementAsync)
            .WithName("GetHandoverStatement")
            .WithSummary("The statement to sign with your EDS to take (decision=accept) or refuse (decision=refuse) a registered letter");
        group.MapPost("/letters/{id:guid}/handover", (Guid id, DecisionRequest request, ClaimsPrincipal user, ILetterStore letters, IMailboxStore mailboxes, DecideLetter useCase, CancellationToken cancellationToken) =>
                DecideAsync(id, HandoverStatement.Accept, request, user, letters, mailboxes, useCase, cancellationToken))
            .WithName("SignHandover")
            .WithSummary("Sign for a registered letter: releases the content; the sender receives the delivery notice with your signature")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/letters/{id:guid}/refuse", (Guid id, DecisionRequest request, ClaimsPrincipal user, ILetterStore letters, IMailboxStore mailboxes, DecideLetter useCase, CancellationToken cancellationToken) =>
                DecideAsync(id, HandoverStatement.Refuse, request, user, letters, mailboxes, useCase, cancellationToken))
            .WithName("RefuseLetter")
            .WithSummary("Refuse a registered letter with a signed statement; the sender receives the refusal notice")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
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
        return TypedResults.Ok<IReadOnlyList<InboxItemDto>>(page.Select(l => new InboxItemDto(
            l.Id, l.S10, l.Kind, SenderName(l), l.Subject, l.Status, l.SubmittedAt, l.ReadAt is not null, ContentAvailable(l))).ToList());
    }

    private static async Task<Results<Ok<InboxLetterDto>, ProblemHttpResult>> OpenAsync(
        Guid id, ClaimsPrincipal user, IMailboxStore mailboxes, ILetterStore letters, CancellationToken cancellationToken)
    {
        var (letter, _) = await FindOwnAsync(id, user, mailboxes, letters, cancellationToken);
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        var available = ContentAvailable(letter);
        var documents = available ? await letters.DocumentsAsync(id, cancellationToken) : null;
        var events = await letters.EventsAsync(id, cancellationToken);
        return TypedResults.Ok(new InboxLetterDto(
            letter.Id,
            letter.S10,
            letter.Kind,
            SenderName(letter),
            letter.Subject,
            letter.Status,
            letter.SubmittedAt,
            letter.AcceptDeadline,
            available,
            documents?.Select(d => new DocumentDto(d.Position, d.Name, d.MediaType, d.Size, CanonicalJson.Hex(d.Sha256))).ToList(),
            events.Select(LetterEndpoints.EventDtoOf).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocumentAsync(
        Guid id, int position, ClaimsPrincipal user, IMailboxStore mailboxes, ILetterStore letters, DocumentCipher cipher, TimeProvider time, CancellationToken cancellationToken)
    {
        var (letter, mailbox) = await FindOwnAsync(id, user, mailboxes, letters, cancellationToken);
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        if (!ContentAvailable(letter))
        {
            return Problems.Result(NpesErrors.ContentWithheld, $"Sign for letter {letter.S10} first (GET …/statement?decision=accept, then POST …/handover).");
        }

        var document = (await letters.DocumentsAsync(id, cancellationToken)).FirstOrDefault(d => d.Position == position);
        if (document is null)
        {
            return Problems.Result(NpesErrors.NotFound, $"Letter {letter.S10} has no document {position}.");
        }

        var letterKey = cipher.UnwrapLetterKey(letter.Id, new WrappedKey(letter.KeyId, letter.WrappedKey));
        byte[] content;
        try
        {
            content = DocumentCipher.DecryptDocument(letterKey, letter.Id, document.Position, document.Sealed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(letterKey);
        }

        // The first opening of a simple letter hands its content over: that is evidence too.
        var handover = letter.Kind == LetterKinds.Simple
            ? new EventDraft(EvidenceTypes.ContentHandover, new Dictionary<string, string> { ["mailbox"] = mailbox!.Id.ToString("D") })
            : null;
        await letters.MarkReadAsync(letter.Id, handover, time.GetUtcNow(), cancellationToken);
        return TypedResults.File(content, document.MediaType, document.Name);
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> StatementAsync(
        Guid id, string? decision, ClaimsPrincipal user, IMailboxStore mailboxes, ILetterStore letters, DecideLetter useCase, CancellationToken cancellationToken)
    {
        var (letter, _) = await FindOwnAsync(id, user, mailboxes, letters, cancellationToken);
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        if (decision is not (HandoverStatement.Accept or HandoverStatement.Refuse))
        {
            return Problems.Result(NpesErrors.ValidationFailed, "Query parameter 'decision' must be 'accept' or 'refuse'.");
        }

        if (letter.Kind != LetterKinds.Registered || letter.Status != LetterStatuses.Consigned)
        {
            return Problems.Result(NpesErrors.AlreadyDecided, $"Letter {letter.S10} is {letter.Kind} and {letter.Status}: there is nothing to sign.");
        }

        return TypedResults.Ok(useCase.Statement(letter, decision));
    }

    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> DecideAsync(
        Guid id, string decision, DecisionRequest request, ClaimsPrincipal user, ILetterStore letters, IMailboxStore mailboxes, DecideLetter useCase, CancellationToken cancellationToken)
    {
        var (letter, mailbox) = await FindOwnAsync(id, user, mailboxes, letters, cancellationToken);
        if (letter is null)
        {
            return Problems.Result(NpesErrors.LetterNotFound, "Your mailbox has no letter with this id.");
        }

        return TypedResults.Ok(await useCase.HandleAsync(letter, mailbox!, decision, request, cancellationToken));
    }

    /// <summary>The letter, only if it lies in the caller's own mailbox; otherwise (null, …) — a 404, never a 403.</summary>
    internal static async Task<(StoredLetter? Letter, Mailbox? Mailbox)> FindOwnAsync(Guid id, ClaimsPrincipal user, IMailboxStore mailboxes, ILetterStore letters, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindByOwnerAsync(user.PartyId(), cancellationToken);
        if (mailbox is null)
        {
            return (null, null);
        }

        var letter = await letters.FindAsync(id, cancellationToken);
        return letter is not null && letter.MailboxId == mailbox.Id ? (letter, mailbox) : (null, mailbox);
    }

    internal static bool ContentAvailable(StoredLetter letter) =>
        letter.Kind == LetterKinds.Simple ? letter.MailboxId is not null : letter.Status == LetterStatuses.HandedOver;

    internal static string SenderName(StoredLetter letter) => LetterManifest.Decode(letter.Manifest).Sender.Name;
}
