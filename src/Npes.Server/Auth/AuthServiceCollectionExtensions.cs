using Microsoft.AspNetCore.Authentication;
using Npes.Core.Auth;
using Npes.Core.Http;
using Npes.Core.Parties;

namespace Npes.Server.Auth;

internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddNpesAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.ChallengeLifetime > TimeSpan.Zero && o.ChallengeLifetime <= TimeSpan.FromMinutes(30), "Npes:Auth:ChallengeLifetime must be between 0 and 30 minutes.")
            .Validate(o => o.TokenLifetime > TimeSpan.Zero && o.TokenLifetime <= TimeSpan.FromHours(12), "Npes:Auth:TokenLifetime must be between 0 and 12 hours.")
            .ValidateOnStart();
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.PartyPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(Roles.PartyIdClaim))
            .AddPolicy(Roles.OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Operator))
            .AddPolicy(Roles.AuditorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Auditor));
        services.AddSingleton<PartyStore>();
        services.AddSingleton<IPartyStore>(sp => sp.GetRequiredService<PartyStore>());
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddSingleton<IChallengeStore, ChallengeStore>();
        services.AddSingleton<IssueChallenge>();
        services.AddSingleton<Login>();
        services.AddHostedService<AuthHousekeeping>();
        return services;
    }
}
