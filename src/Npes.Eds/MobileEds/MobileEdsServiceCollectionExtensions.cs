using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Npes.Eds.MobileEds;

public static class MobileEdsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MobileEdsOptions"/> from <c>Npes:MobileEds</c> and registers the HTTP <see cref="IMobileSigningService"/>.
    /// Without <c>Url</c> the service is registered but refuses every call as not configured.
    /// </summary>
    public static IServiceCollection AddMobileEds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<MobileEdsOptions>()
            .Bind(configuration.GetSection(MobileEdsOptions.Section))
            .Validate(o => o.Url is null || (o.Url.IsAbsoluteUri && o.Url.Scheme is "http" or "https"), "Npes:MobileEds:Url must be an absolute http(s) URL.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1), "Npes:MobileEds:Timeout must be between 0 and 1 minute.")
            .Validate(o => o.MaxResponseBytes is >= 1024 and <= 1024 * 1024, "Npes:MobileEds:MaxResponseBytes must be between 1 KiB and 1 MiB.")
            .ValidateOnStart();
        // A typed client: transient, so its users are scoped (each call's timeout is applied per request).
        services.AddHttpClient<IMobileSigningService, HttpMobileSigningService>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
