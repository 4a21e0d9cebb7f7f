using System.Globalization;
using Dapper;
using Npes.Print.Batching;
using Npes.Storage.Documents;
using Npes.Storage.Sql;
using Npgsql;
using static Npes.Print.Store.PrintRows;

namespace Npes.Print.Store;

/// <summary>
/// Print batches: the open batch of a day and envelope takes rendered pieces; it closes (presorted) by age, day's end,
/// size or the operator; its file is built and stored sealed; files are deleted after dispatch and retention.
/// </summary>
internal sealed class BatchStore(NpgsqlDataSource dataSource, SealedDocuments sealing)
{
    /// <summary>Closes open batches opened before <paramref name="openedBefore"/> or of an earlier day than <paramref name="today"/> (all of them when both are null).</summary>
    public async Task<IReadOnlyList<Guid>> CloseBatchesAsync(DateTimeOffset? openedBefore, DateOnly? today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var all = openedBefore is null && today is null;
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            select id from print_batches
            where state = 'open' and (@all or opened_at < @openedBefore::timestamptz or day < @today::date)
            order by opened_at for update skip locked
            """,
            new
            {
                all,
                openedBefore = openedBefore is { } before ? Time.ToDb(before) : (DateTime?)null,
                today = today?.ToDateTime(TimeOnly.MinValue),
            },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        foreach (var id in ids)
        {
            await CloseAsync(connection, transaction, id, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// Closed batches whose file is not built yet, that failed fewer than <paramref name="maxAttempts"/> times, and
    /// whose build job, if one was enqueued, is older than <paramref name="enqueuedBefore"/>; marks them enqueued now.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ClaimDueForBuildAsync(int maxAttempts, DateTimeOffset now, DateTimeOffset enqueuedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            update print_batches set build_enqueued_at = @now
            where id in (
                select id from print_batches
                where state = 'closed' and build_attempts < @maxAttempts and (build_enqueued_at is null or build_enqueued_at < @enqueuedBefore)
                order by closed_at
                for update skip locked)
            returning id
            """,
            new { maxAttempts, now = Time.ToDb(now), enqueuedBefore = Time.ToDb(enqueuedBefore) },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    /// <summary>Records that build jobs for these batches were enqueued now.</summary>
    public async Task MarkBuildEnqueuedAsync(IReadOnlyList<Guid> batchIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set build_enqueued_at = @now where id = any(@batchIds)",
            new { now = Time.ToDb(now), batchIds = batchIds.ToArray() },
            cancellationToken: cancellationToken));
    }

    /// <summary>A closed batch and its pieces in batch order, decrypted; null unless the batch is closed.</summary>
    public async Task<(PrintBatch Batch, IReadOnlyList<BatchPieceFile> Pieces)?> LoadClosedBatchAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var batch = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from print_batches where id = @batchId and state = 'closed'", new { batchId }, cancellationToken: cancellationToken));
        if (batch is null)
        {
            return null;
        }

        var rows = await connection.QueryAsync<(Guid LetterId, int Position, string S10, string? Postcode, int Pages, int Sheets, byte[] Sha256, byte[] Sealed, string KeyId, byte[] WrappedKey, int KeyPosition)>(new CommandDefinition(
            $"""
            select p.letter_id, p.batch_position, p.s10, p.postcode, p.pages, p.sheets, p.pdf_sha256, p.pdf_sealed, {PieceKeyColumns}
            from print_pieces p {LegacyKeyJoin}
            where p.batch_id = @batchId order by p.batch_position
            """,
            new { batchId },
            cancellationToken: cancellationToken));
        var pieces = rows
            .Select(r => new BatchPieceFile(r.Position, r.S10, r.Postcode, r.Pages, r.Sheets, r.Sha256, sealing.Unseal(r.LetterId, new WrappedKey(r.KeyId, r.WrappedKey), r.KeyPosition, r.Sealed)))
            .ToList();
        return (batch.ToBatch(), pieces);
    }

    /// <summary>Stores the built file and manifests (sealed under the batch's own key); false when the batch was no longer closed.</summary>
    public async Task<bool> SaveBuiltBatchAsync(Guid batchId, BuiltBatch built, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(built);
        var sealedPdf = sealing.Seal(batchId, [built.Pdf]);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_batches set state = 'ready', ready_at = @at, page_count = @Pages, pdf_sha256 = @Sha256, pdf_sealed = @pdf,
                key_id = @keyId, wrapped_key = @wrapped, manifest_json = @ManifestJson, manifest_csv = @ManifestCsv, last_error = null
            where id = @batchId and state = 'closed'
            """,
            new { at = Time.ToDb(now), built.Pages, built.Sha256, pdf = sealedPdf.Parts[0], keyId = sealedPdf.Key.KeyId, wrapped = sealedPdf.Key.Wrapped, built.ManifestJson, built.ManifestCsv, batchId },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    public async Task RecordBuildFailureAsync(Guid batchId, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set build_attempts = build_attempts + 1, last_error = @error, build_enqueued_at = null where id = @batchId and state = 'closed'",
            new { batchId, error },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<PrintBatch>> BatchesAsync(string? state, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from print_batches where (@state::text is null or state = @state) order by opened_at desc, number desc offset @offset limit @limit",
            new { state, offset, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToBatch()).ToList();
    }

    public async Task<PrintBatch?> BatchAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from print_batches where id = @batchId", new { batchId }, cancellationToken: cancellationToken));
        return row?.ToBatch();
    }

    public async Task<PrintBatch?> BatchByNumberAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from print_batches where number = @number", new { number }, cancellationToken: cancellationToken));
        return row?.ToBatch();
    }

    /// <summary>The batch's files, decrypted; null when not built yet or already deleted.</summary>
    public async Task<BatchFiles?> BatchFilesAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Number, string? KeyId, byte[]? WrappedKey, byte[]? Sealed, byte[]? Json, byte[]? Csv)?>(new CommandDefinition(
            "select number, key_id, wrapped_key, pdf_sealed, manifest_json, manifest_csv from print_batches where id = @batchId",
            new { batchId },
            cancellationToken: cancellationToken));
        if (row is not { KeyId: { } keyId, WrappedKey: { } wrappedKey, Sealed: { } sealedPdf, Json: { } json, Csv: { } csv } r)
        {
            return null;
        }

        return new BatchFiles(r.Number, sealing.Unseal(batchId, new WrappedKey(keyId, wrappedKey), 0, sealedPdf), json, csv);
    }

    /// <summary>Deletes print files of batches dispatched before <paramref name="dispatchedBefore"/>; returns how many batches.</summary>
    public async Task<int> DeleteDispatchedFilesAsync(DateTimeOffset dispatchedBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            update print_batches set pdf_sealed = null, wrapped_key = null, files_deleted_at = @at
            where state = 'dispatched' and files_deleted_at is null and dispatched_at <= @dispatchedBefore
            returning id
            """,
            new { at = Time.ToDb(now), dispatchedBefore = Time.ToDb(dispatchedBefore) },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        if (ids.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update print_pieces set pdf_sealed = null, wrapped_key = null where batch_id = any(@ids)", new { ids }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    public async Task<PrintDayCounts> CountsAsync(DateOnly day, TimeSpan utcOffset, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), utcOffset);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(int Rendered, int Delivered, int Returned, int NeedsAttention, int Pending)>(new CommandDefinition(
            """
            select
                count(*) filter (where rendered_at >= @from and rendered_at < @to),
                count(*) filter (where state = 'delivered' and outcome_at >= @from and outcome_at < @to),
                count(*) filter (where state = 'returned' and outcome_at >= @from and outcome_at < @to),
                count(*) filter (where state = 'needs_attention'),
                count(*) filter (where state = 'pending')
            from print_pieces
            """,
            new { from = Time.ToDb(from), to = Time.ToDb(from.AddDays(1)) },
            cancellationToken: cancellationToken));
        var batches = await connection.QuerySingleAsync<(long Printed, long Dispatched)>(new CommandDefinition(
            """
            select
                coalesce(sum(piece_count) filter (where printed_at >= @from and printed_at < @to), 0),
                coalesce(sum(piece_count) filter (where dispatched_at >= @from and dispatched_at < @to), 0)
            from print_batches
            """,
            new { from = Time.ToDb(from), to = Time.ToDb(from.AddDays(1)) },
            cancellationToken: cancellationToken));
        return new PrintDayCounts(day, counts.Rendered, (int)batches.Printed, (int)batches.Dispatched, counts.Delivered, counts.Returned, counts.NeedsAttention, counts.Pending);
    }

    /// <summary>The open batch of the day and envelope, created when there is none; locked until the caller's transaction ends.</summary>
    internal static async Task<(Guid Id, int PieceCount)> OpenBatchForPieceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly day, string envelope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var date = day.ToDateTime(TimeOnly.MinValue); // Dapper passes DateTime, cast to date in SQL
        if (await OpenBatchForUpdateAsync(connection, transaction, date, envelope, cancellationToken) is { } open)
        {
            return open;
        }

        // The day's and envelope's counter, locked until this transaction ends: whoever holds it is the only one opening
        // a batch for that day and envelope, and the number it takes is used if and only if the batch commits.
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into print_batch_counters (day, envelope, last) values (@date::date, @envelope, 0) on conflict (day, envelope) do nothing",
            new { date, envelope },
            transaction,
            cancellationToken: cancellationToken));
        var last = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select last from print_batch_counters where day = @date::date and envelope = @envelope for update",
            new { date, envelope },
            transaction,
            cancellationToken: cancellationToken));

        // Another transaction may have opened the batch while this one waited for the counter.
        if (await OpenBatchForUpdateAsync(connection, transaction, date, envelope, cancellationToken) is { } opened)
        {
            return opened;
        }

        var serial = last + 1;
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batch_counters set last = @serial where day = @date::date and envelope = @envelope",
            new { serial, date, envelope },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into print_batches (id, number, day, envelope, state, opened_at)
            values (@id, @number, @date::date, @envelope, 'open', @at)
            """,
            new { id = Guid.CreateVersion7(now), number = string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}-{envelope}-{serial:D5}"), date, envelope, at = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        return await OpenBatchForUpdateAsync(connection, transaction, date, envelope, cancellationToken)
            ?? throw new InvalidOperationException("The open batch just created is not visible.");
    }

    /// <summary>open → closed: positions assigned in presort order (<see cref="Presort"/>: postcode, then S10).</summary>
    internal static async Task CloseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pieces = await connection.QueryAsync<(Guid LetterId, string? Postcode, string S10)>(new CommandDefinition(
            "select letter_id, postcode, s10 from print_pieces where batch_id = @batchId", new { batchId }, transaction, cancellationToken: cancellationToken));
        var ordered = Presort.Order(pieces, p => p.Postcode, p => p.S10);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_pieces p set batch_position = o.position
            from unnest(@ids, @positions) as o(letter_id, position)
            where p.letter_id = o.letter_id
            """,
            new { ids = ordered.Select(p => p.LetterId).ToArray(), positions = Enumerable.Range(1, ordered.Count).ToArray() },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set state = 'closed', closed_at = @at where id = @batchId and state = 'open'",
            new { batchId, at = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
    }

    private static async Task<(Guid Id, int PieceCount)?> OpenBatchForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime day, string envelope, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<(Guid Id, int PieceCount)?>(new CommandDefinition(
            "select id, piece_count from print_batches where day = @day::date and envelope = @envelope and state = 'open' for update",
            new { day, envelope },
            transaction,
            cancellationToken: cancellationToken));
}
