using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Letters.Inbox;
using Npes.Letters.Store;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages.Inbox;

/// <summary>The caller's inbox, newest first, with unread and registered markers and filters.</summary>
internal sealed class IndexModel(IMailboxStore mailboxes, ILetterStore letters) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Filter { get; set; }

    public Mailbox? Mailbox { get; private set; }

    public IReadOnlyList<StoredLetter> Letters { get; private set; } = [];

    public static string SenderOf(StoredLetter letter) => LetterView.SenderName(letter);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Filter = Filter is "unread" or "registered" ? Filter : null;
        Mailbox = await mailboxes.FindByOwnerAsync(User.PartyId(), cancellationToken);
        if (Mailbox is not null)
        {
            Letters = await letters.InboxAsync(Mailbox.Id, new InboxQuery(Filter == "unread", Filter == "registered", 0, 100), cancellationToken);
        }
    }
}
