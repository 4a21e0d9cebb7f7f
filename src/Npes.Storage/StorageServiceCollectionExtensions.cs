using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Auth;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Core.Print;
using Npes.Storage.Documents;
using Npes.Storage.Migrations;
using Npes.Storage.Stores;
using Npgsql;

namespace Npes.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>PostgreSQL: the database locator (configured or private cluster), the data source, migrations and stores.</summary>
    public static IServiceCollection AddNpesStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton<NpesDatabase>();
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<NpesDatabase>().ConnectionString).Build());
        services.AddSingleton<Migrator>();
        services.AddSingleton<PartyStore>();
        services.AddSingleton<IPartyStore>(sp => sp.GetRequiredService<PartyStore>());
        services.AddSingleton<IMailboxStore, MailboxStore>();
        services.AddSingleton<IChallengeStore, ChallengeStore>();
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddSingleton<EvidenceLog>();
        services.AddSingleton<ILetterStore, LetterStore>();
        services.AddSingleton<IWebhookStore, WebhookStore>();
        services.AddSingleton<IPrintStore, PrintStore>();
        services.AddSingleton<DocumentCipher>();
        return services;
    }
}
