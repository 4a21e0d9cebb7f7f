using Dapper;
using Npes.Core.Addressing;
using Npes.Core.Errors;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Letters.Evidence;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Letters.Store;

internal sealed class LetterStore(NpgsqlDataSource dataSource, EvidenceLog evidence, SubmissionWriter writer) : ILetterStore, IDisposable
{
    /// <summary>S10 serials reserved per round trip.</summary>
    public const int SerialBlock = 16;

    private readonly SemaphoreSlim _serialGate = new(1, 1);
    private readonly Queue<long> _serials = new(SerialBlock);

    private const string LetterColumns = """
        id, s10, sender_party_id as SenderPartyId, kind, subject, recipient_name as RecipientName,
        recipient_address as RecipientAddress, recipient_unp as RecipientUnp, recipient_mailbox_id as MailboxId,
        routing_outcome as RoutingOutcome, routing_reason as RoutingReason, status, manifest, key_id as KeyId,
        wrapped_key as WrappedKey, sender_signature as SenderSignature, print_if_not_claimed_days as PrintIfNotClaimedDays,
        accept_window_days as AcceptWindowDays, accept_deadline as AcceptDeadline, submitted_at as SubmittedAt,
        read_at as ReadAt, idempotency_key as IdempotencyKey, request_sha256 as RequestSha256
        """;

    /// <summary>
    /// Serials come from the database sequence in blocks of <see cref="SerialBlock"/>, one round trip per block instead
    /// of per letter. Each is handed out once; a block left unused when the process stops leaves a gap in the series,
    /// never a repeat (S10 ids must be unique, not contiguous).
    /// </summary>
    public async Task<long> NextSerialAsync(CancellationToken cancellationToken)
    {
        await _serialGate.WaitAsync(cancellationToken);
        try
        {
            if (_serials.Count == 0)
            {
                foreach (var serial in await ReserveSerialsAsync(cancellationToken))
                {
                    _serials.Enqueue(serial);
                }
            }

            return _serials.Dequeue();
        }
        finally
        {
            _serialGate.Release();
        }
    }

    public void Dispose() => _serialGate.Dispose();

    private async Task<List<long>> ReserveSerialsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A nextval that fails still consumes the values drawn before it in the same statement, so the block never asks
        // for more than the series has left (a race with another server at the very end can still lose a few).
        List<long> serials;
        try
        {
            serials = (await connection.QueryAsync<long>(new CommandDefinition(
                """
                select nextval('s10_serial') from generate_series(1, (
                    select least(@count, greatest(0, s.max_value - coalesce(s.last_value, s.min_value - 1)))
                    from pg_sequences s where s.schemaname = current_schema() and s.sequencename = 's10_serial'))
                """,
                new { count = SerialBlock },
                cancellationToken: cancellationToken))).ToList();
        }
        catch (PostgresException e) when (e.SqlState == "2200H" /* sequence_generator_limit_exceeded */)
        {
            serials = [];
        }

