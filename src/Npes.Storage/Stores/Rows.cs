using Npgsql;

namespace Npes.Storage.Stores;

/// <summary>Conversions between PostgreSQL timestamptz (read as UTC DateTime) and the domain's DateTimeOffset.</summary>
internal static class Time
{
    public static DateTimeOffset FromDb(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromDb(DateTime? value) => value is null ? null : FromDb(value.Value);

    public static DateTime ToDb(DateTimeOffset value) => value.UtcDateTime;
}

/// <summary>Positional commands for <see cref="NpgsqlBatch"/>, and the rows that more than one write path adds.</summary>
internal static class BatchRows
{
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>A receipt of a letter (acceptance, delivery, refusal, expiry).</summary>
    public static NpgsqlBatchCommand Receipt(Guid letterId, string kind, byte[] cms, DateTimeOffset now) =>
        Command("insert into letter_receipts (letter_id, kind, cms, created_at) values ($1, $2, $3, $4)", letterId, kind, cms, Time.ToDb(now));

    /// <summary>The paper leg's queue row; a letter is queued once.</summary>
    public static NpgsqlBatchCommand PaperQueue(Guid letterId, string reason, DateTimeOffset now) =>
        Command("insert into paper_queue (letter_id, reason, enqueued_at) values ($1, $2, $3) on conflict (letter_id) do nothing", letterId, reason, Time.ToDb(now));

    /// <summary>Runs <paramref name="commands"/> in one round trip inside the caller's transaction.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, params NpgsqlBatchCommand[] commands)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
