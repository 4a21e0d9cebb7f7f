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
/// The web UI's cookie scheme, beside the API's bearer scheme (which stays the default). The cookie refers to a
/// session opened by the same <see cref="Login"/> use case (by the SHA-256 of its token); every request loads that
/// session row and takes the party and roles from it, never from the cookie, so a revoked or expired session, or a
/// role withdrawn, takes effect at once. Logout deletes the row.
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

    /// <summary>Replaces the cookie's principal by the party and roles of its session row; rejects the cookie once the session has ended.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionStore>();
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (SessionHashOf(context.Properties) is not { } hash
            || await sessions.FindActiveWithPartyAsync(hash, time.GetUtcNow(), context.HttpContext.RequestAborted) is not var (session, party))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        var id = party.Id.ToString("D", CultureInfo.InvariantCulture);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, id),
            new(Roles.PartyIdClaim, id),
            new(ClaimTypes.Name, party.DisplayName),
            new(Roles.KindClaim, party.Kind == Npes.Core.Parties.PartyKind.Person ? "person" : "organisation"),
            new(Roles.ThumbprintClaim, session.CertificateThumbprint),
        ];
        claims.AddRange(session.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)));
        context.HttpContext.Features.Set(party);
    }

    /// <summary>The session (token hash) a cookie refers to.</summary>
    public static byte[]? SessionHashOf(AuthenticationProperties? properties)
    {
        if (properties is null || !properties.Items.TryGetValue(SessionHashKey, out var hash) || hash is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(hash);
        }
        catch (FormatException)
        {
            return null;
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
