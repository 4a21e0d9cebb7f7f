using Hangfire;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Npes.Storage.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TDuty"/> as a recurring duty with the stable id <paramref name="id"/>, run every
    /// <paramref name="every"/> (see <see cref="Every.Cron"/>). The host puts every registered duty on the cluster's
    /// schedule at start; a round that is still running when the next is due makes the next one skip, not overlap.
    /// </summary>
    public static IServiceCollection AddRecurringDuty<TDuty>(this IServiceCollection services, string id, Func<IServiceProvider, TimeSpan> every)
        where TDuty : class, IRecurringDuty
    {
        ArgumentNullException.ThrowIfNull(every);
        services.AddSingleton<TDuty>();
        services.AddSingleton(sp => new RecurringDutyRegistration(
            id,
            every(sp),
            (manager, cron) => manager.AddOrUpdate<DutyRunner<TDuty>>(id, runner => runner.RunAsync(CancellationToken.None), cron)));
        return services;
    }
}

/// <summary>
/// Runs one round of a duty. A round still running elsewhere in the cluster (a slow round, or a clock that fired twice)
/// makes this one end at once instead of running beside it: the duty holds a PostgreSQL advisory lock for its round,
/// which the database releases by itself if the node dies. A failed round is not retried; the next occurrence comes soon.
/// </summary>
public sealed class DutyRunner<TDuty>(TDuty duty, NpgsqlDataSource dataSource)
    where TDuty : class, IRecurringDuty
{
    private static readonly long LockKey = LockKeyOf(typeof(TDuty).FullName!);

    [AutomaticRetry(Attempts = 0, LogEvents = true)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@key)", new { key = LockKey }, cancellationToken: cancellationToken)))
        {
            return;
        }

        try
        {
            await duty.RunAsync(cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@key)", new { key = LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>A stable 64-bit key per duty type (the first bytes of the SHA-256 of its name).</summary>
    private static long LockKeyOf(string name) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("npes-duty:" + name)), 0);
}
