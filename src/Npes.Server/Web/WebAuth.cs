using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npes.Contracts;
using Npes.Core.Auth;
using Npes.Core.Http;
using Npes.Server.Auth;

namespace Npes.Server.Web;

/// <summary>
/// The web UI's cookie scheme, beside the API's bearer scheme (which stays the default). The cookie carries the
/// same claims a bearer token yields and the SHA-256 of a session opened by the same <see cref="Login"/> use case;
/// every request checks that session is still active, so UI and API sessions expire alike.
/// </summary>
internal static class WebAuth
{
    public const string Scheme = "NpesWeb";
    public const string PartyPolicy = "web-party";
    public const string OperatorPolicy = "web-operator";

    /// <summary>The bearer token when the request carries one, else the web session (the jobs dashboard takes either).</summary>
    public const string BearerOrSession = "NpesBearerOrSession";
    private const string SessionHashKey = "npes.session";

    public static ClaimsPrincipal PrincipalOf(LoginResponse login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var id = login.Party.Id.ToString("D", CultureInfo.InvariantCulture);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, id),
            new(Roles.PartyIdClaim, id),
            new(ClaimTypes.Name, login.Party.Name),
            new(Roles.KindClaim, login.Party.Kind),
        ];
        claims.AddRange(login.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    public static AuthenticationProperties PropertiesOf(LoginResponse login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var properties = new AuthenticationProperties { ExpiresUtc = login.ExpiresAt, IsPersistent = false, AllowRefresh = false };
        properties.Items[SessionHashKey] = Convert.ToBase64String(BearerTokens.Hash(login.AccessToken));
        return properties;
    }

    /// <summary>Rejects the cookie once its session has expired or was purged.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionStore>();
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (!context.Properties.Items.TryGetValue(SessionHashKey, out var hash) || hash is null
            || await sessions.FindActiveAsync(Convert.FromBase64String(hash), time.GetUtcNow(), context.HttpContext.RequestAborted) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    /// <summary>UI pages redirect to the login (or forbidden) page; anything else under the cookie scheme answers with the problem.</summary>
    public static Task RedirectOrRefuseAsync(RedirectContext<CookieAuthenticationOptions> context, Npes.Core.Errors.NpesError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Path.StartsWithSegments(Hosting.JobsHosting.DashboardPath, StringComparison.OrdinalIgnoreCase))
        {
            return Npes.Core.Http.Problems.WriteAsync(context.HttpContext, error, null);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
