using System.Globalization;
using Dapper;
using Npes.Core.Addressing;
using Npes.Core.Letters;
using Npes.Core.Print;
using Npes.Storage.Documents;
using Npgsql;

namespace Npes.Storage.Stores;

/// <summary>
/// The paper leg's tables. Print files are sealed like documents: a piece with its letter's key, a batch file with a
/// key of its own. Every method checks the state it moves from, so a stage that runs twice changes nothing.
/// </summary>
internal sealed class PrintStore(NpgsqlDataSource dataSource, EvidenceLog evidence, DocumentCipher cipher) : IPrintStore
{
    /// <summary>Position under which a piece's print file is sealed with its letter's key (documents use 1..n).</summary>
    private const int PiecePosition = -1;

    private const string PieceColumns = """
        letter_id as LetterId, s10, state, reason, attempts, last_error as LastError, postcode, pages, sheets, envelope,
        pdf_sha256 as Sha256, batch_id as BatchId, batch_position as BatchPosition, outcome, created_at as CreatedAt,
        rendered_at as RenderedAt, rendered_by as RenderedBy, outcome_at as OutcomeAt
        """;

    private const string BatchColumns = """
        id, number, day, envelope, state, piece_count as PieceCount, sheet_count as SheetCount, page_count as PageCount,
        opened_at as OpenedAt, closed_at as ClosedAt, ready_at as ReadyAt, printed_at as PrintedAt,
        dispatched_at as DispatchedAt, pdf_sha256 as PdfSha256, last_error as LastError, files_deleted_at as FilesDeletedAt
        """;

