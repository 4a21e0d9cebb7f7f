using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Core.Auth;

namespace Npes.Server.Web.Pages;

/// <summary>
/// Logout ends the server-side session (a copied cookie is then worthless) and clears the cookie. It runs under the
/// cookie scheme, so the form's antiforgery token is checked against the logged-in user it was issued to.
/// </summary>
[Authorize(AuthenticationSchemes = WebAuth.Scheme)]
internal sealed class LogoutModel(ISessionStore sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/login");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var current = await HttpContext.AuthenticateAsync(WebAuth.Scheme);
        if (WebAuth.SessionHashOf(current.Properties) is { } hash)
        {
            await sessions.RevokeAsync(hash, cancellationToken);
        }

        await HttpContext.SignOutAsync(WebAuth.Scheme);
        return Redirect("/login");
    }
}
