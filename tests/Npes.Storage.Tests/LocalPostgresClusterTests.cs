using Dapper;
using Npes.Storage.Postgres;
using Npgsql;

namespace Npes.Storage.Tests;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public void Start_SecondStartOverSameFolder_ReusesTheData()
    {
        var root = Path.Combine(Path.GetTempPath(), "npes-cluster-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions(root, "reuse", Durable: false)))
            {
                using var connection = new NpgsqlConnection(cluster.ConnectionString);
                connection.Execute("create table kept (value text); insert into kept values ('still here')");
            }

            using var again = LocalPostgresCluster.Start(new LocalPostgresOptions(root, "reuse", Durable: false));
            using var reconnection = new NpgsqlConnection(again.ConnectionString);

            Assert.Equal("still here", reconnection.ExecuteScalar<string>("select value from kept"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Stop_RunningCluster_RefusesConnections()
    {
        var root = Path.Combine(Path.GetTempPath(), "npes-cluster-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions(root, Durable: false));

            cluster.Stop();

            using var connection = new NpgsqlConnection(cluster.ConnectionString);
            Assert.ThrowsAny<NpgsqlException>(() => connection.Open());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Start_BinariesMissing_NamesThePackageAndTheSetting()
    {
        var root = Path.Combine(Path.GetTempPath(), "npes-cluster-test-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<PostgresUnavailableException>(
            () => LocalPostgresCluster.Start(new LocalPostgresOptions(root, BinDirectory: "/nonexistent/postgresql/bin")));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Npes", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Start_FolderOwnedByALiveCluster_RefusedAndTheOwnerKeepsRunning()
    {
        var root = Path.Combine(Path.GetTempPath(), "npes-cluster-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var owner = LocalPostgresCluster.Start(new LocalPostgresOptions(root, Durable: false));
            owner.RecordOwnerAddresses("http://127.0.0.1:5999");

            var refused = Assert.Throws<ClusterInUseException>(() => LocalPostgresCluster.Start(new LocalPostgresOptions(root, Durable: false)));
            LocalPostgresCluster.StopIfRunning(root); // the clean-up of dead runs leaves an owned cluster alone

            Assert.Equal(Environment.ProcessId, refused.Owner?.ProcessId);
            Assert.Contains("listening on http://127.0.0.1:5999", refused.Message, StringComparison.Ordinal);
            Assert.True(owner.IsRunning());
            using var connection = new NpgsqlConnection(owner.ConnectionString);
            Assert.Equal(1, connection.ExecuteScalar<int>("select 1"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TryRestart_PostmasterKilled_StartsAgainOnTheSamePortWithTheData()
    {
        var root = Path.Combine(Path.GetTempPath(), "npes-cluster-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions(root, "restart"));
            using (var connection = new NpgsqlConnection(cluster.ConnectionString))
            {
                connection.Execute("create table kept (value text); insert into kept values ('still here')");
            }

            var postmaster = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            using (var kill = System.Diagnostics.Process.Start("kill", ["-9", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (cluster.IsRunning() && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            var wasDown = !cluster.IsRunning();
            var restarted = false;
            string output = string.Empty;
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (!restarted && DateTime.UtcNow < deadline)
            {
                restarted = cluster.TryRestart(out output);
                if (!restarted)
                {
                    Thread.Sleep(250);
                }
            }

            NpgsqlConnection.ClearAllPools();
            using var reconnection = new NpgsqlConnection(cluster.ConnectionString);

            Assert.True(wasDown);
            Assert.True(restarted, output);
            Assert.Equal("still here", reconnection.ExecuteScalar<string>("select value from kept"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
