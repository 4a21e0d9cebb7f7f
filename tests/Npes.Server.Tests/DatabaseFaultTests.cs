using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Npes.Server.Tests;

/// <summary>
/// Real server processes on their private PostgreSQL cluster, as a developer or a small installation runs them: one
/// server per cluster folder, and a cluster whose postmaster dies comes back without restarting the server.
/// </summary>
public sealed class DatabaseFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_SecondServerInSameFolder_RefusedWhileFirstKeepsServing()
    {
        var dataRoot = NewDataRoot();
        var settings = await PrivateClusterSettingsAsync(dataRoot);
        var first = StartNode(settings);
        ServerProcess? orphanAdopter = null;
        try
        {
            await ReadyAsync(first);
            using var org = await LoggedInAsync(first.Url, "org-1.p12");
            await SendOkAsync(org, 1);

            using (var second = StartNode(settings))
            {
                await second.Server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

                Assert.NotEqual(0, second.Server.Process.ExitCode);
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"belongs to another NPES server (pid {first.Server.Process.Id}, listening on {first.Url.ToString().TrimEnd('/')})"), second.Server.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("Stopping the private PostgreSQL cluster", second.Server.Output, StringComparison.Ordinal);
            }

            // The first server never noticed: its cluster runs, it is ready and it takes letters.
            using (var http = new HttpClient { BaseAddress = first.Url })
            using (var ready = await http.GetAsync("/health/ready"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            await SendOkAsync(org, 2);

            // Killed -9, the first server leaves its cluster running and releases the folder: the next server adopts it.
            first.Server.Process.Kill();
            await first.Server.Process.WaitForExitAsync();
            Assert.True(File.Exists(Path.Combine(dataRoot, "pgdata", "postmaster.pid")), "the cluster should outlive a killed server");
            var third = StartNode(settings);
            orphanAdopter = third.Server;
            await ReadyAsync(third);
            using var again = await LoggedInAsync(third.Url, "org-1.p12");
            await SendOkAsync(again, 3);
            await third.Server.TerminateAsync();
            Assert.Equal(0, third.Server.Process.ExitCode);
            Assert.False(File.Exists(Path.Combine(dataRoot, "pgdata", "postmaster.pid")), "the adopting server should stop the cluster it owns");
        }
        finally
        {
            first.Dispose();
            orphanAdopter?.Dispose();
            ServerProcess.RemoveDataRoot(dataRoot);
        }
    }

    [Fact]
    public async Task Postmaster_KilledUnderLoad_ServerRecoversAndRefusalsAre503WithRetryAfter()
    {
        var dataRoot = NewDataRoot();
        var settings = await PrivateClusterSettingsAsync(dataRoot);
        var node = StartNode(settings);
        try
        {
            await ReadyAsync(node);
            using var org = await LoggedInAsync(node.Url, "org-1.p12");

            var outcomes = new ConcurrentQueue<Outcome>();
            using var stop = new CancellationTokenSource();
            var next = 0;
            async Task WorkerAsync()
            {
                while (!stop.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    var outcome = await SendAsync(org, i);
                    outcomes.Enqueue(outcome);
                    if (outcome.Status == HttpStatusCode.ServiceUnavailable)
                    {
                        // A client backs off when told to (here a fraction of Retry-After, to keep probing).
                        await Task.Delay(TimeSpan.FromMilliseconds(250));
                    }
                }
            }

            var load = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkerAsync)).ToArray();
            await WaitForAsync(() => outcomes.Count(o => o.Status == HttpStatusCode.Created) >= 20, TimeSpan.FromSeconds(60));

            var postmaster = int.Parse(File.ReadLines(Path.Combine(dataRoot, "pgdata", "postmaster.pid")).First(), NumberStyles.None, CultureInfo.InvariantCulture);
            using (var kill = Process.Start("kill", ["-9", postmaster.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var killedAt = Stopwatch.GetTimestamp();
            var killedAtUtc = DateTime.UtcNow;

            // Accepted again: a letter whose request began after the kill is stored, with no restart of the server.
            // The bound is generous on purpose: this checks recovery without a restart, not its speed (about 1 s on a quiet
            // machine, up to 20 s while a test run loads it; the figure is printed below).
            await WaitForAsync(() => outcomes.Any(o => o.Status == HttpStatusCode.Created && o.StartedTimestamp > killedAt), TimeSpan.FromSeconds(60));
            var recovery = Stopwatch.GetElapsedTime(killedAt);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(load);

            var refused = outcomes.Where(o => o.Status != HttpStatusCode.Created).ToList();
            output.WriteLine(FormattableString.Invariant($"recovered {recovery.TotalSeconds:0.0} s after the kill; {refused.Count} requests refused meanwhile"));
            Assert.False(node.Server.Process.HasExited, node.Server.Output);
            Assert.True(recovery < TimeSpan.FromSeconds(45), $"recovered after {recovery.TotalSeconds:0.0} s{Environment.NewLine}{Diagnose(killedAtUtc, node.Server.Output, Path.Combine(dataRoot, "postgres.log"))}");
            Assert.NotEmpty(refused);
            Assert.All(refused, o =>
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Status);
                Assert.Equal("npes.unavailable", o.Code);
                Assert.True(o.RetryAfterSeconds is > 0, "Retry-After missing");
            });
            Assert.Contains("running again", node.Server.Output, StringComparison.Ordinal);

            // The refused submissions are safe to retry with their Idempotency-Key: each is now stored once.
            foreach (var o in refused)
            {
                var retry = await SendAsync(org, o.Number);
                Assert.Equal(HttpStatusCode.Created, retry.Status);
            }

            using var http = new HttpClient { BaseAddress = node.Url };
            using var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("Restarted 1 time(s)", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            node.Dispose();
            ServerProcess.RemoveDataRoot(dataRoot);
        }
    }

    /// <summary>When the recovery took too long: the supervisor's and PostgreSQL's account of it.</summary>
    private static string Diagnose(DateTime killedAtUtc, string serverOutput, string postgresLog)
    {
        var server = serverOutput.Split('\n').Where(l => l.Contains("PostgresSupervisor", StringComparison.Ordinal) || l.Contains("SubmitLetter", StringComparison.Ordinal)).TakeLast(20);
        var postgres = File.Exists(postgresLog) ? File.ReadLines(postgresLog).Where(l => !l.Contains("not yet accepting", StringComparison.Ordinal)).TakeLast(30) : [];
        return string.Join(Environment.NewLine, [FormattableString.Invariant($"killed at {killedAtUtc:O}"), .. server, .. postgres]);
    }

    private static string NewDataRoot() => Path.Combine(Path.GetTempPath(), "npes-fault-" + Guid.NewGuid().ToString("N"));

    /// <summary>The test host's settings without a connection string: the server runs (and migrates) its private cluster.</summary>
    private static async Task<Dictionary<string, string?>> PrivateClusterSettingsAsync(string dataRoot)
    {
        var settings = await NpesApp.SettingsAsync();
        settings.Remove("ConnectionStrings:Npes");
        settings.Remove("Npes:Storage:MigrateOnStart");
        settings["Npes:Storage:DataRoot"] = dataRoot;
        return settings;
    }

    private static Node StartNode(Dictionary<string, string?> settings)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var environment = settings
            .Where(s => s.Value is not null)
            .Select(s => (Name: s.Key.Replace(":", "__", StringComparison.Ordinal), Value: s.Value!))
            .Append(("ASPNETCORE_ENVIRONMENT", "Testing"))
            .ToArray();
        return new Node(ServerProcess.Start(url, environment), new Uri(url + "/"));
    }

    private static async Task ReadyAsync(Node node)
    {
        using var http = new HttpClient { BaseAddress = node.Url };
        Assert.True(await ServerProcess.WaitForReadyAsync(http, node.Server.Process), node.Server.Output);
    }

    private static async Task<HttpClient> LoggedInAsync(Uri url, string p12)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        using var login = await NpesApp.LoginAsync(client, p12);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task SendOkAsync(HttpClient org, int number)
    {
        var outcome = await SendAsync(org, number);
        Assert.True(outcome.Status == HttpStatusCode.Created, $"{outcome.Status} {outcome.Code}");
    }

    private static readonly byte[] Pdf = TestDocuments.Pdf();

    private static async Task<Outcome> SendAsync(HttpClient org, int number)
    {
        var started = Stopwatch.GetTimestamp();
        var text = number.ToString(CultureInfo.InvariantCulture);
        var postcode = (210000 + (number * 7919 % 30000)).ToString(CultureInfo.InvariantCulture);
        var metadata = Letters.Metadata("Получатель Номер " + text, $"{postcode}, г. Витебск, ул. Ленина, д. {text}, кв. 1", kind: "simple");
        using var response = await Letters.SendAsync(org, metadata, [new Attachment("letter.pdf", "application/pdf", Pdf)], idempotencyKey: "fault-" + text);
        string? code = null;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            code = body.Length > 0 && body[0] == '{' && JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : body;
        }

        return new Outcome(number, response.StatusCode, code, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, started);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }

    private sealed record Outcome(int Number, HttpStatusCode Status, string? Code, int? RetryAfterSeconds, long StartedTimestamp);

    private sealed record Node(ServerProcess Server, Uri Url) : IDisposable
    {
        public void Dispose() => Server.Dispose();
    }
}
