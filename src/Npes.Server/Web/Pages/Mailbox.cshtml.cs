using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Mailboxes;
using Npes.Letters.Mailboxes;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages;

/// <summary>The caller's mailbox: register it at a postal address, confirm the address with the code sent on paper.</summary>
internal sealed class MailboxModel(IMailboxStore mailboxes, RegisterMailbox register, AddressConfirmations confirmations, UiText text) : PageModel
{
    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public Guid AddressId { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public Mailbox? Mailbox { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Mailbox = await mailboxes.FindByOwnerAsync(User.PartyId(), cancellationToken);

    public Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken) => RunAsync(
        () => register.HandleAsync(User.PartyId(), new RegisterMailboxRequest([Address ?? string.Empty]), cancellationToken),
        "mailbox.registered",
        cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) => RunAsync(
        () => confirmations.ConfirmAsync(User.PartyId(), AddressId, Code, cancellationToken),
        "mailbox.confirmed_message",
        cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Task> action, string done, CancellationToken cancellationToken)
    {
        try
        {
            await action();
            Message = text[done];
            return RedirectToPage();
        }
        catch (NpesException e)
        {
            Error = text.Error(e);
            await OnGetAsync(cancellationToken);
            return Page();
        }
    }
}
