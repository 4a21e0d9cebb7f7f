using Dapper;
using Microsoft.Extensions.Options;
using Npes.Core.Observability;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Webhooks;

/// <summary>Webhook deliveries still to be made (not delivered, attempts left) for the metrics, queue <c>webhooks</c>.</summary>
internal sealed class WebhookQueue(NpgsqlDataSource dataSource, IOptions<WebhookOptions> options) : IQueueProbe
{
    public async Task<IReadOnlyList<QueueReading>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<(long Depth, DateTime? Oldest)>(new CommandDefinition(
            "select count(*), min(created_at) from webhook_deliveries where delivered_at is null and attempts < @max",
            new { max = options.Value.MaxAttempts },
            cancellationToken: cancellationToken));
        TimeSpan? age = row.Oldest is null ? null : now - Time.FromDb(row.Oldest.Value);
        return [new QueueReading("webhooks", row.Depth, age is { } a && a < TimeSpan.Zero ? TimeSpan.Zero : age)];
    }
}
