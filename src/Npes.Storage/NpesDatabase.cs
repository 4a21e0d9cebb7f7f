using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Storage.Postgres;

namespace Npes.Storage;

/// <summary>
/// Where NPES' database is: the configured <c>ConnectionStrings:Npes</c>, or else a private PostgreSQL cluster
/// that this process starts on first use and stops when it is disposed (with the host).
/// </summary>
public sealed class NpesDatabase : IDisposable
{
    public const string ConnectionStringName = "Npes";

    private readonly Lazy<string> _connectionString;
    private readonly ILogger<NpesDatabase> _logger;
    private LocalPostgresCluster? _cluster;

    public NpesDatabase(IConfiguration configuration, IOptions<StorageOptions> options, ILogger<NpesDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var configured = configuration.GetConnectionString(ConnectionStringName);
        IsPrivateCluster = string.IsNullOrWhiteSpace(configured);
        _connectionString = new Lazy<string>(
            () => IsPrivateCluster ? StartPrivateCluster(options.Value) : configured!,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True when no connection string is configured and NPES runs its own cluster.</summary>
    public bool IsPrivateCluster { get; }

    /// <summary>Folder of the private cluster once started; null for a configured server.</summary>
    public string? DataRoot => _cluster?.DataRoot;

    /// <summary>The private cluster once started (for its supervisor); null for a configured server or before first use.</summary>
    internal LocalPostgresCluster? Cluster => _cluster;

    /// <summary>Names the addresses this server listens on beside the private cluster it owns (no-op otherwise).</summary>
    public void RecordOwnerAddresses(string addresses) => _cluster?.RecordOwnerAddresses(addresses);

    /// <summary>The connection string; starts the private cluster on first call when there is no configured one.</summary>
    /// <exception cref="PostgresUnavailableException">The private cluster cannot start.</exception>
    public string ConnectionString => _connectionString.Value;

    public void Dispose()
    {
        if (_cluster is not null)
        {
            _logger.LogInformation("Stopping the private PostgreSQL cluster on port {Port}", _cluster.Port);
            _cluster.Stop();
            _cluster = null;
        }
    }

    private string StartPrivateCluster(StorageOptions options)
    {
        var dataRoot = options.DataRoot ?? DefaultDataRoot();
        _logger.LogInformation("No ConnectionStrings:Npes configured; starting a private PostgreSQL cluster in {DataRoot}", dataRoot);
        _cluster = LocalPostgresCluster.Start(new LocalPostgresOptions(dataRoot, BinDirectory: options.PostgresBinDirectory));
        _logger.LogInformation("Private PostgreSQL cluster listening on 127.0.0.1:{Port} (data in {DataDirectory})", _cluster.Port, _cluster.DataDirectory);
        return _cluster.ConnectionString;
    }

    /// <summary><c>.npes/dev</c> in the working tree (the folder holding NPES.sln), else in the current folder.</summary>
    public static string DefaultDataRoot()
    {
        var root = RepositoryRoot.Find() ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, ".npes", "dev");
    }
}
