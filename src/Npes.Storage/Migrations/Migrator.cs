using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Npes.Storage.Migrations;

/// <summary>One numbered schema change, shipped in this assembly as <c>Migrations/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>Where the database stands against the migrations this build carries.</summary>
/// <param name="Applied">Versions recorded in the database.</param>
/// <param name="Pending">Migrations this build has that the database lacks.</param>
/// <param name="Problems">Applied migrations that this build does not know or whose text changed.</param>
public sealed record MigrationState(IReadOnlyList<int> Applied, IReadOnlyList<Migration> Pending, IReadOnlyList<string> Problems)
{
    public bool IsCurrent => Pending.Count == 0 && Problems.Count == 0;
}

/// <summary>
/// Applies the numbered migrations in order, each in its own transaction, under an advisory lock so that
/// several servers starting at once apply each migration exactly once.
/// </summary>
public sealed class Migrator
{
    /// <summary>The schema of the job engine's tables (Hangfire.PostgreSql), installed by <see cref="ApplyAsync"/>.</summary>
    public const string JobsSchema = "hangfire";

    private const long LockKey = 0x4E504553_0001; // "NPES", migrations
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<Migrator> _logger;

    public Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>All migrations of this build, in order.</summary>
    public static IReadOnlyList<Migration> All { get; } = LoadAll();

    /// <summary>Applies what is pending; returns what was applied. Refuses when applied migrations were altered.</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = LockKey }, cancellationToken: cancellationToken));
        try
        {
            await EnsureHistoryTableAsync(connection, cancellationToken);
            var state = await ReadStateAsync(connection, cancellationToken);
            if (state.Problems.Count > 0)
            {
                throw new InvalidOperationException("The database schema does not match this build: " + string.Join("; ", state.Problems));
            }

            foreach (var migration in state.Pending)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into schema_migrations (version, name, checksum, applied_at) values (@Version, @Name, @Checksum, now())",
                    migration,
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                _logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
            }

            // The job engine's tables, in a schema of their own, by its own installer (versioned and idempotent).
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, JobsSchema);
            return state.Pending;
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = LockKey });
        }
    }

    /// <summary>Reads the state without changing anything (readiness checks, <c>npes migrate --status</c>).</summary>
    public async Task<MigrationState> GetStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var hasTable = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select to_regclass('schema_migrations') is not null", cancellationToken: cancellationToken));
        return hasTable
            ? await ReadStateAsync(connection, cancellationToken)
            : new MigrationState([], All, []);
    }

    private static async Task EnsureHistoryTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            create table if not exists schema_migrations (
                version    int primary key,
                name       text not null,
                checksum   text not null,
                applied_at timestamptz not null
            )
            """,
            cancellationToken: cancellationToken));

    private static async Task<MigrationState> ReadStateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
            "select version, checksum from schema_migrations order by version", cancellationToken: cancellationToken))).ToList();
        var known = All.ToDictionary(m => m.Version);
        var problems = new List<string>();
        foreach (var (version, checksum) in rows)
        {
            if (!known.TryGetValue(version, out var migration))
            {
                problems.Add($"migration {version} is applied but unknown to this build (is the server older than the database?)");
            }
            else if (migration.Checksum != checksum)
            {
                problems.Add($"migration {version} {migration.Name} was changed after it was applied");
            }
        }

        var applied = rows.Select(r => r.Version).ToHashSet();
        return new MigrationState(rows.Select(r => r.Version).ToList(), All.Where(m => !applied.Contains(m.Version)).ToList(), problems);
    }

    private static List<Migration> LoadAll()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Npes.Storage.Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..^4];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName[..separator], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3, ... without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations;
    }
}
