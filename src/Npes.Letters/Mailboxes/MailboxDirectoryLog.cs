using System.Data;
using Dapper;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npgsql;

namespace Npes.Letters.Mailboxes;

/// <summary>
/// The directory snapshot and change log in PostgreSQL (migration 0008): the snapshot is read in one repeatable-read
/// transaction together with its version; changes are read by version; LISTEN npes_mailbox_directory wakes the watcher.
/// </summary>
internal sealed class MailboxDirectoryLog(NpgsqlDataSource dataSource) : IMailboxDirectoryLog
{
    public const string Channel = "npes_mailbox_directory";

    public async Task<long> ReadSnapshotAsync(Action<DirectoryAddress> each, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(each);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select version from mailbox_directory_version where id = 1", transaction: transaction, cancellationToken: cancellationToken));
        await using (var command = new NpgsqlCommand(
            """
            select a.id, m.id, p.kind, p.display_name, a.raw_text, p.unp
            from mailbox_addresses a join mailboxes m on m.id = a.mailbox_id join parties p on p.id = m.party_id
            where a.confirmed
            """,
            connection,
            transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                each(new DirectoryAddress(
                    reader.GetGuid(0), reader.GetGuid(1), Kind(reader.GetString(2)), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<IReadOnlyList<DirectoryChange>> ChangesAsync(long afterVersion, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Version, string Change, Guid AddressId, Guid MailboxId, string? Kind, string? Name, string? Address, string? Unp)>(new CommandDefinition(
            """
            select version, change, address_id, mailbox_id, kind, name, address, unp
            from mailbox_directory_changes where version > @afterVersion order by version limit @limit
            """,
            new { afterVersion, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.Change == "added"
                ? new DirectoryChange(r.Version, DirectoryChangeKind.Added, r.AddressId, new DirectoryAddress(r.AddressId, r.MailboxId, Kind(r.Kind!), r.Name!, r.Address!, r.Unp))
                : new DirectoryChange(r.Version, DirectoryChangeKind.Removed, r.AddressId, null))
            .ToList();
    }

    public async Task WatchAsync(Func<CancellationToken, Task> check, TimeSpan poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand("listen " + Channel, connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await check(cancellationToken);

                // Wakes on a notification (sent on commit) or after the poll interval, whichever comes first.
                await connection.WaitAsync(poll, cancellationToken);
            }
        }
        finally
        {
            // Pooled connections are not reset on return: leave none listening (a broken one is not pooled again).
            if (connection.State == ConnectionState.Open)
            {
                try
                {
                    await using var unlisten = new NpgsqlCommand("unlisten *", connection);
                    await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // The connection broke while stopping; it is discarded, not pooled.
                }
            }
        }
    }

    private static PartyKind Kind(string kind) => kind == "person" ? PartyKind.Person : PartyKind.Organisation;
}
