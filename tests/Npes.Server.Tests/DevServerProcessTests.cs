using System.Net;
using Npes.Storage;

namespace Npes.Server.Tests;

/// <summary>
/// The server as a newcomer runs it: a real process with no connection string, which must start its own
/// PostgreSQL, migrate, seed the demo, answer readiness, and stop its PostgreSQL when it stops.
/// </summary>
public sealed class DevServerProcessTests
{
    [Fact]
    public async Task Start_NoConnectionString_ReadyOnPrivateClusterAndSigtermStopsIt()
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), "npes-devserver-" + Guid.NewGuid().ToString("N"));
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        using var server = ServerProcess.Start(url, ("Npes__Storage__DataRoot", dataRoot));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var ready = await ServerProcess.WaitForReadyAsync(http, server.Process);
            using var mailbox = await http.GetAsync("/api/v1/mailboxes/me");

            await server.TerminateAsync();

            Assert.True(ready, server.Output);
            Assert.Equal(HttpStatusCode.Unauthorized, mailbox.StatusCode);
            Assert.Equal(0, server.Process.ExitCode);
            Assert.False(File.Exists(Path.Combine(dataRoot, "pgdata", "postmaster.pid")), "PostgreSQL still running after the server stopped");
            Assert.Contains("Stopping the private PostgreSQL cluster", server.Output, StringComparison.Ordinal);
            Assert.Contains("Demo: created a mailbox for Иванов Иван Иванович", server.Output, StringComparison.Ordinal);
            Assert.Contains("Demo: created a mailbox for Ковалёва Мария Андреевна", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            ServerProcess.RemoveDataRoot(dataRoot);
        }
    }

    [Fact]
    public async Task Start_PostgresBinariesMissing_ExplainsAndExitsNonZero()
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), "npes-devserver-" + Guid.NewGuid().ToString("N"));
        using var server = ServerProcess.Start($"http://127.0.0.1:{ServerProcess.FreePort()}", ("Npes__Storage__DataRoot", dataRoot), ("Npes__Storage__PostgresBinDirectory", "/nonexistent/bin"));

        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, server.Process.ExitCode);
        Assert.Contains("apt-get install postgresql", server.Output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Npes", server.Output, StringComparison.Ordinal);
        ServerProcess.RemoveDataRoot(dataRoot);
    }
}