        return serials.Count > 0
            ? serials
            : throw new NpesException(NpesErrors.SerialsExhausted, "All 99,999,999 S10 serials are used; configure a new series and restart the sequence.");
    }

    public async Task<StoredLetter?> FindByIdempotencyKeyAsync(Guid senderPartyId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LetterRow>(new CommandDefinition(
            $"select {LetterColumns} from letters where sender_party_id = @senderPartyId and idempotency_key = @idempotencyKey",
            new { senderPartyId, idempotencyKey },
            cancellationToken: cancellationToken));
        return row?.ToLetter();
    }

    public Task<(bool Created, Guid LetterId)> SubmitAsync(NewLetter letter, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.SubmitAsync(letter, now, cancellationToken);

    public async Task<StoredLetter?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LetterRow>(new CommandDefinition(
            $"select {LetterColumns} from letters where id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToLetter();
    }

    public async Task<StoredLetter?> FindByS10Async(string s10, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LetterRow>(new CommandDefinition(
            $"select {LetterColumns} from letters where s10 = @s10", new { s10 }, cancellationToken: cancellationToken));
        return row?.ToLetter();
    }

    public async Task<IReadOnlyList<StoredDocument>> DocumentsAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int Position, string Name, string MediaType, long Size, byte[] Sha256, byte[] Sealed, string? RenditionMediaType, long? RenditionSize, byte[]? RenditionSha256, byte[]? RenditionSealed)>(new CommandDefinition(
            """
            select position, name, media_type, size, sha256, sealed, rendition_media_type, rendition_size, rendition_sha256, rendition_sealed
            from letter_documents where letter_id = @letterId order by position
            """,
            new { letterId },
            cancellationToken: cancellationToken));
        return rows.Select(r => new StoredDocument(
            r.Position,
            r.Name,
            r.MediaType,
            r.Size,
            r.Sha256,
            r.Sealed,
            r.RenditionMediaType is null ? null : new StoredRendition(r.RenditionMediaType, r.RenditionSize!.Value, r.RenditionSha256!, r.RenditionSealed!))).ToList();
    }

    public async Task<IReadOnlyList<SealedEvidence>> EventsAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(byte[] Encoded, byte[] Hash, byte[] Signature)>(new CommandDefinition(
            "select encoded, hash, signature from evidence_events where letter_id = @letterId order by letter_seq",
            new { letterId },
            cancellationToken: cancellationToken));
        return rows.Select(r => EvidenceLog.Read(r.Encoded, r.Hash, r.Signature)).ToList();
    }

    public async Task<IReadOnlyList<SealedEvidence>> LogAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(byte[] Encoded, byte[] Hash, byte[] Signature)>(new CommandDefinition(
            "select encoded, hash, signature from evidence_events where global_seq > @afterSeq order by global_seq limit @limit",
            new { afterSeq, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => EvidenceLog.Read(r.Encoded, r.Hash, r.Signature)).ToList();
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> ReceiptsAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, byte[] Cms)>(new CommandDefinition(
            "select kind, cms from letter_receipts where letter_id = @letterId", new { letterId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Kind, r => r.Cms, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<StoredLetter>> InboxAsync(Guid mailboxId, InboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LetterRow>(new CommandDefinition(
            $"""
            select {LetterColumns} from letters
            where recipient_mailbox_id = @mailboxId
              and (not @UnreadOnly or read_at is null)
              and (not @RegisteredOnly or kind = 'registered')
            order by submitted_at desc, id desc
            offset @Offset limit @Limit
            """,
            new { mailboxId, query.UnreadOnly, query.RegisteredOnly, query.Offset, query.Limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToLetter()).ToList();
    }

    public async Task<IReadOnlyList<StoredLetter>> SentAsync(Guid senderPartyId, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LetterRow>(new CommandDefinition(
            $"select {LetterColumns} from letters where sender_party_id = @senderPartyId order by submitted_at desc, id desc offset @offset limit @limit",
            new { senderPartyId, offset, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToLetter()).ToList();
    }

    public async Task<bool> MarkReadAsync(Guid letterId, EventDraft? evidenceDraft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update letters set read_at = @now where id = @letterId and read_at is null",
            new { letterId, now = Time.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (updated == 1 && evidenceDraft is not null)
        {
            await evidence.AppendAsync(connection, transaction, letterId, [evidenceDraft], now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    public async Task<IReadOnlyList<Guid>> DueForExpiryAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select id from letters where status = 'consigned' and kind = 'registered' and accept_deadline <= @now order by accept_deadline limit @limit",
            new { now = Time.ToDb(now), limit },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    public async Task<IReadOnlyList<Guid>> DueForPrintUnreadAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            select id from letters
            where status = 'consigned' and kind = 'simple' and read_at is null and print_if_not_claimed_days is not null
              and submitted_at + make_interval(days => print_if_not_claimed_days) <= @now
            order by submitted_at limit @limit
            """,
            new { now = Time.ToDb(now), limit },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    private sealed class LetterRow
    {
        public Guid Id { get; init; }

        public string S10 { get; init; } = string.Empty;

        public Guid SenderPartyId { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string Subject { get; init; } = string.Empty;

        public string RecipientName { get; init; } = string.Empty;

        public string RecipientAddress { get; init; } = string.Empty;

        public string? RecipientUnp { get; init; }

        public Guid? MailboxId { get; init; }

        public string RoutingOutcome { get; init; } = string.Empty;

        public string RoutingReason { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public byte[] Manifest { get; init; } = [];

        public string KeyId { get; init; } = string.Empty;

        public byte[] WrappedKey { get; init; } = [];

        public byte[]? SenderSignature { get; init; }

        public int? PrintIfNotClaimedDays { get; init; }

        public int? AcceptWindowDays { get; init; }

        public DateTime? AcceptDeadline { get; init; }

        public DateTime SubmittedAt { get; init; }

        public DateTime? ReadAt { get; init; }

        public string? IdempotencyKey { get; init; }

        public byte[]? RequestSha256 { get; init; }

        public StoredLetter ToLetter() => new(
            Id, S10, SenderPartyId, Kind, Subject, new RecipientQuery(RecipientName, RecipientAddress, RecipientUnp), MailboxId,
            RoutingOutcome, RoutingReason, LetterStatusNames.Parse(Status), Manifest, KeyId, WrappedKey, SenderSignature, PrintIfNotClaimedDays,
            AcceptWindowDays, Time.FromDb(AcceptDeadline), Time.FromDb(SubmittedAt), Time.FromDb(ReadAt), IdempotencyKey, RequestSha256);
    }
}
