using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Letters.Store;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages.Sent;

/// <summary>Letters the caller sent, newest first, with their status.</summary>
internal sealed class IndexModel(ILetterStore letters) : PageModel
{
    public IReadOnlyList<StoredLetter> Letters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Letters = await letters.SentAsync(User.PartyId(), 0, 100, cancellationToken);
}
