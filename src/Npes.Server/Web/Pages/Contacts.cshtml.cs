using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Notifications.Contacts;

namespace Npes.Server.Web.Pages;

/// <summary>The mailbox owner's contact points for notices: add one, confirm it with its code, switch it, remove it.</summary>
internal sealed class ContactsModel(ManageContacts contacts, UiText text) : PageModel
{
    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Language { get; set; }

    [BindProperty]
    public Guid ContactId { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public bool Notify { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public IReadOnlyList<ContactDto> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Contacts = await contacts.ListAsync(User.PartyId(), cancellationToken);
            return Page();
        }
        catch (NpesException e) when (e.Error == NpesErrors.MailboxNotFound)
        {
            return RedirectToPage("/Mailbox");
        }
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) => RunAsync(
        () => contacts.AddAsync(User.PartyId(), new AddContactRequest(Channel, Address, Language), cancellationToken), "contacts.added", cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) => RunAsync(
        () => contacts.ConfirmAsync(User.PartyId(), ContactId, Code, cancellationToken), "contacts.confirmed_message", cancellationToken);

    public Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken) => RunAsync(
        () => contacts.ResendAsync(User.PartyId(), ContactId, cancellationToken), "contacts.resent", cancellationToken);

    public Task<IActionResult> OnPostNotifyAsync(CancellationToken cancellationToken) => RunAsync(
        () => contacts.UpdateAsync(User.PartyId(), ContactId, new UpdateContactRequest(null, Notify), cancellationToken), "contacts.changed", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) => RunAsync(
        async () =>
        {
            await contacts.RemoveAsync(User.PartyId(), ContactId, cancellationToken);
            return null!;
        },
        "contacts.removed",
        cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Task<ContactDto>> action, string done, CancellationToken cancellationToken)
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
            return await OnGetAsync(cancellationToken);
        }
    }
}