    public async Task<int> IngestAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Concurrent nodes: the update locks the rows it takes; a second node re-reads them as taken and skips them.
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            with taken as (
                update paper_queue set state = 'taken' where state = 'pending' returning letter_id, reason
            )
            insert into print_pieces (letter_id, s10, state, reason, next_attempt_at, created_at)
            select t.letter_id, l.s10, 'pending', t.reason, @now, @now from taken t join letters l on l.id = t.letter_id
            on conflict (letter_id) do nothing
            """,
            new { now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Guid>> DueForRenderAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select letter_id from print_pieces where state = 'pending' and next_attempt_at <= @now order by next_attempt_at limit @limit",
            new { now = Time.ToDb(now), limit },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    public async Task<PaperLetter?> LoadPendingAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Only letters with a pending piece: the print pipeline never reads a mailbox letter.
        var letter = await connection.QuerySingleOrDefaultAsync<(string S10, string Name, string Address, string? Unp, byte[] ManifestSha256, string KeyId, byte[] WrappedKey)?>(new CommandDefinition(
            """
            select l.s10, l.recipient_name, l.recipient_address, l.recipient_unp, l.manifest_sha256, l.key_id, l.wrapped_key
            from print_pieces p join letters l on l.id = p.letter_id
            where p.letter_id = @letterId and p.state = 'pending'
            """,
            new { letterId },
            cancellationToken: cancellationToken));
        if (letter is not { } l)
        {
            return null;
        }

        var rows = await connection.QueryAsync<(int Position, string Name, string MediaType, byte[] Sealed)>(new CommandDefinition(
            "select position, name, media_type, sealed from letter_documents where letter_id = @letterId order by position",
            new { letterId },
            cancellationToken: cancellationToken));
        var documents = WithKey(letterId, l.KeyId, l.WrappedKey, key =>
            rows.Select(r => new PaperDocument(r.Name, r.MediaType, DocumentCipher.DecryptDocument(key, letterId, r.Position, r.Sealed))).ToList());
        return new PaperLetter(letterId, l.S10, new RecipientQuery(l.Name, l.Address, l.Unp), l.ManifestSha256, documents);
    }

    public async Task<(bool Saved, Guid? ClosedBatch)> SaveRenderedAsync(
        Guid letterId, RenderedPieceData piece, BatchRules rules, string node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(piece);
        ArgumentNullException.ThrowIfNull(rules);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var keys = await connection.QuerySingleOrDefaultAsync<(string KeyId, byte[] WrappedKey)?>(new CommandDefinition(
            """
            select l.key_id, l.wrapped_key from print_pieces p join letters l on l.id = p.letter_id
            where p.letter_id = @letterId and p.state = 'pending' for update of p
            """,
            new { letterId },
            transaction,
            cancellationToken: cancellationToken));
        if (keys is not { } k)
        {
            return (false, null);
        }

        // The open batch of the day and envelope, created when there is none; locked until commit.
        var at = Time.ToDb(now);
        var day = rules.Day.ToDateTime(TimeOnly.MinValue); // Dapper passes DateTime, cast to date in SQL
        var batch = await OpenBatchForUpdateAsync(connection, transaction, day, piece.Envelope, cancellationToken);
        if (batch is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into print_batches (id, number, day, envelope, state, opened_at)
                values (@id, @number, @day::date, @envelope, 'open', @at)
                on conflict (day, envelope) where state = 'open' do nothing
                """,
                new { id = Guid.CreateVersion7(now), number = await NextBatchNumberAsync(connection, transaction, rules.Day, piece.Envelope, cancellationToken), day, envelope = piece.Envelope, at },
                transaction,
                cancellationToken: cancellationToken));
            batch = await OpenBatchForUpdateAsync(connection, transaction, day, piece.Envelope, cancellationToken)
                ?? throw new InvalidOperationException("The open batch just created is not visible.");
        }

        var sealedPdf = WithKey(letterId, k.KeyId, k.WrappedKey, key => DocumentCipher.EncryptDocument(key, letterId, PiecePosition, piece.Pdf));

        await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_pieces set state = 'batched', postcode = @Postcode, pages = @Pages, sheets = @Sheets, envelope = @Envelope,
                pdf_sealed = @sealedPdf, pdf_sha256 = @Sha256, rendered_at = @at, rendered_by = @node, batch_id = @batchId, last_error = null
            where letter_id = @letterId
            """,
            new { piece.Postcode, piece.Pages, piece.Sheets, piece.Envelope, sealedPdf, piece.Sha256, at, node, batchId = batch.Value.Id, letterId },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set piece_count = piece_count + 1, sheet_count = sheet_count + @Sheets where id = @Id",
            new { piece.Sheets, batch.Value.Id },
            transaction,
            cancellationToken: cancellationToken));
        Guid? closed = null;
        if (batch.Value.PieceCount + 1 >= rules.MaxPieces)
        {
            await CloseAsync(connection, transaction, batch.Value.Id, now, cancellationToken);
            closed = batch.Value.Id;
        }

        await transaction.CommitAsync(cancellationToken);
        return (true, closed);
    }

    public async Task RecordRenderFailureAsync(Guid letterId, string error, int maxAttempts, DateTimeOffset nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_pieces set attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt,
                state = case when attempts + 1 >= @maxAttempts then 'needs_attention' else 'pending' end
            where letter_id = @letterId and state = 'pending'
            """,
            new { letterId, error, maxAttempts, nextAttemptAt = Time.ToDb(nextAttemptAt) },
            cancellationToken: cancellationToken));
    }

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

    public async Task<IReadOnlyList<Guid>> BatchesToBuildAsync(int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select id from print_batches where state = 'closed' and build_attempts < @maxAttempts order by closed_at",
            new { maxAttempts },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    public async Task<(PrintBatch Batch, IReadOnlyList<BatchPieceFile> Pieces)?> LoadClosedBatchAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var batch = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from print_batches where id = @batchId and state = 'closed'", new { batchId }, cancellationToken: cancellationToken));
        if (batch is null)
        {
            return null;
        }

        var rows = await connection.QueryAsync<(Guid LetterId, int Position, string S10, string? Postcode, int Pages, int Sheets, byte[] Sha256, byte[] Sealed, string KeyId, byte[] WrappedKey)>(new CommandDefinition(
            """
            select p.letter_id, p.batch_position, p.s10, p.postcode, p.pages, p.sheets, p.pdf_sha256, p.pdf_sealed, l.key_id, l.wrapped_key
            from print_pieces p join letters l on l.id = p.letter_id
            where p.batch_id = @batchId order by p.batch_position
            """,
            new { batchId },
            cancellationToken: cancellationToken));
        var pieces = new List<BatchPieceFile>();
        foreach (var r in rows)
        {
            var pdf = WithKey(r.LetterId, r.KeyId, r.WrappedKey, key => DocumentCipher.DecryptDocument(key, r.LetterId, PiecePosition, r.Sealed));
            pieces.Add(new BatchPieceFile(r.Position, r.S10, r.Postcode, r.Pages, r.Sheets, r.Sha256, pdf));
        }

        return (batch.ToBatch(), pieces);
    }

    public async Task<bool> SaveBuiltBatchAsync(Guid batchId, BuiltBatch built, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(built);
        var (key, wrapped) = cipher.NewLetterKey(batchId);
        byte[] sealedPdf;
        try
        {
            sealedPdf = DocumentCipher.EncryptDocument(key, batchId, 0, built.Pdf);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_batches set state = 'ready', ready_at = @at, page_count = @Pages, pdf_sha256 = @Sha256, pdf_sealed = @sealedPdf,
                key_id = @KeyId, wrapped_key = @Wrapped, manifest_json = @ManifestJson, manifest_csv = @ManifestCsv, last_error = null
            where id = @batchId and state = 'closed'
            """,
            new { at = Time.ToDb(now), built.Pages, built.Sha256, sealedPdf, wrapped.KeyId, wrapped.Wrapped, built.ManifestJson, built.ManifestCsv, batchId },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    public async Task RecordBuildFailureAsync(Guid batchId, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set build_attempts = build_attempts + 1, last_error = @error where id = @batchId and state = 'closed'",
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

        return new BatchFiles(r.Number, WithKey(batchId, keyId, wrappedKey, key => DocumentCipher.DecryptDocument(key, batchId, 0, sealedPdf)), json, csv);
    }

    public Task<bool> MarkPrintedAsync(Guid batchId, Func<PrintPiece, IReadOnlyDictionary<string, string>> details, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveBatchAsync(batchId, BatchStates.Ready, BatchStates.Printed, "printed_at", PieceStates.Batched, PieceStates.Printed, LetterStatuses.Printed, EvidenceTypes.Printed, details, now, cancellationToken);

    public Task<bool> MarkDispatchedAsync(Guid batchId, Func<PrintPiece, IReadOnlyDictionary<string, string>> details, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveBatchAsync(batchId, BatchStates.Printed, BatchStates.Dispatched, "dispatched_at", PieceStates.Printed, PieceStates.Dispatched, LetterStatuses.Dispatched, EvidenceTypes.Dispatched, details, now, cancellationToken);

    public async Task<bool> RecordOutcomeAsync(Guid letterId, string pieceState, string eventType, IReadOnlyDictionary<string, string> details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var letterStatus = pieceState switch
        {
            PieceStates.Delivered => LetterStatuses.DeliveredOnPaper,
            PieceStates.Returned => LetterStatuses.Returned,
            _ => throw new ArgumentOutOfRangeException(nameof(pieceState), pieceState, "An outcome is delivered or returned."),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update print_pieces set state = @pieceState, outcome = @pieceState, outcome_at = @at where letter_id = @letterId and state = 'dispatched'",
            new { pieceState, at = Time.ToDb(now), letterId },
            transaction,
            cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "update letters set status = @letterStatus where id = @letterId", new { letterStatus, letterId }, transaction, cancellationToken: cancellationToken));
        await evidence.AppendAsync(connection, transaction, letterId, [new EventDraft(eventType, details)], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RetryAsync(Guid letterId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update print_pieces set state = 'pending', attempts = 0, next_attempt_at = @at where letter_id = @letterId and state = 'needs_attention'",
            new { letterId, at = Time.ToDb(now) },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

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
                "update print_pieces set pdf_sealed = null where batch_id = any(@ids)", new { ids }, transaction, cancellationToken: cancellationToken));
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

    /// <summary>Runs <paramref name="use"/> with the unwrapped content key of a letter (or batch), zeroed afterwards.</summary>
    private T WithKey<T>(Guid ownerId, string keyId, byte[] wrappedKey, Func<byte[], T> use)
    {
        var key = cipher.UnwrapLetterKey(ownerId, new WrappedKey(keyId, wrappedKey));
        try
        {
            return use(key);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    private static async Task<(Guid Id, int PieceCount)?> OpenBatchForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime day, string envelope, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<(Guid Id, int PieceCount)?>(new CommandDefinition(
            "select id, piece_count from print_batches where day = @day::date and envelope = @envelope and state = 'open' for update",
            new { day, envelope },
            transaction,
            cancellationToken: cancellationToken));

    private static async Task<string> NextBatchNumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly day, string envelope, CancellationToken cancellationToken)
    {
        var serial = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select nextval('print_batch_serial')", transaction: transaction, cancellationToken: cancellationToken));
        return string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}-{envelope}-{serial:D5}");
    }

    /// <summary>open → closed: positions assigned in presort order (postcode, then S10).</summary>
    private static async Task CloseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update print_pieces p set batch_position = o.position
            from (select letter_id, row_number() over (order by postcode nulls last, s10) as position from print_pieces where batch_id = @batchId) o
            where p.letter_id = o.letter_id
            """,
            new { batchId },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_batches set state = 'closed', closed_at = @at where id = @batchId and state = 'open'",
            new { batchId, at = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
    }

    private async Task<bool> MoveBatchAsync(
        Guid batchId,
        string fromState,
        string toState,
        string timeColumn,
        string fromPieceState,
        string toPieceState,
        string letterStatus,
        string eventType,
        Func<PrintPiece, IReadOnlyDictionary<string, string>> details,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            $"update print_batches set state = @toState, {timeColumn} = @at where id = @batchId and state = @fromState",
            new { toState, at = Time.ToDb(now), batchId, fromState },
            transaction,
            cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }

        var pieces = (await connection.QueryAsync<PieceRow>(new CommandDefinition(
            $"select {PieceColumns} from print_pieces where batch_id = @batchId and state = @fromPieceState order by batch_position",
            new { batchId, fromPieceState },
            transaction,
            cancellationToken: cancellationToken))).Select(r => r.ToPiece()).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "update print_pieces set state = @toPieceState where batch_id = @batchId and state = @fromPieceState",
            new { toPieceState, batchId, fromPieceState },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update letters set status = @letterStatus where id in (select letter_id from print_pieces where batch_id = @batchId and state = @toPieceState)",
            new { letterStatus, batchId, toPieceState },
            transaction,
            cancellationToken: cancellationToken));
        foreach (var piece in pieces)
        {
            await evidence.AppendAsync(connection, transaction, piece.LetterId, [new EventDraft(eventType, details(piece))], now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private sealed class PieceRow
    {
        public Guid LetterId { get; init; }

        public string S10 { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public string Reason { get; init; } = string.Empty;

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public string? Postcode { get; init; }

        public int? Pages { get; init; }

        public int? Sheets { get; init; }

        public string? Envelope { get; init; }

        public byte[]? Sha256 { get; init; }

        public Guid? BatchId { get; init; }

        public int? BatchPosition { get; init; }

        public string? Outcome { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime? RenderedAt { get; init; }

        public string? RenderedBy { get; init; }

        public DateTime? OutcomeAt { get; init; }

        public PrintPiece ToPiece() => new(
            LetterId, S10, State, Reason, Attempts, LastError, Postcode, Pages, Sheets, Envelope, Sha256, BatchId, BatchPosition, Outcome,
            Time.FromDb(CreatedAt), Time.FromDb(RenderedAt), RenderedBy, Time.FromDb(OutcomeAt));
    }

    private sealed class BatchRow
    {
        public Guid Id { get; init; }

        public string Number { get; init; } = string.Empty;

        public DateOnly Day { get; init; }

        public string Envelope { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public int PieceCount { get; init; }

        public int SheetCount { get; init; }

        public int? PageCount { get; init; }

        public DateTime OpenedAt { get; init; }

        public DateTime? ClosedAt { get; init; }

        public DateTime? ReadyAt { get; init; }

        public DateTime? PrintedAt { get; init; }

        public DateTime? DispatchedAt { get; init; }

        public byte[]? PdfSha256 { get; init; }

        public string? LastError { get; init; }

        public DateTime? FilesDeletedAt { get; init; }

        public PrintBatch ToBatch() => new(
            Id, Number, Day, Envelope, State, PieceCount, SheetCount, PageCount, Time.FromDb(OpenedAt), Time.FromDb(ClosedAt),
            Time.FromDb(ReadyAt), Time.FromDb(PrintedAt), Time.FromDb(DispatchedAt), PdfSha256, LastError, Time.FromDb(FilesDeletedAt));
    }
}
