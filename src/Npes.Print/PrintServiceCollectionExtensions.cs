using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Print.Pipeline;
using Npes.Print.Rendering;

namespace Npes.Print;

public static class PrintServiceCollectionExtensions
{
    /// <summary>
    /// The paper leg: the print pipeline's stages and its clustered Quartz scheduler (a hosted service, so register
    /// it after the database start-up). <paramref name="connectionString"/> gives the PostgreSQL that holds NPES'
    /// tables and Quartz' job store.
    /// </summary>
    public static IServiceCollection AddPrint(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string> connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PrintOptions>().Bind(configuration.GetSection(PrintOptions.Section));
        services.AddOptions<PrintLayoutOptions>().Bind(configuration.GetSection(PrintLayoutOptions.Section));
        services.AddSingleton(sp => new PrintDatabase(() => connectionString(sp)));
        services.AddSingleton<IPieceRendering, PdfPieceRendering>();
        services.AddSingleton<IBatchBuilding, PdfBatchBuilding>();
        services.AddSingleton<PrintJobQueue>();
        services.AddSingleton<PrintPipeline>();
        services.AddSingleton<PrintScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<PrintScheduler>());
        return services;
    }
}
