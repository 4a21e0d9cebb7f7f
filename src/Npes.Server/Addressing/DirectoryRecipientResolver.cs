using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Names;
using Npes.Core.Addressing;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;

namespace Npes.Server.Addressing;

/// <summary>
/// Letters' routing: the structured resolver over the directory of <em>confirmed</em> mailbox addresses, kept in
/// memory and rebuilt from PostgreSQL whenever the directory version moves (on any server). An unconfirmed address
/// is not in the directory, so letters to it go on paper.
/// </summary>
internal sealed partial class DirectoryRecipientResolver(IMailboxStore mailboxes, ILogger<DirectoryRecipientResolver> logger) : IRecipientResolver, IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private (long Version, RecipientResolver Resolver)? _current;

    public async Task<Resolution> ResolveAsync(RecipientQuery query, CancellationToken cancellationToken)
    {
        var version = await mailboxes.DirectoryVersionAsync(cancellationToken);
        var current = _current;
        if (current is null || current.Value.Version != version)
        {
            current = await RebuildAsync(version, cancellationToken);
        }

        return current.Value.Resolver.Resolve(query);
    }

    public void Dispose() => _rebuild.Dispose();

    private async Task<(long, RecipientResolver)> RebuildAsync(long version, CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && fresh.Version >= version)
            {
                return fresh;
            }

            // Read the version again after the rows: a change in between only makes the next call rebuild once more.
            var rows = await mailboxes.ConfirmedAddressesAsync(cancellationToken);
            var directory = MailboxDirectory.Build(rows.Select(r => new MailboxEntry(
                r.MailboxId, r.Kind == PartyKind.Person ? MailboxKind.Person : MailboxKind.Organisation, r.Name, r.Address, r.Unp)));
            foreach (var rejected in directory.Rejected)
            {
                LogRejected(logger, rejected.Entry.MailboxId, rejected.Reason);
            }

            var built = (version, new RecipientResolver(directory));
            _current = built;
            return built;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: an address is not in the recipient directory: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid mailboxId, string reason);
}
