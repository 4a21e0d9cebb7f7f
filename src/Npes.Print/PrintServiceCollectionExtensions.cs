using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Print.Pipeline;
using Npes.Print.Rendering;
using Npes.Print.Shop;
using Npes.Print.Store;
using Microsoft.Extensions.Options;
using Npes.Core.Options;
using Npes.Storage.Jobs;

namespace Npes.Print;

/// <summary>
/// The paper leg: pieces and batches (its own tables), the print pipeline's stages as durable jobs, the
/// print shop's actions and API. It reads letters through <see cref="Core.Print.IPaperLetters"/>, moves them through
/// <see cref="Core.Letters.ILetterLifecycle"/> and lays out envelopes with <see cref="Core.Print.IEnvelopeAddressing"/>.
/// </summary>
public static class PrintServiceCollectionExtensions
{
    /// <summary>Registers the paper leg: its stores, stages, jobs and the recurring sweep, the print shop's actions.</summary>
    public static IServiceCollection AddPrint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<PrintOptions>(configuration, PrintOptions.Section);
        services.AddValidatedOptions<PrintLayoutOptions>(configuration, PrintLayoutOptions.Section);
        services.AddSingleton<PieceStore>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<OperatorActionStore>();
        services.AddSingleton<IPieceRendering, PdfPieceRendering>();
        services.AddSingleton<IBatchBuilding, PdfBatchBuilding>();
        services.AddSingleton<PrintJobQueue>();
        services.AddSingleton<PrintPipeline>();
        services.AddSingleton<PrintShop>();
        services.AddSingleton<RetryPiece>();
        services.AddSingleton<PrintJobs>();
        services.AddSingleton<Npes.Core.Observability.IQueueProbe, PrintQueues>();
        services.AddRecurringDuty<PrintSweep>(PrintSweep.Id, sp => TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PrintOptions>>().Value.SweepSeconds));
        return services;
    }

    /// <summary><c>/api/v1/print</c>: the print shop's API, for operators only.</summary>
    public static IEndpointRouteBuilder MapPrintEndpoints(this IEndpointRouteBuilder endpoints) => PrintEndpoints.Map(endpoints);
}
