using System.Data.Common;
using Dapper;
using Npes.Core.Errors;
using Npes.Core.Letters;
using Npes.Letters.Evidence;
using Npes.Letters.Store;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Letters.Lifecycle;

/// <summary>
/// The only code that writes a letter's status. Each action follows <see cref="LetterTransitions"/>: the status moves
/// only from a status the table allows, and the transition's evidence events, notice and paper-queue row are written
/// in the same transaction — all of them, or (when the letter is not where the action needs it) none.
/// </summary>
internal sealed class LetterLifecycle(NpgsqlDataSource dataSource, EvidenceLog evidence) : ILetterLifecycle
{
    /// <summary>
    /// Applies <paramref name="action"/> to one letter in a transaction of its own. False, writing nothing, when the
    /// letter is not (or no longer) in a status the action allows — a concurrent decision won.
    /// </summary>
    public async Task<bool> TryApplyAsync(LetterAction action, LetterActionItem letter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await MoveAsync(connection, transaction, LetterTransitions.Of(action), [letter], now, cancellationToken) != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task ApplyAsync(DbTransaction transaction, LetterAction action, IReadOnlyList<LetterActionItem> letters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (transaction is not NpgsqlTransaction { Connection: { } connection } npgsql)
        {
            throw new ArgumentException("The transaction must be an open PostgreSQL transaction of NPES' database.", nameof(transaction));
        }

        if (letters.Count == 0)
        {
            return;
        }

        var moved = await MoveAsync(connection, npgsql, LetterTransitions.Of(action), letters, now, cancellationToken);
        if (moved != letters.Count)
        {
            // Nothing of this action is written: the caller's transaction is rolled back when the refusal propagates.
            throw new NpesException(NpesErrors.TransitionRefused, $"{letters.Count - moved} of {letters.Count} letters are not in a status that allows '{action}'.");
        }
    }

    /// <summary>The rows a new letter starts with: the letter in the status of its route, its documents, receipt and paper-queue row.</summary>
    public static void AddSubmissionRows(NpgsqlBatch rows, NewLetter letter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(letter);
        var l = letter.Letter;
        var transition = LetterTransitions.Of(l.Route == LetterRoute.Mailbox ? LetterAction.SubmitToMailbox : LetterAction.SubmitToPaper);
        if (l.Status != transition.To || !letter.Events.Select(e => e.Type).SequenceEqual(transition.Events))
        {
            throw new ArgumentException($"A letter routed to {l.Route} starts {transition.To} with the events {string.Join(", ", transition.Events)}.", nameof(letter));
        }

        rows.BatchCommands.Add(BatchRows.Command(
            """
            insert into letters (id, s10, sender_party_id, kind, subject, recipient_name, recipient_address, recipient_unp,
                recipient_mailbox_id, routing_outcome, routing_reason, status, manifest, manifest_sha256, sender_signature,
                key_id, wrapped_key, print_if_not_claimed_days, accept_window_days, accept_deadline, submitted_at,
                idempotency_key, request_sha256)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
            """,
            l.Id,
            l.S10,
            l.SenderPartyId,
            l.Kind,
            l.Subject,
            l.Recipient.Name,
            l.Recipient.Address,
            l.Recipient.Unp,
            l.MailboxId,
            l.RoutingOutcome,
            l.RoutingReason,
            transition.To.ToWire(),
            l.Manifest,
            l.ManifestSha256,
            l.SenderSignature,
            l.KeyId,
            l.WrappedKey,
            l.PrintIfNotClaimedDays,
            l.AcceptWindowDays,
            l.AcceptDeadline is { } deadline ? Time.ToDb(deadline) : null,
            Time.ToDb(l.SubmittedAt),
            l.IdempotencyKey,
            l.RequestSha256));
        foreach (var document in letter.Documents)
        {
            rows.BatchCommands.Add(BatchRows.Command(
                """
                insert into letter_documents (letter_id, position, name, media_type, size, sha256, sealed, rendition_media_type, rendition_size, rendition_sha256, rendition_sealed)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """,
                l.Id, document.Position, document.Name, document.MediaType, document.Size, document.Sha256, document.Sealed,
                document.Rendition?.MediaType, document.Rendition?.Size, document.Rendition?.Sha256, document.Rendition?.Sealed));
        }

        rows.BatchCommands.Add(Receipt(l.Id, transition.Receipt!, letter.AcceptanceReceipt, now));
        if (transition.QueuesPaper)
        {
            rows.BatchCommands.Add(PaperQueue(l.Id, l.S10, l.RoutingReason, now));
        }
    }

    /// <summary>Moves the letters that are where the transition starts; returns how many moved (the rest are untouched).</summary>
    private async Task<int> MoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Transition transition, IReadOnlyList<LetterActionItem> letters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (transition.CreatesLetter)
        {
            throw new ArgumentException($"'{transition.Action}' creates a letter; submissions are written by the submission writer.", nameof(transition));
        }

        foreach (var letter in letters)
        {
            Check(transition, letter);
        }

        var ids = letters.Select(l => l.LetterId).ToArray();
        var moved = (await connection.QueryAsync<(Guid Id, string S10)>(new CommandDefinition(
            """
            update letters set status = @to
            where id = any(@ids) and status = any(@from) and (@kind::text is null or kind = @kind)
            returning id, s10
            """,
            new { to = transition.To.ToWire(), ids, from = transition.From.Select(s => s.ToWire()).ToArray(), kind = transition.Kind },
            transaction,
            cancellationToken: cancellationToken))).ToDictionary(m => m.Id, m => m.S10);
        if (moved.Count != ids.Distinct().Count())
        {
            return moved.Count;
        }

        var rows = new List<NpgsqlBatchCommand>();
        foreach (var letter in letters)
        {
            if (transition.Receipt is { } receiptKind)
            {
                rows.Add(Receipt(letter.LetterId, receiptKind, letter.Receipt!, now));
            }

            if (transition.QueuesPaper)
            {
                rows.Add(PaperQueue(letter.LetterId, moved[letter.LetterId], letter.PaperReason!, now));
            }
        }

        if (rows.Count > 0)
        {
            await BatchRows.ExecuteAsync(connection, transaction, cancellationToken, [.. rows]);
        }

        await evidence.AppendAsync(
            connection,
            transaction,
            letters.Select(l => new LetterEvents(l.LetterId, transition.Events.Select((type, i) => new EventDraft(type, l.EventDetails[i])).ToList(), now)).ToList(),
            cancellationToken);
        return moved.Count;
    }

