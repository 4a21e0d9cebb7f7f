using Dapper;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Letters.Mailboxes;

internal sealed class MailboxStore(NpgsqlDataSource dataSource, IPartyStore parties) : IMailboxStore
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
        var addresses = await connection.QueryAsync<(Guid Id, string RawText, string Normalized, bool Confirmed, DateTime CreatedAt, Guid? LetterId)>(new CommandDefinition(
            "select id, raw_text, normalized, confirmed, created_at, confirmation_letter_id from mailbox_addresses where mailbox_id = @id order by position",
            new { id = found.Id },
            cancellationToken: cancellationToken));
        return new Mailbox(
            found.Id,
            owner,
            addresses.Select(a => new MailboxAddress(a.Id, a.RawText, a.Normalized, a.Confirmed, Time.FromDb(a.CreatedAt), a.LetterId)).ToList(),
            Time.FromDb(found.CreatedAt));
    }

    public async Task AttachConfirmationAsync(Guid addressId, byte[] codeSha256, Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update mailbox_addresses set confirmation_code_sha256 = @codeSha256, confirmation_letter_id = @letterId where id = @addressId",
            new { addressId, codeSha256, letterId },
            cancellationToken: cancellationToken));
    }

    public async Task<AddressConfirmation> ConfirmAsync(
        Guid ownerPartyId, Guid addressId, Func<byte[], bool> isCode, int maxAttempts, TimeSpan attemptWindow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isCode);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(bool Confirmed, byte[]? Code, int Attempts, DateTime? Since)>(new CommandDefinition(
            """
            select a.confirmed, a.confirmation_code_sha256, a.confirmation_attempts, a.confirmation_attempts_since
            from mailbox_addresses a join mailboxes m on m.id = a.mailbox_id
            where a.id = @addressId and m.party_id = @ownerPartyId
            for update of a
            """,
            new { addressId, ownerPartyId },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0 || rows[0].Code is null && !rows[0].Confirmed)
        {
            return AddressConfirmation.NotFound;
        }

        var row = rows[0];
        if (row.Confirmed)
        {
            return AddressConfirmation.AlreadyConfirmed;
        }

        // Wrong codes count in a window from the first of them; only the window's end clears the count.
        var windowOpen = row.Since is { } since && Time.FromDb(since) + attemptWindow > now;
        var attempts = windowOpen ? row.Attempts : 0;
        if (attempts >= maxAttempts)
        {
            return AddressConfirmation.TooManyAttempts;
        }

        if (!isCode(row.Code!))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update mailbox_addresses set confirmation_attempts = @attempts, confirmation_attempts_since = @since where id = @addressId",
                new { addressId, attempts = attempts + 1, since = windowOpen ? row.Since : Time.ToDb(now) },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return attempts + 1 >= maxAttempts ? AddressConfirmation.TooManyAttempts : AddressConfirmation.WrongCode;
        }

        await MarkConfirmedAsync(connection, transaction, addressId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AddressConfirmation.Confirmed;
    }

    public async Task ConfirmWithoutCodeAsync(Guid addressId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await MarkConfirmedAsync(connection, transaction, addressId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<long> DirectoryVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("select version from mailbox_directory_version where id = 1", cancellationToken: cancellationToken));
    }

    // The directory's change log and version follow by trigger (migration 0008), in this transaction.
    private static async Task MarkConfirmedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid addressId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "update mailbox_addresses set confirmed = true, confirmed_at = @now, confirmation_code_sha256 = null where id = @addressId",
            new { addressId, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
}
