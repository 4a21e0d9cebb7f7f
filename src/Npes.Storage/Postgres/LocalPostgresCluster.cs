using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Npes.Storage.Postgres;

/// <summary>Settings of a private cluster.</summary>
/// <param name="DataRoot">Folder that holds the cluster (<c>pgdata/</c>), its log and its credentials.</param>
/// <param name="Database">Database to create in it.</param>
/// <param name="BinDirectory">Explicit folder of initdb and pg_ctl; null to search.</param>
/// <param name="Durable">False trades crash safety for speed (tests): no fsync, no synchronous commit.</param>
public sealed record LocalPostgresOptions(string DataRoot, string Database = "npes", string? BinDirectory = null, bool Durable = true);

/// <summary>
/// A PostgreSQL cluster of NPES' own, started from the machine's binaries on a free loopback port, with
/// its data in a folder of our choosing. A second start over the same folder reuses the data. When the
/// process runs as root the cluster runs as the unprivileged <c>postgres</c> user, as PostgreSQL demands.
/// </summary>
public sealed class LocalPostgresCluster : IDisposable
{
    private const string SuperUser = "npes";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresBinaries _binaries;
    private readonly string? _runAs;
    private bool _stopped;

    private LocalPostgresCluster(PostgresBinaries binaries, string dataRoot, string? runAs, int port, string password, string database)
    {
        _binaries = binaries;
        _runAs = runAs;
        DataRoot = dataRoot;
        Port = port;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = database,
        };
        ConnectionString = builder.ConnectionString;
        builder.Database = "postgres";
        AdminConnectionString = builder.ConnectionString;
    }

    /// <summary>The folder actually used (it may differ from the requested one when the cluster user cannot reach it).</summary>
    public string DataRoot { get; }

    public string DataDirectory => Path.Combine(DataRoot, "pgdata");

    public int Port { get; }

    /// <summary>Connection string of the NPES database.</summary>
    public string ConnectionString { get; }

    /// <summary>Connection string of the <c>postgres</c> maintenance database (to create or drop databases).</summary>
    public string AdminConnectionString { get; }

    /// <summary>Initialises the cluster if needed, starts it (or adopts a running one) and creates the database.</summary>
    /// <exception cref="PostgresUnavailableException">Binaries missing, or the cluster would not start; the message says why.</exception>
    public static LocalPostgresCluster Start(LocalPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binaries = PostgresBinaries.Find(options.BinDirectory) ?? throw PostgresUnavailableException.BinariesMissing();
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var dataRoot = PrepareDataRoot(Path.GetFullPath(options.DataRoot), runAs);
        var pgData = Path.Combine(dataRoot, "pgdata");
        var password = EnsureInitialised(binaries, dataRoot, pgData, runAs, options.Durable);

        var port = ReadRunningPort(binaries, pgData, runAs) ?? StartServer(binaries, dataRoot, pgData, runAs, options.Durable);
        var cluster = new LocalPostgresCluster(binaries, dataRoot, runAs, port, password, options.Database);
        try
        {
            cluster.EnsureDatabase(options.Database);
        }
        catch
        {
            cluster.Stop();
            throw;
        }

        return cluster;
    }

    /// <summary>Stops the cluster (fast shutdown: open sessions are ended). Safe to call twice.</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        ProcessRunner.Run(_binaries.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _runAs, ToolTimeout);
    }

    public void Dispose() => Stop();

    /// <summary>Whether a cluster is running over <paramref name="dataRoot"/> (used to clean up after killed processes).</summary>
    internal static void StopIfRunning(string dataRoot)
    {
        var binaries = PostgresBinaries.Find();
        var pgData = Path.Combine(dataRoot, "pgdata");
        if (binaries is null || !File.Exists(Path.Combine(pgData, "postmaster.pid")))
        {
            return;
        }

        ProcessRunner.Run(binaries.PgCtl, ["-D", pgData, "-m", "immediate", "-w", "-t", "30", "stop"], Environment.IsPrivilegedProcess ? "postgres" : null, ToolTimeout);
    }

    private static string PrepareDataRoot(string requested, string? runAs)
    {
        Directory.CreateDirectory(requested);
        if (runAs is null)
        {
            return requested;
        }

        // The cluster user must own the folder and reach it through every parent folder. A working tree
        // under a private home folder is not reachable: fall back to a folder under the system temp folder.
        Chown(requested, runAs);
        if (ProcessRunner.Run("test", ["-w", requested, "-a", "-x", requested], runAs, ToolTimeout).ExitCode == 0)
        {
            return requested;
        }

        var suffix = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requested)))[..16];
        var fallback = Path.Combine(Path.GetTempPath(), "npes-postgres-" + suffix);
        Directory.CreateDirectory(fallback);
        Chown(fallback, runAs);
        return fallback;
    }

    private static void Chown(string path, string user)
    {
        var result = ProcessRunner.Run("chown", [user + ":", path], null, ToolTimeout);
        if (result.ExitCode != 0)
        {
            throw new PostgresUnavailableException($"Could not hand {path} to the '{user}' user: {result.Output.Trim()}");
        }
    }

    private static string EnsureInitialised(PostgresBinaries binaries, string dataRoot, string pgData, string? runAs, bool durable)
    {
        // The superuser password lives beside the cluster, readable only by the process owner.
        var credentials = Path.Combine(dataRoot, "superuser.password");
        if (File.Exists(Path.Combine(pgData, "PG_VERSION")) && File.Exists(credentials))
        {
            return File.ReadAllText(credentials).Trim();
        }

        if (Directory.Exists(pgData))
        {
            // A half-made cluster from an interrupted first start: begin again.
            Directory.Delete(pgData, recursive: true);
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.Combine(dataRoot, "initdb.pw");
        File.WriteAllText(passwordFile, password);
        RestrictToOwner(passwordFile);
        try
        {
            if (runAs is not null)
            {
                Chown(passwordFile, runAs);
            }

            List<string> arguments = ["-D", pgData, "-U", SuperUser, "--pwfile", passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale", "C"];
            if (!durable)
            {
                arguments.Add("--no-sync");
            }

            var result = ProcessRunner.Run(binaries.InitDb, arguments, runAs, ToolTimeout);
            if (result.ExitCode != 0)
            {
                throw new PostgresUnavailableException($"initdb failed for {pgData}:{Environment.NewLine}{result.Output.Trim()}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        File.WriteAllText(credentials, password);
        RestrictToOwner(credentials);
        return password;
    }

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static int? ReadRunningPort(PostgresBinaries binaries, string pgData, string? runAs)
    {
        var pidFile = Path.Combine(pgData, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        // A cluster left running by a process that died: adopt it. A stale pid file: pg_ctl start copes.
        if (ProcessRunner.Run(binaries.PgCtl, ["-D", pgData, "status"], runAs, ToolTimeout).ExitCode != 0)
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static int StartServer(PostgresBinaries binaries, string dataRoot, string pgData, string? runAs, bool durable)
    {
        var log = Path.Combine(dataRoot, "postgres.log");
        string? lastOutput = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreeLoopbackPort();
            var serverOptions = string.Create(
                CultureInfo.InvariantCulture,
                $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200");
            if (!durable)
            {
                serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            var result = ProcessRunner.Run(binaries.PgCtl, ["-D", pgData, "-l", log, "-w", "-t", "60", "-o", serverOptions, "start"], runAs, ToolTimeout);
            if (result.ExitCode == 0)
            {
                return port;
            }

            // Another process may have taken the port between our probe and the start: try another.
            lastOutput = result.Output.Trim() + Environment.NewLine + TailOf(log);
        }

        throw new PostgresUnavailableException($"PostgreSQL did not start in {pgData}:{Environment.NewLine}{lastOutput}");
    }

    private static string TailOf(string log)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(15));
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void EnsureDatabase(string database)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is not null)
        {
            return;
        }

        using var create = new NpgsqlCommand($"create database {QuoteIdentifier(database)}", connection);
        create.ExecuteNonQuery();
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
