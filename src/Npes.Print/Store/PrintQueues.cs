using Dapper;
using Npes.Core.Observability;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Print.Store;

/// <summary>
/// The paper leg's queues for the metrics: letters waiting to be taken for printing (<c>paper</c>), pieces waiting to
/// be rendered (<c>print.pending</c>) and pieces an operator must look at (<c>print.attention</c>).
/// </summary>
internal sealed class PrintQueues(NpgsqlDataSource dataSource) : IQueueProbe
{
    public async Task<IReadOnlyList<QueueReading>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<(long Paper, DateTime? PaperOldest, long Pending, DateTime? PendingOldest, long Attention, DateTime? AttentionOldest)>(new CommandDefinition(
            """
            select
                (select count(*) from paper_queue where state = 'pending'),
                (select min(enqueued_at) from paper_queue where state = 'pending'),
                (select count(*) from print_pieces where state = 'pending'),
                (select min(created_at) from print_pieces where state = 'pending'),
                (select count(*) from print_pieces where state = 'needs_attention'),
                (select min(created_at) from print_pieces where state = 'needs_attention')
            """,
            cancellationToken: cancellationToken));
        return
        [
            new QueueReading("paper", row.Paper, Age(now, row.PaperOldest)),
            new QueueReading("print.pending", row.Pending, Age(now, row.PendingOldest)),
            new QueueReading("print.attention", row.Attention, Age(now, row.AttentionOldest)),
        ];
    }

    private static TimeSpan? Age(DateTimeOffset now, DateTime? oldest) =>
        oldest is null ? null : now - Time.FromDb(oldest.Value) is var age && age > TimeSpan.Zero ? age : TimeSpan.Zero;
}
