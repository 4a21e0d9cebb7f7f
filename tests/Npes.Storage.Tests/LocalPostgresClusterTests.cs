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
}
