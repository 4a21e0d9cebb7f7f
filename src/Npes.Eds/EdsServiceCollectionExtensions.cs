using Npes.Core.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npes.Eds.BignEds;
using Npes.Eds.Cms;
using Npes.Eds.GostEds;
using Npes.Eds.Trust;
using Npes.Eds.X509;

namespace Npes.Eds;

public static class EdsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EdsOptions"/> from <c>Npes:Eds</c> and registers the built-in providers (x509, bign, gost), the provider registry
    /// and the chain validator. Trust material is loaded once (relative paths against the current directory); a host
    /// fails at start when a configured file is missing or unreadable.
    /// </summary>
    public static IServiceCollection AddEds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddValidatedOptions<EdsOptions>(configuration, EdsOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEdsProvider, X509EdsProvider>());
        services.TryAddSingleton<BignEdsProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEdsProvider, BignEdsProvider>(sp => sp.GetRequiredService<BignEdsProvider>()));
        services.TryAddSingleton<GostEdsProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEdsProvider, GostEdsProvider>(sp => sp.GetRequiredService<GostEdsProvider>()));
        services.TryAddSingleton<IEdsProviderRegistry, EdsProviderRegistry>();
        services.TryAddSingleton(sp =>
            TrustMaterial.Load(sp.GetRequiredService<IOptions<EdsOptions>>().Value, Directory.GetCurrentDirectory()));
        services.TryAddSingleton<IChainValidator, ChainValidator>();
        services.TryAddSingleton<CrlRefresher>();
        services.AddCms(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EdsStartupCheck>());
        return services;
    }

    /// <summary>Loads the trust material and checks the provider list when the host starts, not at the first login.</summary>
    private sealed class EdsStartupCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<IChainValidator>();
            _ = services.GetRequiredService<IEdsProviderRegistry>();
            _ = services.GetRequiredService<OperatorIdentity>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
