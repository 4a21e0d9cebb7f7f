using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Mailboxes;
using Npes.Notifications.Content;
using Npes.Notifications.Sending;

namespace Npes.Notifications.Contacts;

/// <summary>
/// The mailbox owner's contact points: add (a code is sent at once), confirm with the code, send a new code, change
/// language or whether notices go there, remove. Used by the API and the web mailbox alike.
/// </summary>
internal sealed partial class ManageContacts(
    IMailboxStore mailboxes,
    ContactStore store,
    NoticeSender sender,
    NoticeTemplates templates,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<ManageContacts> logger)
{
    public async Task<IReadOnlyList<ContactDto>> ListAsync(Guid ownerPartyId, CancellationToken cancellationToken)
    {
        var mailbox = await MailboxAsync(ownerPartyId, cancellationToken);
        return (await store.ListAsync(mailbox, cancellationToken)).Select(Dto).ToList();
    }

    public async Task<ContactDto> AddAsync(Guid ownerPartyId, AddContactRequest? request, CancellationToken cancellationToken)
    {
        var channel = request?.Channel?.Trim();
        if (!Channels.IsKnown(channel))
        {
            throw new NpesException(NpesErrors.ContactInvalid, "'channel' must be 'email' or 'sms'.");
        }

        if (!sender.Supports(channel!))
        {
            throw new NpesException(NpesErrors.ContactChannelOff, $"The operator sends no notices by {channel}.");
        }

        var language = request!.Language?.Trim() ?? NoticeLanguages.Russian;
        if (!NoticeLanguages.IsKnown(language))
        {
            throw new NpesException(NpesErrors.ContactInvalid, "'language' must be 'ru', 'be' or 'en'.");
        }

        var address = ContactPoints.Normalize(channel!, request.Address);
        var mailbox = await MailboxAsync(ownerPartyId, cancellationToken);
        var now = time.GetUtcNow();
        var contact = new Contact(Guid.CreateVersion7(now), mailbox, channel!, address, language, true, null, null, null, 0, 0, null, now);
        switch (await store.AddAsync(contact, options.Value.MaxContactsPerMailbox, cancellationToken))
        {
            case AddOutcome.Exists:
                throw new NpesException(NpesErrors.ContactExists, "This contact point is already on your mailbox.");
            case AddOutcome.Limit:
                throw new NpesException(NpesErrors.ContactLimit, $"A mailbox has at most {options.Value.MaxContactsPerMailbox} contact points; remove one first.");
        }

        if (!await SendCodeAsync(contact, now, cancellationToken))
        {
            // Nothing half-made stays behind: the owner adds it again when the relay is back.
            await store.RemoveAsync(mailbox, contact.Id, now, cancellationToken);
            throw new NpesException(NpesErrors.ContactCodeNotSent, "The confirmation code could not be sent; try again later.");
        }

        return Dto((await store.FindAsync(mailbox, contact.Id, cancellationToken))!);
    }

    public async Task<ContactDto> ResendAsync(Guid ownerPartyId, Guid id, CancellationToken cancellationToken)
    {
        var mailbox = await MailboxAsync(ownerPartyId, cancellationToken);
        var contact = await store.FindAsync(mailbox, id, cancellationToken) ?? throw NotFound();
        if (contact.VerifiedAt is not null)
        {
            throw new NpesException(NpesErrors.ContactAlreadyConfirmed, "This contact point is confirmed already.");
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        if (contact.CodesSent >= settings.CodeMaxSends)
        {
            throw new NpesException(NpesErrors.ContactResendLimit, $"{settings.CodeMaxSends} codes were sent to this contact point; remove it and add it again later.");
        }

        if (contact.CodeSentAt is { } last && now - last < settings.CodeResendInterval)
        {
            var wait = Math.Ceiling((settings.CodeResendInterval - (now - last)).TotalSeconds);
            throw new NpesException(NpesErrors.ContactResendLimit, $"A code was sent a moment ago; ask again in {wait:0} s.");
        }

        if (!await SendCodeAsync(contact, now, cancellationToken))
        {
            throw new NpesException(NpesErrors.ContactCodeNotSent, "The confirmation code could not be sent; try again later.");
        }

        return Dto((await store.FindAsync(mailbox, id, cancellationToken))!);
    }

    public async Task<ContactDto> ConfirmAsync(Guid ownerPartyId, Guid id, string? code, CancellationToken cancellationToken)
    {
        var mailbox = await MailboxAsync(ownerPartyId, cancellationToken);
        var outcome = await store.ConfirmAsync(mailbox, id, stored => ContactPoints.Matches(id, code, stored), options.Value.CodeMaxAttempts, time.GetUtcNow(), cancellationToken);
        return outcome switch
        {
            ConfirmOutcome.Confirmed => Dto((await store.FindAsync(mailbox, id, cancellationToken))!),
            ConfirmOutcome.AlreadyConfirmed => throw new NpesException(NpesErrors.ContactAlreadyConfirmed, "This contact point is confirmed already."),
            ConfirmOutcome.WrongCode => throw new NpesException(NpesErrors.ContactCodeWrong, "The code is wrong."),
            ConfirmOutcome.TooManyAttempts => throw new NpesException(NpesErrors.ContactCodeAttempts, "Too many wrong codes; request a new code."),
            ConfirmOutcome.Expired => throw new NpesException(NpesErrors.ContactCodeExpired, "The code has expired; request a new code."),
            _ => throw NotFound(),
        };
    }

    public async Task<ContactDto> UpdateAsync(Guid ownerPartyId, Guid id, UpdateContactRequest? request, CancellationToken cancellationToken)
    {
        var language = request?.Language?.Trim();
        if (language is not null && !NoticeLanguages.IsKnown(language))
        {
            throw new NpesException(NpesErrors.ContactInvalid, "'language' must be 'ru', 'be' or 'en'.");
        }

        var mailbox = await MailboxAsync(ownerPartyId, cancellationToken);
        if (!await store.UpdateAsync(mailbox, id, language, request?.Notify, cancellationToken))
        {
            throw NotFound();
        }

        return Dto((await store.FindAsync(mailbox, id, cancellationToken))!);
    }

    public async Task RemoveAsync(Guid ownerPartyId, Guid id, CancellationToken cancellationToken)
    {
        var mailbox = await MailboxAsync(ownerPartyId, cancellationToken);
        if (!await store.RemoveAsync(mailbox, id, time.GetUtcNow(), cancellationToken))
        {
            throw NotFound();
        }
    }

    private async Task<bool> SendCodeAsync(Contact contact, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var code = ContactPoints.NewCode();
        var message = templates.Code(contact.Language, code, (int)Math.Ceiling(settings.CodeLifetime.TotalMinutes));

        // The code is stored before it leaves, so an answer lost in transit still finds a code to check.
        await store.SetCodeAsync(contact.Id, ContactPoints.Hash(contact.Id, code), now + settings.CodeLifetime, now, cancellationToken);
        var result = await sender.SendAsync(contact.Channel, new OutgoingMessage(contact.Address, contact.Language, message.Subject, message.Text, message.Html, message.Sms, contact.Id), cancellationToken);
        if (result.Outcome != SendOutcome.Sent)
        {
            LogCodeNotSent(logger, contact.Id, contact.Channel, result.Error ?? "unknown");
            return false;
        }

        return true;
    }

    private async Task<Guid> MailboxAsync(Guid ownerPartyId, CancellationToken cancellationToken) =>
        (await mailboxes.FindByOwnerAsync(ownerPartyId, cancellationToken))?.Id
        ?? throw new NpesException(NpesErrors.MailboxNotFound, "You have no mailbox yet; POST /api/v1/mailboxes registers one.");

    private static NpesException NotFound() => new(NpesErrors.ContactNotFound, "Your mailbox has no contact point with this id.");

    internal static ContactDto Dto(Contact c) => new(c.Id, c.Channel, c.Address, c.Language, c.Notify, c.VerifiedAt is not null, c.VerifiedAt, c.CreatedAt);

    // Never the code, never the full address.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirmation code for contact {ContactId} ({Channel}) not sent: {Error}")]
    private static partial void LogCodeNotSent(ILogger logger, Guid contactId, string channel, string error);
}
