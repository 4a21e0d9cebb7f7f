namespace Npes.Server.Demo;

internal static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddNpesDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<DemoSeeder>();

        return services;
    }
}