    /// <summary>A caller that does not give what the transition writes has a bug; this is not a refusal of the letter.</summary>
    private static void Check(Transition transition, LetterActionItem letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (letter.EventDetails.Count != transition.Events.Count)
        {
            throw new ArgumentException($"'{transition.Action}' writes {transition.Events.Count} events ({string.Join(", ", transition.Events)}); details for {letter.EventDetails.Count} were given.", nameof(letter));
        }

        if ((transition.Receipt is null) != (letter.Receipt is null))
        {
            throw new ArgumentException(transition.Receipt is null ? $"'{transition.Action}' brings no notice." : $"'{transition.Action}' brings the {transition.Receipt} notice; it is missing.", nameof(letter));
        }

        if (transition.QueuesPaper != letter.PaperReason is not null)
        {
            throw new ArgumentException(transition.QueuesPaper ? $"'{transition.Action}' sends the letter on paper; the reason is missing." : $"'{transition.Action}' does not send the letter on paper.", nameof(letter));
        }
    }

    private static NpgsqlBatchCommand Receipt(Guid letterId, string kind, byte[] cms, DateTimeOffset now) =>
        BatchRows.Command("insert into letter_receipts (letter_id, kind, cms, created_at) values ($1, $2, $3, $4)", letterId, kind, cms, Time.ToDb(now));

    /// <summary>The paper leg's outbox row; a letter is queued once.</summary>
    private static NpgsqlBatchCommand PaperQueue(Guid letterId, string s10, string reason, DateTimeOffset now) =>
        BatchRows.Command("insert into paper_queue (letter_id, s10, reason, enqueued_at) values ($1, $2, $3, $4) on conflict (letter_id) do nothing", letterId, s10, reason, Time.ToDb(now));
}
