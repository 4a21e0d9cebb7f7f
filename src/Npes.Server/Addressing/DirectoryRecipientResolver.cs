using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Names;
using Npes.Core.Addressing;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;

namespace Npes.Server.Addressing;

/// <summary>
/// Letters' routing: the structured resolver over the directory of <em>confirmed</em> mailbox addresses, kept in
/// memory and current by the directory's change log. An unconfirmed address is not in the directory, so letters to
/// it go on paper.
/// </summary>
/// <remarks>
/// <para>The directory is loaded once from a snapshot (with the version it is the state of); after that, every
/// change (an address confirmed, changed or removed, an owner renamed) is one numbered row of the change log, applied
/// here in order, entry by entry, without a rebuild. <see cref="MailboxDirectoryWatcher"/> applies new rows as soon as
/// the database notifies them (and polls as a fallback), so every server holds a change within a second.</para>
/// <para>A resolution never answers from an older directory than the version it reads first: if the watcher has not
/// applied the latest rows yet, the resolution applies them itself. So an address that leaves the directory reaches no
/// mailbox from the moment its change commits. Only while the directory is being loaded anew (the log does not continue
/// from what this server holds, which the log's design never causes) does a resolution that cannot wait answer "no
/// mailbox", which sends the letter on paper.</para>
/// </remarks>
internal sealed partial class DirectoryRecipientResolver(IMailboxStore mailboxes, IMailboxDirectoryLog log, ILogger<DirectoryRecipientResolver> logger)
    : IRecipientResolver, IDisposable
{
    /// <summary>How long a resolution waits for the directory while another caller holds it (a batch of changes, a reload).</summary>
    public static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(2);

    private const int ChangesPerRead = 1000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Live? _live;
    private long _applied = -1;

    /// <summary>The directory version this server's directory is at (-1 before it is loaded).</summary>
    public long AppliedVersion => Interlocked.Read(ref _applied);

    public async Task<Resolution> ResolveAsync(RecipientQuery query, CancellationToken cancellationToken)
    {
        var version = await mailboxes.DirectoryVersionAsync(cancellationToken);
        var live = Volatile.Read(ref _live);
        if (live is null || AppliedVersion < version)
        {
            // The first load is waited for; later, a resolution waits a bounded time and otherwise goes to paper.
            if (!await CatchUpAsync(version, live is null ? null : FreshnessWait, cancellationToken))
            {
                return Resolution.None(ResolutionOutcome.NoMailbox, "The recipient directory is being loaded anew; the letter goes on paper.");
            }

            live = Volatile.Read(ref _live)!;
        }

        return live.Resolver.Resolve(query);
    }

    /// <summary>Applies what the change log holds beyond this server's directory (loading it first if need be).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var version = await mailboxes.DirectoryVersionAsync(cancellationToken);
        if (Volatile.Read(ref _live) is null || AppliedVersion < version)
        {
            await CatchUpAsync(version, wait: null, cancellationToken);
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _live?.Directory.Dispose();
    }

    // Brings the directory to at least the target version; false when the gate is not free within the wait.
    private async Task<bool> CatchUpAsync(long target, TimeSpan? wait, CancellationToken cancellationToken)
    {
        if (wait is { } limit)
        {
            if (!await _gate.WaitAsync(limit, cancellationToken))
            {
                return false;
            }
        }
        else
        {
            await _gate.WaitAsync(cancellationToken);
        }

        try
        {
            while (_live is null || AppliedVersion < target)
            {
                if (_live is null)
                {
                    await LoadAsync(cancellationToken);
                    continue;
                }

                var changes = await log.ChangesAsync(AppliedVersion, ChangesPerRead, cancellationToken);
                if (changes.Count == 0 || changes[0].Version != AppliedVersion + 1)
                {
                    // The log does not continue from this directory's version: start again from a snapshot.
                    LogReload(logger, AppliedVersion, changes.Count == 0 ? target : changes[0].Version);
                    await LoadAsync(cancellationToken);
                    continue;
                }

                foreach (var change in changes)
                {
                    Apply(_live.Directory, change);
                    Interlocked.Exchange(ref _applied, change.Version);
                }
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var directory = MailboxDirectory.Build(Array.Empty<DirectoryEntry>());
        try
        {
            var version = await log.ReadSnapshotAsync(address => Add(directory, address), cancellationToken);
            var previous = Interlocked.Exchange(ref _live, new Live(directory, new RecipientResolver(directory)));
            Interlocked.Exchange(ref _applied, version);
            LogLoaded(logger, directory.Count, version);
            if (previous is not null)
            {
                // Resolutions that took the previous directory a moment ago may still be reading it.
                _ = Task.Delay(TimeSpan.FromMinutes(1), CancellationToken.None).ContinueWith(_ => previous.Directory.Dispose(), TaskScheduler.Default);
            }
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private void Apply(MailboxDirectory directory, DirectoryChange change)
    {
        switch (change.Kind)
        {
            case DirectoryChangeKind.Added:
                Add(directory, change.Entry!);
                break;
            case DirectoryChangeKind.Removed:
                directory.Remove(change.AddressId);
                break;
        }
    }

    private void Add(MailboxDirectory directory, DirectoryAddress address)
    {
        var entry = new MailboxEntry(address.MailboxId, address.Kind == PartyKind.Person ? MailboxKind.Person : MailboxKind.Organisation, address.Name, address.Address, address.Unp);
        if (directory.Add(address.AddressId, entry) is { } rejected)
        {
            LogRejected(logger, address.MailboxId, rejected.Reason);
        }
    }

    private sealed record Live(MailboxDirectory Directory, RecipientResolver Resolver);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: an address is not in the recipient directory: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid mailboxId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recipient directory loaded: {Count} addresses at version {Version}")]
    private static partial void LogLoaded(ILogger logger, int count, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory change log does not continue from version {Applied} (next {Next}); loading the directory anew")]
    private static partial void LogReload(ILogger logger, long applied, long next);
}
