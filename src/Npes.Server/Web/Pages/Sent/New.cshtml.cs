using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Documents;
using Npes.Documents.Intake;
using Npes.Letters.Sending;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages.Sent;

/// <summary>
/// Sends one letter through <see cref="SubmitLetter"/>, as the API does; a resubmitted form (same key) sends nothing twice.
/// Its request-size limit is the letters API's (set where the pages are registered).
/// </summary>
internal sealed class NewModel(SubmitLetter submit, IOptions<DocumentsOptions> options, UiText text) : PageModel
{
    [BindProperty]
    public string? RecipientName { get; set; }

    [BindProperty]
    public string? RecipientAddress { get; set; }

    [BindProperty]
    public string? RecipientUnp { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public List<IFormFile> Documents { get; set; } = [];

    [BindProperty]
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var limits = options.Value;
            if (Documents.Count > limits.MaxDocuments)
            {
                throw new NpesException(NpesErrors.DocumentsCount, $"A letter has 1 to {limits.MaxDocuments} documents; {Documents.Count} were chosen.");
            }

            var uploads = new List<DocumentUpload>();
            foreach (var file in Documents)
            {
                if (file.Length > limits.MaxDocumentBytes)
                {
                    throw new NpesException(NpesErrors.DocumentTooLarge, $"A document exceeds {limits.MaxDocumentBytes} bytes.");
                }

                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, cancellationToken);
                uploads.Add(new DocumentUpload(file.FileName, file.ContentType, buffer.ToArray()));
            }

            var request = new SubmitLetterRequest(
                new RecipientDto(RecipientName, RecipientAddress, string.IsNullOrWhiteSpace(RecipientUnp) ? null : RecipientUnp.Trim()),
                Kind,
                Subject,
                null);
            var (_, response) = await submit.HandleAsync(User.PartyId(), null, request, uploads, null, IdempotencyKey, cancellationToken);
            return Redirect($"/sent/{response.Id:D}?created=true");
        }
        catch (NpesException e)
        {
            Error = text.Error(e);
            return Page();
        }
    }
}
