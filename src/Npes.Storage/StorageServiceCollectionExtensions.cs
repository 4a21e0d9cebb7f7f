using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Options;
using Npes.Storage.Documents;
using Npes.Storage.Migrations;
using Npgsql;

namespace Npes.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The platform every feature stores through: the database locator (configured or private cluster), the data
    /// source, migrations, and sealed documents (encryption at rest). Features register their own stores.
    /// </summary>
    public static IServiceCollection AddNpesStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        services.AddSingleton<NpesDatabase>();
        services.AddSingleton<DatabaseAvailability>();
        services.AddHostedService<Postgres.PostgresSupervisor>();
        services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<NpesDatabase>().ConnectionString));
        services.AddSingleton<Migrator>();
        services.AddSingleton<DocumentCipher>();
        services.AddSingleton(sp => new SealedDocuments(sp.GetRequiredService<DocumentCipher>()));
        return services;
    }

    /// <summary>
    /// The connection pool. Unless the connection string says otherwise, statements a connection runs repeatedly are
    /// prepared once (PostgreSQL skips parsing and planning them again), and a connection going back to the pool is not
    /// reset with DISCARD ALL, which would drop those prepared statements: NPES keeps no session state on a connection
    /// (no SET, no temporary tables, advisory locks only per transaction).
    /// </summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!settings.ContainsKey("Max Auto Prepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        if (!settings.ContainsKey("No Reset On Close"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }
}
