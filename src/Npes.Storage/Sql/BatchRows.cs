using Npgsql;

namespace Npes.Storage.Sql;

/// <summary>Conversions between PostgreSQL timestamptz (read as UTC DateTime) and the domain's DateTimeOffset.</summary>
public static class Time
{
    public static DateTimeOffset FromDb(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromDb(DateTime? value) => value is null ? null : FromDb(value.Value);

    public static DateTime ToDb(DateTimeOffset value) => value.UtcDateTime;
}

/// <summary>Positional commands for <see cref="NpgsqlBatch"/>: several statements in one round trip.</summary>
public static class BatchRows
{
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>Runs <paramref name="commands"/> in one round trip inside the caller's transaction.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, params NpgsqlBatchCommand[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
