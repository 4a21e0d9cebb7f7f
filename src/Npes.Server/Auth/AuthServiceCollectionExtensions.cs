using Microsoft.AspNetCore.Authentication;
using Npes.Core.Auth;
using Npes.Core.Http;
using Npes.Core.Options;
using Npes.Core.Parties;
using Npes.Server.Hosting;
using Npes.Storage.Jobs;

namespace Npes.Server.Auth;

internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddNpesAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AuthOptions>(configuration, AuthOptions.Section);
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
        services.AddValidatedOptions<RateLimitOptions>(configuration, RateLimitOptions.Section);
        services.AddSingleton<RateLimits>();
        services.AddSingleton<Identity.IdentityPolicies>();
        services.AddSingleton<IssueChallenge>();
        services.AddSingleton<Login>();
        services.AddRecurringDuty<AuthHousekeeping>(AuthHousekeeping.Id, _ => TimeSpan.FromHours(1));
        return services;
    }
}
