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
/// <remarks>
/// A rebuild at national scale takes tens of seconds. A caller waits for it at most <see cref="FreshnessWait"/>,
/// then is answered from the previous directory. That is safe because addresses only ever join the directory: a
/// stale directory can only send a letter on paper, never into a wrong mailbox.
/// </remarks>
internal sealed partial class DirectoryRecipientResolver(IMailboxStore mailboxes, ILogger<DirectoryRecipientResolver> logger) : IRecipientResolver
{
    public static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private Built? _current;
    private Task<Built>? _rebuilding;

    public async Task<Resolution> ResolveAsync(RecipientQuery query, CancellationToken cancellationToken)
    {
        var version = await mailboxes.DirectoryVersionAsync(cancellationToken);
        var current = Volatile.Read(ref _current);
        if (current is null || current.Version < version)
        {
            var rebuild = StartRebuild(version);
            current = current is null
                ? await rebuild.WaitAsync(cancellationToken)
                : await Task.WhenAny(rebuild, Task.Delay(FreshnessWait, cancellationToken)) == rebuild ? await rebuild : current;
        }

        return current.Resolver.Resolve(query);
    }

    private Task<Built> StartRebuild(long version)
    {
        lock (_gate)
        {
            if (_rebuilding is { IsCompleted: false } running)
            {
                return running;
            }

            _rebuilding = Task.Run(() => RebuildAsync(version));
            return _rebuilding;
        }
    }

    private async Task<Built> RebuildAsync(long version)
    {
        try
        {
            var rows = await mailboxes.ConfirmedAddressesAsync(CancellationToken.None);
            var directory = MailboxDirectory.Build(rows.Select(r => new MailboxEntry(
                r.MailboxId, r.Kind == PartyKind.Person ? MailboxKind.Person : MailboxKind.Organisation, r.Name, r.Address, r.Unp)));
            foreach (var rejected in directory.Rejected)
            {
                LogRejected(logger, rejected.Entry.MailboxId, rejected.Reason);
            }

            // The rows were read after the version, so they are at least that new.
            var built = new Built(version, new RecipientResolver(directory));
            lock (_gate)
            {
                if (_current is null || _current.Version < version)
                {
                    Volatile.Write(ref _current, built);
                }

                return _current!;
            }
        }
        catch (Exception e)
        {
            LogRebuildFailed(logger, e);
            throw;
        }
    }

    private sealed record Built(long Version, RecipientResolver Resolver);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: an address is not in the recipient directory: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid mailboxId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the recipient directory failed; the previous directory stays in use")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception);
}
