using Dapper;
using Npes.Core.Mailboxes;
using Npgsql;

namespace Npes.Storage.Stores;

internal sealed class MailboxStore(NpgsqlDataSource dataSource, PartyStore parties) : IMailboxStore
{
    public async Task<Mailbox?> CreateAsync(Guid ownerPartyId, IReadOnlyList<PostalAddressText> addresses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var mailboxId = Guid.CreateVersion7(now);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "insert into mailboxes (id, party_id, created_at) values (@mailboxId, @ownerPartyId, @now) on conflict (party_id) do nothing",
            new { mailboxId, ownerPartyId, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return null;
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into mailbox_addresses (id, mailbox_id, position, raw_text, normalized, confirmed, created_at)
                values (@id, @mailboxId, @position, @text, @normalized, false, @now)
                """,
                new { id = Guid.CreateVersion7(now), mailboxId, position = i, text = addresses[i].Text, normalized = addresses[i].Normalized, now = Time.ToDb(now) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return await FindByOwnerAsync(ownerPartyId, cancellationToken);
    }

    public async Task<Mailbox?> FindByOwnerAsync(Guid ownerPartyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = (await connection.QueryAsync<(Guid Id, DateTime CreatedAt)>(new CommandDefinition(
            "select id, created_at from mailboxes where party_id = @ownerPartyId", new { ownerPartyId }, cancellationToken: cancellationToken))).SingleOrDefault();
        if (found.Id == Guid.Empty)
        {
            return null;
        }

        var owner = await parties.FindAsync(ownerPartyId, cancellationToken)
            ?? throw new InvalidOperationException($"Mailbox {found.Id} has no owner party.");
        var addresses = await connection.QueryAsync<(Guid Id, string RawText, string Normalized, bool Confirmed, DateTime CreatedAt)>(new CommandDefinition(
            "select id, raw_text, normalized, confirmed, created_at from mailbox_addresses where mailbox_id = @id order by position",
            new { id = found.Id },
            cancellationToken: cancellationToken));
        return new Mailbox(
            found.Id,
            owner,
            addresses.Select(a => new MailboxAddress(a.Id, a.RawText, a.Normalized, a.Confirmed, Time.FromDb(a.CreatedAt))).ToList(),
            Time.FromDb(found.CreatedAt));
    }
}
