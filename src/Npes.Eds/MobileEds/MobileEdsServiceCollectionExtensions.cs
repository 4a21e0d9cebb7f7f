using Npes.Core.Options;
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

        services.AddValidatedOptions<MobileEdsOptions>(configuration, MobileEdsOptions.Section);
        // A typed client: transient, so its users are scoped (each call's timeout is applied per request).
        services.AddHttpClient<IMobileSigningService, HttpMobileSigningService>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
