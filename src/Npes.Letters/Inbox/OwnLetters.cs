using Npes.Core.Mailboxes;
using Npes.Letters.Store;

namespace Npes.Letters.Inbox;

/// <summary>A letter of the caller's own mailbox, with that mailbox.</summary>
internal sealed record OwnLetter(StoredLetter Letter, Mailbox Mailbox);

/// <summary>Finds a letter only if it lies in the caller's own mailbox: anything else is "not found" (a 404, never a 403).</summary>
internal sealed class OwnLetters(IMailboxStore mailboxes, ILetterStore letters)
{
    public async Task<OwnLetter?> FindAsync(Guid callerPartyId, Guid letterId, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindByOwnerAsync(callerPartyId, cancellationToken);
        if (mailbox is null)
        {
            return null;
        }

        var letter = await letters.FindAsync(letterId, cancellationToken);
        return letter is not null && letter.MailboxId == mailbox.Id ? new OwnLetter(letter, mailbox) : null;
    }
}
