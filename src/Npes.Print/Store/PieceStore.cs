using Dapper;
using Npes.Storage.Documents;
using Npes.Storage.Sql;
using Npgsql;
using static Npes.Print.Store.PrintRows;

namespace Npes.Print.Store;

/// <summary>
/// Print pieces: from the paper queue to pending, rendered into the open batch of their day and envelope, or failed
/// until they need attention. Every method checks the state it moves from, so a stage that runs twice changes nothing.
/// </summary>
internal sealed class PieceStore(NpgsqlDataSource dataSource, SealedDocuments sealing)
{
    /// <summary>Turns new paper-queue rows (the letters feature's outbox) into pending pieces; returns how many.</summary>
    public async Task<int> IngestAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Concurrent nodes: the update locks the rows it takes; a second node re-reads them as taken and skips them.
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            with taken as (
                update paper_queue set state = 'taken' where state = 'pending' returning letter_id, s10, reason
            )
            insert into print_pieces (letter_id, s10, state, reason, next_attempt_at, created_at)
            select letter_id, s10, 'pending', reason, @now, @now from taken
            on conflict (letter_id) do nothing
            """,
            new { now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Pending pieces whose next attempt is due and whose render job, if one was enqueued, is older than
    /// <paramref name="enqueuedBefore"/> (lost with a node, or never enqueued); marks them enqueued now.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ClaimDueForRenderAsync(DateTimeOffset now, DateTimeOffset enqueuedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            update print_pieces set render_enqueued_at = @now
            where letter_id in (
                select letter_id from print_pieces
                where state = 'pending' and next_attempt_at <= @now and (render_enqueued_at is null or render_enqueued_at < @enqueuedBefore)
                order by next_attempt_at limit @limit
                for update skip locked)
            returning letter_id
            """,
            new { now = Time.ToDb(now), enqueuedBefore = Time.ToDb(enqueuedBefore), limit },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    /// <summary>Records that render jobs for these pieces were enqueued now.</summary>
    public async Task MarkRenderEnqueuedAsync(IReadOnlyList<Guid> letterIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_pieces set render_enqueued_at = @now where letter_id = any(@letterIds)",
            new { now = Time.ToDb(now), letterIds = letterIds.ToArray() },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> IsPendingAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from print_pieces where letter_id = @letterId and state = 'pending')", new { letterId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Stores the rendered file (sealed under a key of the piece's own) and puts the piece into the open batch of its
    /// day and envelope, in one transaction. False when the piece was no longer pending. Returns the batch closed
    /// because it became full, if any.
    /// </summary>
    public async Task<(bool Saved, Guid? ClosedBatch)> SaveRenderedAsync(
        Guid letterId, RenderedPieceData piece, BatchRules rules, string node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(piece);
        ArgumentNullException.ThrowIfNull(rules);
        var sealedPdf = sealing.Seal(letterId, [piece.Pdf]);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from print_pieces where letter_id = @letterId and state = 'pending' for update)",
            new { letterId },
            transaction,
            cancellationToken: cancellationToken));
        if (!pending)
        {
            return (false, null);
        }

        var batch = await BatchStore.OpenBatchForPieceAsync(connection, transaction, rules.Day, piece.Envelope, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_pieces set state = 'batched', postcode = @Postcode, pages = @Pages, sheets = @Sheets, envelope = @Envelope,
                pdf_sealed = @pdf, key_id = @keyId, wrapped_key = @wrappedKey, pdf_sha256 = @Sha256, rendered_at = @at, rendered_by = @node,
                batch_id = @batchId, last_error = null
            where letter_id = @letterId
            """,
            new
            {
                piece.Postcode, piece.Pages, piece.Sheets, piece.Envelope, pdf = sealedPdf.Parts[0], keyId = sealedPdf.Key.KeyId,
                wrappedKey = sealedPdf.Key.Wrapped, piece.Sha256, at = Time.ToDb(now), node, batchId = batch.Id, letterId,
            },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set piece_count = piece_count + 1, sheet_count = sheet_count + @Sheets where id = @Id",
            new { piece.Sheets, batch.Id },
            transaction,
            cancellationToken: cancellationToken));
        Guid? closed = null;
        if (batch.PieceCount + 1 >= rules.MaxPieces)
        {
            await BatchStore.CloseAsync(connection, transaction, batch.Id, now, cancellationToken);
            closed = batch.Id;
        }

        await transaction.CommitAsync(cancellationToken);
        return (true, closed);
    }

    /// <summary>Records a failed attempt; after <paramref name="maxAttempts"/> the piece needs attention.</summary>
    public async Task RecordRenderFailureAsync(Guid letterId, string error, int maxAttempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_pieces set attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt, render_enqueued_at = null,
                state = case when attempts + 1 >= @maxAttempts then 'needs_attention' else 'pending' end
            where letter_id = @letterId and state = 'pending'
            """,
            new { letterId, error, maxAttempts, nextAttemptAt = Time.ToDb(nextAttemptAt) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Puts a needs-attention piece back to pending with fresh attempts. False when it was not in needs-attention.</summary>
    public async Task<bool> RetryAsync(Guid letterId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update print_pieces set state = 'pending', attempts = 0, next_attempt_at = @at, render_enqueued_at = null where letter_id = @letterId and state = 'needs_attention'",
            new { letterId, at = Time.ToDb(now) },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    public async Task<IReadOnlyList<PrintPiece>> PiecesAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PieceRow>(new CommandDefinition(
            $"select {PieceColumns} from print_pieces where batch_id = @batchId order by batch_position nulls last, s10",
            new { batchId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToPiece()).ToList();
    }

    public async Task<PrintPiece?> PieceAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PieceRow>(new CommandDefinition(
            $"select {PieceColumns} from print_pieces where letter_id = @letterId", new { letterId }, cancellationToken: cancellationToken));
        return row?.ToPiece();
    }

    public async Task<PrintPiece?> PieceByS10Async(string s10, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PieceRow>(new CommandDefinition(
            $"select {PieceColumns} from print_pieces where s10 = @s10", new { s10 }, cancellationToken: cancellationToken));
        return row?.ToPiece();
    }

    public async Task<IReadOnlyList<PrintPiece>> NeedsAttentionAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PieceRow>(new CommandDefinition(
            $"select {PieceColumns} from print_pieces where state = 'needs_attention' order by created_at offset @offset limit @limit",
            new { offset, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToPiece()).ToList();
    }
}
