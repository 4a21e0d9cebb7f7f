using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Npes.Server.Web.Pages;

/// <summary>The root sends a logged-in party to its start page and everyone else to the login.</summary>
[AllowAnonymous]
internal sealed class IndexModel : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var result = await HttpContext.AuthenticateAsync(WebAuth.Scheme);
        return Redirect(result.Succeeded ? WebHome.Of(result.Principal) : "/login");
    }
}
