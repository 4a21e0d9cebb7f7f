using Npes.Core.Options;

namespace Npes.Server.Demo;

internal static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddNpesDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DemoOptions>(configuration, DemoOptions.Section);
        services.AddSingleton<DemoSeeder>();

        return services;
    }
}
