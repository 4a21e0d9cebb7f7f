using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Print.Pipeline;
using Npes.Print.Rendering;
using Npes.Print.Shop;
using Npes.Print.Store;
using Npes.Storage;

namespace Npes.Print;

/// <summary>
/// The paper leg: pieces and batches (its own tables), the print pipeline's stages and their clustered scheduler, the
/// print shop's actions and API. It reads letters through <see cref="Core.Print.IPaperLetters"/>, moves them through
/// <see cref="Core.Letters.ILetterLifecycle"/> and lays out envelopes with <see cref="Core.Print.IEnvelopeAddressing"/>.
/// </summary>
public static class PrintServiceCollectionExtensions
{
    /// <summary>Registers the paper leg; its scheduler is a hosted service, so register it after the database start-up.</summary>
    public static IServiceCollection AddPrint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PrintOptions>().Bind(configuration.GetSection(PrintOptions.Section));
        services.AddOptions<PrintLayoutOptions>().Bind(configuration.GetSection(PrintLayoutOptions.Section));
        services.AddSingleton(sp => new PrintDatabase(() => sp.GetRequiredService<NpesDatabase>().ConnectionString));
        services.AddSingleton<PieceStore>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<OperatorActionStore>();
        services.AddSingleton<IPieceRendering, PdfPieceRendering>();
        services.AddSingleton<IBatchBuilding, PdfBatchBuilding>();
        services.AddSingleton<PrintJobQueue>();
        services.AddSingleton<PrintPipeline>();
        services.AddSingleton<PrintShop>();
        services.AddSingleton<RetryPiece>();
        services.AddSingleton<PrintScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<PrintScheduler>());
        return services;
    }

    /// <summary><c>/api/v1/print</c>: the print shop's API, for operators only.</summary>
    public static IEndpointRouteBuilder MapPrintEndpoints(this IEndpointRouteBuilder endpoints) => PrintEndpoints.Map(endpoints);
}
