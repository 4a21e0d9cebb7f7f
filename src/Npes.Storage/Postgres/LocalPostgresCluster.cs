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
/// The folder belongs to one process at a time (<see cref="ClusterLock"/>): a second process is refused
/// before it touches the cluster, and only the owner adopts, restarts or stops it.
/// </summary>
public sealed class LocalPostgresCluster : IDisposable
{
    private const string SuperUser = "npes";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresBinaries _binaries;
    private readonly string? _runAs;
    private readonly bool _durable;
    private readonly ClusterLock _lock;
    private readonly Lock _gate = new();
    private bool _stopped;

    private LocalPostgresCluster(PostgresBinaries binaries, ClusterLock ownership, string dataRoot, string? runAs, int port, string password, string database, bool durable)
    {
        _binaries = binaries;
        _lock = ownership;
        _runAs = runAs;
        _durable = durable;
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
        var requested = Path.GetFullPath(options.DataRoot);

        // Ownership first: a folder held by a live process is neither adopted nor stopped (ClusterInUseException).
        var ownership = ClusterLock.Acquire(requested);
        LocalPostgresCluster cluster;
        try
        {
            var dataRoot = PrepareDataRoot(requested, runAs);
            var pgData = Path.Combine(dataRoot, "pgdata");
            var password = EnsureInitialised(binaries, dataRoot, pgData, runAs, options.Durable);

            // A cluster still running here was left by a process that died (it no longer holds the lock): adopt it.
            var port = ReadRunningPort(binaries, pgData, runAs) ?? StartServer(binaries, dataRoot, pgData, runAs, options.Durable, port: null);
            cluster = new LocalPostgresCluster(binaries, ownership, dataRoot, runAs, port, password, options.Database, options.Durable);
        }
        catch
        {
            ownership.Dispose();
            throw;
        }

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

    /// <summary>Records the addresses this process serves, so that a second process refused the folder can name them.</summary>
    public void RecordOwnerAddresses(string addresses) => _lock.RecordOwner(addresses);

    /// <summary>Whether the postmaster of this cluster is alive (its pid file names a live, non-zombie process).</summary>
    public bool IsRunning()
    {
        if (_stopped)
        {
            return false;
        }

        var pid = ReadPostmasterPid(DataDirectory);
        return pid is not null && IsAlive(pid.Value);
    }

    /// <summary>
    /// Starts the postmaster again on the same data and port after it died (PostgreSQL replays its WAL on the way up).
    /// Returns false with the tools' output when it would not start yet (e.g. backends of the dead postmaster still
    /// hold its shared memory); the caller tries again.
    /// </summary>
    public bool TryRestart(out string output)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                output = "The cluster was stopped.";
                return false;
            }

            if (IsRunning())
            {
                output = string.Empty;
                return true;
            }

            // The dead postmaster's pid file: PostgreSQL would refuse to start while it names a process that has not
            // been reaped yet. Its shared memory is still checked, so nothing starts while old backends are attached.
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (ReadPostmasterPid(DataDirectory) is { } stale && !IsAlive(stale))
            {
                File.Delete(pidFile);
            }

            try
            {
                StartServer(_binaries, DataRoot, DataDirectory, _runAs, _durable, Port);
                output = string.Empty;
                return true;
            }
            catch (PostgresUnavailableException e)
            {
                output = e.Message;
                return false;
            }
        }
    }

    /// <summary>Stops the cluster (fast shutdown: open sessions are ended). Safe to call twice.</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        lock (_gate)
        {
            _stopped = true;
            try
            {
                NpgsqlConnection.ClearAllPools();
                ProcessRunner.Run(_binaries.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _runAs, ToolTimeout);
            }
            finally
            {
                _lock.Dispose();
            }
        }
    }

    public void Dispose() => Stop();

    /// <summary>
    /// Stops a cluster left running over <paramref name="dataRoot"/> by a process that was killed; a cluster whose
    /// folder a live process still owns is left alone.
    /// </summary>
    internal static void StopIfRunning(string dataRoot)
    {
        var binaries = PostgresBinaries.Find();
        var pgData = Path.Combine(dataRoot, "pgdata");
        if (binaries is null || !File.Exists(Path.Combine(pgData, "postmaster.pid")))
        {
            return;
        }

        try
        {
            using var ownership = ClusterLock.Acquire(dataRoot);
            ProcessRunner.Run(binaries.PgCtl, ["-D", pgData, "-m", "immediate", "-w", "-t", "30", "stop"], Environment.IsPrivilegedProcess ? "postgres" : null, ToolTimeout);
        }
        catch (ClusterInUseException)
        {
            // Not ours to stop.
        }
    }

    private static int? ReadPostmasterPid(string pgData)
    {
        try
        {
            using var reader = new StreamReader(Path.Combine(pgData, "postmaster.pid"));
            return int.TryParse(reader.ReadLine(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A process that exists and is not a zombie (a killed postmaster nobody reaped yet is dead for us).</summary>
    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
                var afterName = stat.LastIndexOf(')');
                return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
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

    /// <summary>Starts the postmaster on <paramref name="port"/>, or on a free port (three tries) when null.</summary>
    private static int StartServer(PostgresBinaries binaries, string dataRoot, string pgData, string? runAs, bool durable, int? port)
    {
        var log = Path.Combine(dataRoot, "postgres.log");
        string? lastOutput = null;
        for (var attempt = 0; attempt < (port is null ? 3 : 1); attempt++)
        {
            var listenPort = port ?? FreeLoopbackPort();
            var serverOptions = string.Create(
                CultureInfo.InvariantCulture,
                $"-p {listenPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200");
            // Durable: checkpoints every 30 s bound the WAL replayed (and the end-of-recovery checkpoint's writes) after a
            // crash, so the supervisor's restart is quick. Tests trade crash safety for speed.
            serverOptions += durable
                ? " -c checkpoint_timeout=30s"
                : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";

            var result = ProcessRunner.Run(binaries.PgCtl, ["-D", pgData, "-l", log, "-w", "-t", "60", "-o", serverOptions, "start"], runAs, ToolTimeout);
            if (result.ExitCode == 0)
            {
                return listenPort;
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
