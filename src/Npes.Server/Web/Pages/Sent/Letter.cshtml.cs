using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Evidence;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Letters.Evidence;
using Npes.Letters.Store;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages.Sent;

/// <summary>A letter the caller sent: status, routing, timeline, receipts and the evidence bundle. Anyone else's letter is a 404.</summary>
internal sealed class LetterModel(ILetterStore letters, EvidenceBundle bundles) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Created { get; set; }

    public StoredLetter Letter { get; private set; } = null!;

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    public IReadOnlyList<SealedEvidence> Events { get; private set; } = [];

    public IReadOnlyList<string> Receipts { get; private set; } = [];

    private IReadOnlyDictionary<string, byte[]> _receipts = new Dictionary<string, byte[]>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetReceiptAsync(Guid id, string? kind, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) && kind is not null && _receipts.TryGetValue(kind, out var cms)
            ? File(cms, "application/pkcs7-mime; smime-type=signed-data", $"{Letter.S10}-{kind}.p7m")
            : NotFound();

    public async Task<IActionResult> OnGetBundleAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken)
            ? File(await bundles.BuildAsync(Letter, cancellationToken), EvidenceBundle.MediaType, Letter.S10 + ".asice")
            : NotFound();

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is null || letter.SenderPartyId != User.PartyId())
        {
            return false;
        }

        Letter = letter;
        Documents = await letters.DocumentsAsync(id, cancellationToken);
        Events = await letters.EventsAsync(id, cancellationToken);
        _receipts = await letters.ReceiptsAsync(id, cancellationToken);
        Receipts = _receipts.Keys.Order(StringComparer.Ordinal).ToList();
        return true;
    }
}
