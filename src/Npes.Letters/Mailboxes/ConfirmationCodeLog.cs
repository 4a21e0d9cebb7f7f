using Dapper;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Letters.Mailboxes;

/// <summary>A reserved slot for one code, or the refusal: which limit, how many were sent, and when a slot frees up.</summary>
internal sealed record CodeReservation(Guid? Id, int AddressResends, int MailboxResends, string? Refusal, DateTimeOffset? RetryAt);

/// <summary>
/// Every confirmation code sent on paper (<c>address_confirmation_codes</c>). A resend is counted before the letter
/// is made, under a lock on the mailbox's row, so concurrent requests cannot slip past the limits.
/// </summary>
internal sealed class ConfirmationCodeLog(NpgsqlDataSource dataSource)
{
    public async Task<CodeReservation> ReserveAsync(
        Guid mailboxId, Guid addressId, bool resend, DateTimeOffset now, ConfirmationCodeOptions limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select 1 from mailboxes where id = @mailboxId for update", new { mailboxId }, transaction, cancellationToken: cancellationToken));
        var since = Time.ToDb(now - limits.ResendPeriod);
        var address = await WindowAsync(connection, transaction, "address_id", addressId, since, limits.MaxResendsPerAddress, cancellationToken);
        var mailbox = await WindowAsync(connection, transaction, "mailbox_id", mailboxId, since, limits.MaxResendsPerMailbox, cancellationToken);
        if (resend && (address.Count >= limits.MaxResendsPerAddress || mailbox.Count >= limits.MaxResendsPerMailbox))
        {
            var (scope, window, max) = address.Count >= limits.MaxResendsPerAddress
                ? ("this address", address, limits.MaxResendsPerAddress)
                : ("this mailbox", mailbox, limits.MaxResendsPerMailbox);
            var retryAt = window.Oldest is { } oldest ? Time.FromDb(oldest) + limits.ResendPeriod : now + limits.ResendPeriod;
            return new CodeReservation(null, address.Count, mailbox.Count, $"{window.Count} of {max} new codes for {scope} were sent in the period", retryAt);
        }

        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into address_confirmation_codes (id, address_id, mailbox_id, resend, sent_at) values (@id, @addressId, @mailboxId, @resend, @now)",
            new { id, addressId, mailboxId, resend, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new CodeReservation(id, address.Count + (resend ? 1 : 0), mailbox.Count + (resend ? 1 : 0), null, null);
    }

    public async Task AttachLetterAsync(Guid reservationId, Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update address_confirmation_codes set letter_id = @letterId where id = @reservationId", new { reservationId, letterId }, cancellationToken: cancellationToken));
    }

    /// <summary>Frees a slot whose letter was never made (the submission failed).</summary>
    public async Task ReleaseAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from address_confirmation_codes where id = @reservationId and letter_id is null", new { reservationId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Resends in the window and, when the limit is reached, the oldest of the last <paramref name="max"/> of them
    /// (the one whose expiry frees a slot).
    /// </summary>
    private static async Task<(int Count, DateTime? Oldest)> WindowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string column, Guid id, DateTime since, int max, CancellationToken cancellationToken)
    {
        var times = (await connection.QueryAsync<DateTime>(new CommandDefinition(
            $"select sent_at from address_confirmation_codes where {column} = @id and resend and sent_at > @since order by sent_at desc",
            new { id, since },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        return (times.Count, times.Count >= max && max > 0 ? times[max - 1] : times.Count > 0 ? times[^1] : null);
    }
}
