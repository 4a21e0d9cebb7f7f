using Dapper;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Notifications.Contacts;

/// <summary>A contact point as stored.</summary>
internal sealed record Contact(
    Guid Id,
    Guid MailboxId,
    string Channel,
    string Address,
    string Language,
    bool Notify,
    DateTimeOffset? VerifiedAt,
    byte[]? CodeSha256,
    DateTimeOffset? CodeExpiresAt,
    int CodeAttempts,
    int CodesSent,
    DateTimeOffset? CodeSentAt,
    DateTimeOffset CreatedAt);

/// <summary>Persistence of the mailboxes' contact points.</summary>
internal sealed class ContactStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id as Id, mailbox_id as MailboxId, channel as Channel, address as Address, language as Language, notify as Notify,
        verified_at as VerifiedAt, code_sha256 as CodeSha256, code_expires_at as CodeExpiresAt, code_attempts as CodeAttempts,
        codes_sent as CodesSent, code_sent_at as CodeSentAt, created_at as CreatedAt
        """;

    public async Task<IReadOnlyList<Contact>> ListAsync(Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from mailbox_contacts where mailbox_id = @mailboxId order by created_at, id", new { mailboxId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToContact()).ToList();
    }

    public async Task<Contact?> FindAsync(Guid mailboxId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from mailbox_contacts where id = @id and mailbox_id = @mailboxId", new { id, mailboxId }, cancellationToken: cancellationToken));
        return row?.ToContact();
    }

    /// <summary>Adds the contact point unless the mailbox has it or already has <paramref name="limit"/> of them.</summary>
    public async Task<AddOutcome> AddAsync(Contact contact, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Serialises additions to one mailbox, so the limit holds under concurrent requests.
        await connection.ExecuteAsync(new CommandDefinition("select 1 from mailboxes where id = @MailboxId for update", new { contact.MailboxId }, transaction, cancellationToken: cancellationToken));
        var existing = await connection.QueryAsync<string>(new CommandDefinition(
            "select channel || ':' || address from mailbox_contacts where mailbox_id = @MailboxId", new { contact.MailboxId }, transaction, cancellationToken: cancellationToken));
        var keys = existing.ToList();
        if (keys.Contains(contact.Channel + ":" + contact.Address, StringComparer.Ordinal))
        {
            return AddOutcome.Exists;
        }

        if (keys.Count >= limit)
        {
            return AddOutcome.Limit;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into mailbox_contacts (id, mailbox_id, channel, address, language, notify, created_at)
            values (@Id, @MailboxId, @Channel, @Address, @Language, @Notify, @CreatedAt)
            """,
            new { contact.Id, contact.MailboxId, contact.Channel, contact.Address, contact.Language, contact.Notify, CreatedAt = Time.ToDb(contact.CreatedAt) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return AddOutcome.Added;
    }

    /// <summary>A new code replaces the old one: attempts start again, the count of codes sent grows.</summary>
    public async Task SetCodeAsync(Guid id, byte[] codeSha256, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update mailbox_contacts set code_sha256 = @codeSha256, code_expires_at = @expiresAt, code_attempts = 0,
                codes_sent = codes_sent + 1, code_sent_at = @now
            where id = @id and verified_at is null
            """,
            new { id, codeSha256, expiresAt = Time.ToDb(expiresAt), now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Checks a code under a row lock: counts the attempt, confirms on a match (the code is then spent).
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(Guid mailboxId, Guid id, Func<byte[], bool> isCode, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isCode);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from mailbox_contacts where id = @id and mailbox_id = @mailboxId for update", new { id, mailboxId }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return ConfirmOutcome.NotFound;
        }

        var contact = row.ToContact();
        if (contact.VerifiedAt is not null)
        {
            return ConfirmOutcome.AlreadyConfirmed;
        }

        if (contact.CodeSha256 is null || contact.CodeExpiresAt is not { } expires || expires <= now)
        {
            return ConfirmOutcome.Expired;
        }

        if (contact.CodeAttempts >= maxAttempts)
        {
            return ConfirmOutcome.TooManyAttempts;
        }

        var matches = isCode(contact.CodeSha256);
        await connection.ExecuteAsync(new CommandDefinition(
            matches
                ? "update mailbox_contacts set verified_at = @now, code_sha256 = null, code_expires_at = null, code_attempts = code_attempts + 1 where id = @id"
                : "update mailbox_contacts set code_attempts = code_attempts + 1 where id = @id",
            new { id, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return matches ? ConfirmOutcome.Confirmed : contact.CodeAttempts + 1 >= maxAttempts ? ConfirmOutcome.TooManyAttempts : ConfirmOutcome.WrongCode;
    }

    public async Task<bool> UpdateAsync(Guid mailboxId, Guid id, string? language, bool? notify, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update mailbox_contacts set language = coalesce(@language, language), notify = coalesce(@notify, notify) where id = @id and mailbox_id = @mailboxId",
            new { id, mailboxId, language, notify },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Removes the contact point; its pending notices are cancelled in the same transaction.</summary>
    public async Task<bool> RemoveAsync(Guid mailboxId, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update notices set state = 'cancelled', finished_at = @now, last_error = 'contact point removed'
            where contact_id = @id and state = 'pending' and exists (select 1 from mailbox_contacts c where c.id = @id and c.mailbox_id = @mailboxId)
            """,
            new { id, mailboxId, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "delete from mailbox_contacts where id = @id and mailbox_id = @mailboxId", new { id, mailboxId }, transaction, cancellationToken: cancellationToken)) == 1;
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid MailboxId { get; init; }

        public string Channel { get; init; } = "";

        public string Address { get; init; } = "";

        public string Language { get; init; } = "";

        public bool Notify { get; init; }

        public DateTime? VerifiedAt { get; init; }

        public byte[]? CodeSha256 { get; init; }

        public DateTime? CodeExpiresAt { get; init; }

        public int CodeAttempts { get; init; }

        public int CodesSent { get; init; }

        public DateTime? CodeSentAt { get; init; }

        public DateTime CreatedAt { get; init; }

        public Contact ToContact() => new(
            Id, MailboxId, Channel, Address, Language, Notify, Time.FromDb(VerifiedAt), CodeSha256, Time.FromDb(CodeExpiresAt),
            CodeAttempts, CodesSent, Time.FromDb(CodeSentAt), Time.FromDb(CreatedAt));
    }
}

internal enum AddOutcome
{
    Added = 0,
    Exists,
    Limit,
}

internal enum ConfirmOutcome
{
    Confirmed = 0,
    AlreadyConfirmed,
    WrongCode,
    TooManyAttempts,
    Expired,
    NotFound,
}
