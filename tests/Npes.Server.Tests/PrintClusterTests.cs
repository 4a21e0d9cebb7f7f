using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npes.Testing;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>
/// The print pipeline across real server processes on one database: a worker killed with SIGKILL at random
/// moments loses nothing and duplicates nothing; two servers share the work through the job engine.
/// </summary>
public sealed class PrintClusterTests
{
    [Fact]
    public async Task WorkerKilledAtRandom_EveryPieceInExactlyOneBatchOnce()
    {
        const int Letters = 500;
        var settings = await NpesApp.SettingsAsync();
        using var front = StartNode(settings, print: false);
        var worker = StartNode(settings, print: true);
        try
        {
            await ReadyAsync(front);
            await ReadyAsync(worker);
            using var org = await LoggedInAsync(front.Url, "org-1.p12");

            // Letters flow in through the front server while the worker is killed and restarted at random moments.
            var sending = SendAsync(org, Letters);
            var random = new Random(20261122);
            var kills = 0;
            while (!sending.IsCompleted || kills < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 4000)));
                worker.Process.Kill(); // SIGKILL: no shutdown, no cleanup
                await worker.Process.WaitForExitAsync();
                kills++;
                worker.Dispose();
                worker = StartNode(settings, print: true);
                await ReadyAsync(worker);
            }

            await sending;
            await AssertExactlyOnceAsync(settings, front, Letters, minimumNodes: 1);
        }
        finally
        {
            worker.Dispose();
        }
    }

    [Fact]
    public async Task TwoServers_ShareTheWork_WithoutDuplicates()
    {
        const int Letters = 200;
        var settings = await NpesApp.SettingsAsync();
        using var first = StartNode(settings, print: true);
        using var second = StartNode(settings, print: true);
        await ReadyAsync(first);
        await ReadyAsync(second);
        using var org = await LoggedInAsync(first.Url, "org-1.p12");

        await SendAsync(org, Letters);

        await AssertExactlyOnceAsync(settings, first, Letters, minimumNodes: 2);
    }

    [Fact]
    public async Task TwoServers_RecurringSweep_RunsOncePerOccurrenceNotOncePerNode()
    {
        var settings = await NpesApp.SettingsAsync();
        using var first = StartNode(settings, print: true, sweepSeconds: 2);
        using var second = StartNode(settings, print: true, sweepSeconds: 2);
        await ReadyAsync(first);
        await ReadyAsync(second);
        await using var connection = new NpgsqlConnection(settings["ConnectionStrings:Npes"]);
        await connection.OpenAsync();
        const string Sweeps = """
            select j.createdat from hangfire.job j join hangfire.jobparameter p on p.jobid = j.id
            where p.name = 'RecurringJobId' and p.value = '"print-sweep"' and j.createdat >= to_timestamp(@from) order by j.createdat
            """;

        // Both nodes run a job server and a recurring-job scheduler; watch 30 seconds of a sweep due every 2 seconds.
        var from = await ScalarAsync(connection, "select floor(extract(epoch from clock_timestamp()))::bigint") + 2;
        await Task.Delay(TimeSpan.FromSeconds(32));
        await using var command = new NpgsqlCommand(Sweeps, connection);
        command.Parameters.AddWithValue("from", (double)from);
        var created = new List<DateTime>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                created.Add(reader.GetDateTime(0));
            }
        }

        Assert.InRange(created.Count, 6, 17);
        Assert.All(created.Zip(created.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1), $"two sweeps created {pair.Second - pair.First} apart"));
        Assert.Equal(2, await ScalarAsync(connection, "select count(*) from hangfire.server"));
    }

    /// <summary>Waits for every piece to be batched, closes and builds the batches, then checks each piece is in exactly one batch once.</summary>
    private static async Task AssertExactlyOnceAsync(Dictionary<string, string?> settings, Node node, int letters, int minimumNodes)
    {
        await using var connection = new NpgsqlConnection(settings["ConnectionStrings:Npes"]);
        await connection.OpenAsync();
        await WaitForAsync(async () => await ScalarAsync(connection, "select count(*) from print_pieces where state = 'batched'") == letters, $"{letters} pieces batched", TimeSpan.FromMinutes(4));

        using var operatorClient = await LoggedInAsync(node.Url, "operator-1.p12");
        (await operatorClient.PostAsync("api/v1/print/batches/close", null)).EnsureSuccessStatusCode();
        await WaitForAsync(async () => await ScalarAsync(connection, "select count(*) from print_batches where state <> 'ready'") == 0, "every batch built", TimeSpan.FromMinutes(2));

        Assert.Equal(letters, await ScalarAsync(connection, "select count(*) from print_pieces"));
        Assert.Equal(letters, await ScalarAsync(connection, "select count(*) from print_pieces where batch_id is not null and batch_position is not null"));
        Assert.Equal(letters, await ScalarAsync(connection, "select coalesce(sum(piece_count), 0) from print_batches"));
        Assert.Equal(0, await ScalarAsync(connection, "select count(*) from print_batches b where piece_count <> (select count(*) from print_pieces p where p.batch_id = b.id)"));
        Assert.True(await ScalarAsync(connection, "select count(distinct rendered_by) from print_pieces") >= minimumNodes, "the work was not shared between the servers");

        // Batch numbers count 1, 2, 3, ... per day and envelope, with no gap left by a killed server.
        Assert.Equal(0, await ScalarAsync(connection, """
            select count(*) from (
                select (regexp_match(number, '(\d+)$'))[1]::int as serial,
                       row_number() over (partition by day, envelope order by (regexp_match(number, '(\d+)$'))[1]::int) as expected
                from print_batches) numbered
            where serial <> expected
            """));

        // The manifests, as the print shop receives them, list every S10 exactly once across all batches.
        var batches = await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/print/batches?limit=500");
        var s10s = new List<string>();
        foreach (var batch in batches.EnumerateArray())
        {
            var number = batch.GetProperty("number").GetString();
            var manifest = await operatorClient.GetFromJsonAsync<JsonElement>($"api/v1/print/batches/{number}/manifest.json");
            var pieces = manifest.GetProperty("pieces").EnumerateArray().ToList();
            Assert.Equal(Enumerable.Range(1, pieces.Count), pieces.Select(p => p.GetProperty("position").GetInt32()));
            s10s.AddRange(pieces.Select(p => p.GetProperty("s10").GetString()!));
        }

        Assert.Equal(letters, s10s.Count);
        Assert.Equal(letters, s10s.Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task SendAsync(HttpClient org, int count)
    {
        var pdf = TestDocuments.Pdf();
        var next = 0;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= count)
            {
                var postcode = (210000 + (i * 7919 % 30000)).ToString(CultureInfo.InvariantCulture);
                var metadata = Letters.Metadata("Получатель Номер " + i.ToString(CultureInfo.InvariantCulture), $"{postcode}, г. Витебск, ул. Ленина, д. {i}, кв. 1", kind: "simple");
                using var response = await Letters.SendAsync(org, metadata, [new Attachment("letter.pdf", "application/pdf", pdf)], idempotencyKey: "cluster-" + i.ToString(CultureInfo.InvariantCulture));
                response.EnsureSuccessStatusCode();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WorkerAsync()));
    }

    private static Node StartNode(Dictionary<string, string?> settings, bool print, int sweepSeconds = 1)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var environment = settings
            .Where(s => s.Value is not null)
            .Select(s => (Name: s.Key.Replace(":", "__", StringComparison.Ordinal), Value: s.Value!))
            .Where(s => s.Name is not "Npes__Jobs__Enabled")
            .Concat(
            [
                ("ASPNETCORE_ENVIRONMENT", "Testing"),
                ("Npes__Jobs__Enabled", print ? "true" : "false"),
                ("Npes__Jobs__WorkerCount", "2"),
                ("Npes__Jobs__TakeoverAfter", "00:00:20"),
                ("Npes__Print__SweepSeconds", sweepSeconds.ToString(CultureInfo.InvariantCulture)),
                ("Npes__Print__BatchMaxPieces", "60"),
                ("ConnectionStrings__Npes", settings["ConnectionStrings:Npes"]!),
            ])
            .ToArray();
        return new Node(ServerProcess.Start(url, environment), new Uri(url + "/"));
    }

    private static async Task ReadyAsync(Node node)
    {
        using var http = new HttpClient { BaseAddress = node.Url };
        Assert.True(await ServerProcess.WaitForReadyAsync(http, node.Process), node.Server.Output);
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

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(500);
        }
    }

    private sealed record Node(ServerProcess Server, Uri Url) : IDisposable
    {
        public System.Diagnostics.Process Process => Server.Process;

        public void Dispose() => Server.Dispose();
    }
}
