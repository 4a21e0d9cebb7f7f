using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npes.Addressing.Envelopes;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Parsing;
using Npes.Core.Print;

namespace Npes.Addressing;

public static class AddressingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the address parser. The resolver needs a mailbox directory, which the database-backed directory
    /// will provide; until then callers build one with <see cref="MailboxDirectory.Build"/>.
    /// </summary>
    public static IServiceCollection AddAddressing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ => new AddressParser());
        services.TryAddSingleton<IEnvelopeAddressing, EnvelopeAddressing>();
        return services;
    }
}
