using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Storage;
using Npes.Storage.Migrations;
using Npes.Storage.Postgres;
using Npgsql;

namespace Npes.Testing;

/// <summary>
/// One private PostgreSQL cluster per test process, started on first use from the machine's binaries and
/// stopped when the process exits. Every test (or fixture) takes a database of its own, cloned from a
/// migrated template, so no state is shared between tests.
/// </summary>
public static class TestPostgres
{
    private const string TemplateDatabase = "npes_template";
    private static readonly Lazy<LocalPostgresCluster> Cluster = new(StartCluster, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Connection string of the maintenance database of the shared test cluster.</summary>
    public static string AdminConnectionString => Cluster.Value.AdminConnectionString;

    /// <summary>A new, fully migrated, empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var cluster = Cluster.Value;
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {name} template {TemplateDatabase}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A new database with no tables at all (to test migrations themselves).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var cluster = Cluster.Value;
        var name = "e_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {name} template template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = name }.ConnectionString;
    }

    private static LocalPostgresCluster StartCluster()
    {
        var testRoot = Path.Combine(RepositoryRoot.Find() ?? Path.GetTempPath(), ".npes", "test");
        Directory.CreateDirectory(testRoot);
        CleanUpAfterDeadRuns(testRoot);

        var runRoot = Path.Combine(testRoot, string.Create(CultureInfo.InvariantCulture, $"run-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(runRoot);
        File.WriteAllText(runRoot + ".pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions(runRoot, TemplateDatabase, Durable: false));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop();
            TryDelete(cluster.DataRoot);
            TryDelete(runRoot);
            File.Delete(runRoot + ".pid");
        };

        using (var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString))
        {
            new Migrator(dataSource, NullLogger<Migrator>.Instance).ApplyAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        // Nothing may stay connected to the template, or cloning it fails.
        NpgsqlConnection.ClearAllPools();
        return cluster;
    }

    /// <summary>Stops and removes clusters of test processes that were killed before they could clean up.</summary>
    private static void CleanUpAfterDeadRuns(string testRoot)
    {
        foreach (var pidFile in Directory.EnumerateFiles(testRoot, "run-*.pid"))
        {
            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsAlive(pid))
            {
                continue;
            }

            var runRoot = pidFile[..^4];
            try
            {
                LocalPostgresCluster.StopIfRunning(runRoot);
            }
            catch (PostgresUnavailableException)
            {
                // Best effort: a cluster that cannot be stopped is left for the operating system.
            }

            TryDelete(runRoot);
            File.Delete(pidFile);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
