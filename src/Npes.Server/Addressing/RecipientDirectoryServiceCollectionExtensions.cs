using Npes.Core.Addressing;

namespace Npes.Server.Addressing;

internal static class RecipientDirectoryServiceCollectionExtensions
{
    /// <summary>Letters' routing: the in-memory recipient directory, kept current by the directory's change log.</summary>
    public static IServiceCollection AddRecipientDirectory(this IServiceCollection services)
    {
        services.AddSingleton<DirectoryRecipientResolver>();
        services.AddSingleton<IRecipientResolver>(sp => sp.GetRequiredService<DirectoryRecipientResolver>());
        services.AddHostedService<MailboxDirectoryWatcher>();
        return services;
    }
}
