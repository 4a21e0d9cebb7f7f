using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Server.Auth;

namespace Npes.Server.Web.Pages;

/// <summary>
/// Login with an EDS: the browser sends the certificates of its key file, gets a challenge (the API's
/// <see cref="IssueChallenge"/>), signs it with WebCrypto and posts the signature; <see cref="Login"/> checks it
/// exactly as for the API, and the session goes into an HttpOnly cookie.
/// </summary>
[AllowAnonymous]
internal sealed class LoginModel(IssueChallenge issue, Login login, UiText text) : PageModel
{
    [BindProperty]
    public Guid? ChallengeId { get; set; }

    [BindProperty]
    public string? Certificate { get; set; }

    [BindProperty]
    public string? Signature { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostChallengeAsync([FromForm] List<string>? certificates, CancellationToken cancellationToken)
    {
        try
        {
            var leaf = WebEds.Leaf(certificates);
            var challenge = await issue.HandleAnonymousAsync(new ChallengeRequest(leaf), HttpContext, cancellationToken);
            return new JsonResult(new { challengeId = challenge.ChallengeId, toBeSigned = challenge.ToBeSigned, certificate = leaf });
        }
        catch (NpesException e)
        {
            if (Hosting.RateLimits.RetryAfterOf(e) is { } seconds)
            {
                Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return new JsonResult(new { error = text.Error(e) }) { StatusCode = e.Error.Status == StatusCodes.Status429TooManyRequests ? e.Error.Status : StatusCodes.Status400BadRequest };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await login.HandleAsync(new LoginRequest(ChallengeId, Certificate, Signature, null), cancellationToken);
            await HttpContext.SignInAsync(WebAuth.Scheme, WebAuth.PrincipalOf(response), WebAuth.PropertiesOf(response));
            return LocalRedirect(WebServiceCollectionExtensions.IsLocal(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl! : WebHome.Of(response.Roles));
        }
        catch (NpesException e)
        {
            Error = text.Error(e);
            return Page();
        }
    }
}
