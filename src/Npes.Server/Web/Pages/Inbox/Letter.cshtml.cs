using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Evidence;
using Npes.Core.Http;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Letters.Evidence;
using Npes.Letters.Inbox;
using Npes.Letters.Store;
using Npes.Server.Auth;
using Npes.Storage.Documents;

namespace Npes.Server.Web.Pages.Inbox;

/// <summary>
/// A letter of the caller's mailbox: a simple letter's documents; a registered letter's sender and subject, then
/// the handover or refusal statement signed in the browser (<see cref="DecideLetter"/>, as for the API); the
/// timeline and the evidence bundle. Another mailbox's letter is a 404.
/// </summary>
internal sealed class LetterModel(
    OwnLetters own,
    ILetterStore letters,
    DecideLetter decide,
    ReadDocument read,
    EvidenceBundle bundles,
    UiText text) : PageModel
{
    [BindProperty]
    public string? Statement { get; set; }

    [BindProperty]
    public string? Signature { get; set; }

    [BindProperty]
    public List<string>? Certificates { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public StoredLetter Letter { get; private set; } = null!;

    public string Sender { get; private set; } = string.Empty;

    public bool ContentAvailable { get; private set; }

    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    public IReadOnlyList<SealedEvidence> Events { get; private set; } = [];

    public StatementDto? AcceptStatement { get; private set; }

    public StatementDto? RefuseStatement { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) is null ? NotFound() : Page();

    /// <param name="rendition">The PDF rendition of an office document instead of the original.</param>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, int position, bool rendition, CancellationToken cancellationToken)
    {
        var letter = await LoadAsync(id, cancellationToken);
        if (letter is null || !ContentAvailable || !Documents.Any(d => d.Position == position && (!rendition || d.Rendition is not null)))
        {
            return NotFound();
        }

        // As in the API: the first opening of a simple letter hands its content over, and that is evidence.
        var document = await read.HandleAsync(letter, position, rendition, cancellationToken);
        return File(document.Content, document.MediaType, document.Name);
    }

    public async Task<IActionResult> OnGetBundleAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is null || !ContentAvailable)
        {
            return NotFound();
        }

        return File(await bundles.BuildAsync(Letter, cancellationToken), EvidenceBundle.MediaType, Letter.S10 + ".asice");
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken cancellationToken) => DecideAsync(id, HandoverStatement.Accept, cancellationToken);

    public Task<IActionResult> OnPostRefuseAsync(Guid id, CancellationToken cancellationToken) => DecideAsync(id, HandoverStatement.Refuse, cancellationToken);

    private async Task<IActionResult> DecideAsync(Guid id, string decision, CancellationToken cancellationToken)
    {
        var letter = await LoadAsync(id, cancellationToken);
        if (letter is null)
        {
            return NotFound();
        }

        try
        {
            var certificate = WebEds.Leaf(Certificates);
            await decide.HandleAsync(Letter, letter.Mailbox, decision, new DecisionRequest(Statement, Signature, certificate, null), cancellationToken);
            return RedirectToPage(new { id, done = decision });
        }
        catch (NpesException e)
        {
            Error = text.Error(e);
            return Page();
        }
    }

    private async Task<OwnLetter?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await own.FindAsync(User.PartyId(), id, cancellationToken) is not { } found)
        {
            return null;
        }

        var letter = found.Letter;
        Letter = letter;
        Sender = LetterView.SenderName(letter);
        ContentAvailable = LetterView.ContentAvailable(letter);
        Documents = ContentAvailable ? await letters.DocumentsAsync(id, cancellationToken) : [];
        Events = await letters.EventsAsync(id, cancellationToken);
        if (letter.Kind == LetterKinds.Registered && letter.Status == LetterStatus.Consigned)
        {
            AcceptStatement = decide.Statement(letter, HandoverStatement.Accept);
            RefuseStatement = decide.Statement(letter, HandoverStatement.Refuse);
        }

        return found;
    }
}
