using Npes.Core.Parties;

namespace Npes.Core.Mailboxes;

/// <summary>
/// The recipient directory as the servers keep it current: a consistent snapshot of every confirmed address, and the
/// numbered log of changes after it (written in the transaction of each change, numbered by the directory version).
/// </summary>
public interface IMailboxDirectoryLog
{
    /// <summary>
    /// Streams every confirmed address to <paramref name="each"/> and returns the directory version that state is:
    /// applying the changes after that version keeps it current.
    /// </summary>
    Task<long> ReadSnapshotAsync(Action<DirectoryAddress> each, CancellationToken cancellationToken);

    /// <summary>The changes after <paramref name="afterVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DirectoryChange>> ChangesAsync(long afterVersion, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="check"/> at once, then whenever the directory changes (a notification from the database)
    /// and at least every <paramref name="poll"/>, until cancelled. A lost connection ends it with its exception.
    /// </summary>
    Task WatchAsync(Func<CancellationToken, Task> check, TimeSpan poll, CancellationToken cancellationToken);
}

/// <summary>One confirmed address with its mailbox and owner.</summary>
/// <param name="AddressId">The mailbox address (the directory entry's identity).</param>
public sealed record DirectoryAddress(Guid AddressId, Guid MailboxId, PartyKind Kind, string Name, string Address, string? Unp);

public enum DirectoryChangeKind
{
    /// <summary>The address is in the directory as <see cref="DirectoryChange.Entry"/> (replacing its earlier entry, if any).</summary>
    Added,

    /// <summary>The address has left the directory.</summary>
    Removed,
}

/// <summary>One change of the directory, with the version it brought the directory to.</summary>
/// <param name="Entry">The address as it now is (for <see cref="DirectoryChangeKind.Added"/>); null for removals.</param>
public sealed record DirectoryChange(long Version, DirectoryChangeKind Kind, Guid AddressId, DirectoryAddress? Entry);
