using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npes.Documents.Intake;
using Npes.Documents.Printing;
using Npes.Documents.Workers;
using Npes.Print.Pipeline;

namespace Npes.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>
    /// Documents from outside, inspected in isolated worker processes: <see cref="IDocumentIntake"/>, the warm worker
    /// pool (a hosted service warms it at start, reports what it can do, and kills the workers at stop), bound to
    /// <c>Npes:Documents</c> (<see cref="DocumentsOptions"/>, validated at start).
    /// </summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DocumentsOptions>()
            .Bind(configuration.GetSection(DocumentsOptions.Section))
            .Validate(o => !o.Validate().Any(), "Npes:Documents is not valid: see DocumentsOptions.Validate")
            .ValidateOnStart();
        services.TryAddSingleton<WorkerPool>();
        services.TryAddSingleton<IDocumentIntake, DocumentIntake>();
        services.AddHostedService<WorkerWarmup>();
        return services;
    }

    /// <summary>
    /// The print leg renders pieces and assembles batches in the document workers instead of in this process:
    /// replaces <see cref="IPieceRendering"/> and <see cref="IBatchBuilding"/>. Call after <c>AddPrint</c> and <see cref="AddDocuments"/>.
    /// </summary>
    public static IServiceCollection AddDocumentWorkerPrinting(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IPieceRendering, WorkerPieceRendering>());
        services.Replace(ServiceDescriptor.Singleton<IBatchBuilding, WorkerBatchBuilding>());
        return services;
    }
}
