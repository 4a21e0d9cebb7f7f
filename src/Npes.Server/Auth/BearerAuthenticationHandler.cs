using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npes.Core.Auth;
using Npes.Core.Errors;
using Npes.Core.Http;
using Npes.Core.Parties;
using Npes.Server.Hosting;

namespace Npes.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer npes_…</c> against the stored session hashes.</summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ISessionStore sessions,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureKey = "npes.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("The Authorization header must use the Bearer scheme.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > BearerTokens.MaxLength)
        {
            return Fail("The bearer token is malformed.");
        }

        // The session and its party in one round trip; a session whose party is gone is not found.
        if (await sessions.FindActiveWithPartyAsync(BearerTokens.Hash(token), time.GetUtcNow(), Context.RequestAborted) is not var (session, party))
        {
            return Fail("The bearer token is unknown or has expired; log in again.");
        }

        // Handlers that need the caller's party (a letter's sender) take it from here instead of loading it again.
        Context.Features.Set(party);

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, party.Id.ToString("D", CultureInfo.InvariantCulture)),
            new(Roles.PartyIdClaim, party.Id.ToString("D", CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, party.DisplayName),
            new(Roles.KindClaim, party.Kind == PartyKind.Person ? "person" : "organisation"),
            new(Roles.ThumbprintClaim, session.CertificateThumbprint),
        ];
        claims.AddRange(session.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Context.Items.TryGetValue(FailureKey, out var reason)
            ? Problems.WriteAsync(Context, NpesErrors.TokenInvalid, reason as string)
            : Problems.WriteAsync(Context, NpesErrors.Unauthenticated, "Log in with your EDS (POST /api/v1/auth/challenge, then /api/v1/auth/login) and send the token as 'Authorization: Bearer …'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, NpesErrors.Forbidden, "Your role does not allow this.");

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }
}
