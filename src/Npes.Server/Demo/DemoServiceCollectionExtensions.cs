using Npes.Core.Options;

namespace Npes.Server.Demo;

internal static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddNpesDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DemoOptions>(configuration, DemoOptions.Section);
        services.AddSingleton<DemoSeeder>();

        // First of all hosted services: nothing is seeded or served before the deployment is known to be safe.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, Hosting.DeploymentSafety>());

        return services;
    }
}
