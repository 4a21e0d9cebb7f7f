using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Npes.Eds.Pki;
using Npes.Storage;
using Npes.Storage.Postgres;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

// NPES load generator: registered letters with a ~200 KB PDF over HTTP against the real server on its own
// PostgreSQL, then pgbench inserting equivalent rows into the same cluster as the yardstick.
// Usage: dotnet run -c Release --project bench/Npes.LoadGen -- [--seconds 20] [--concurrency 16] [--pdf-kb 200] [--warmup 60] [--server-env NAME=VALUE ...]
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 16);
var pdfKb = Option("--pdf-kb", 200);
var warmup = Option("--warmup", 60);
var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run inside the NPES working tree.");
var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
var serverDll = Path.Combine(root, "src", "Npes.Server", "bin", configuration, "net10.0", "Npes.Server.dll");
var pki = Path.Combine(root, "certs-sample");

var dataRoot = Path.Combine(Path.GetTempPath(), "npes-loadgen-" + Guid.NewGuid().ToString("N"));
using var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions(dataRoot, "npes_load"));
var url = $"http://127.0.0.1:{FreePort()}";
var serverEnvironment = args.Select((a, i) => (a, i)).Where(x => x.a == "--server-env" && x.i + 1 < args.Length).Select(x => args[x.i + 1].Split('=', 2)).ToList();
var server = StartServer(serverDll, url, cluster.ConnectionString, serverEnvironment);
try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    await WaitReadyAsync(http, server);
    var bank = await LoginAsync(http, Path.Combine(pki, "org-1.p12"));
    var citizen = await LoginAsync(http, Path.Combine(pki, "citizen-1.p12"));
    const string address = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";
    using (var register = new HttpRequestMessage(HttpMethod.Post, "/api/v1/mailboxes") { Content = JsonContent.Create(new { addresses = new[] { address } }) })
    {
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", citizen);
        (await http.SendAsync(register)).EnsureSuccessStatusCode();
    }

    // The confirmation code went on paper; this harness owns the database and confirms the address itself.
    await using (var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString))
    {
        await connection.OpenAsync();
        await using var confirm = new Npgsql.NpgsqlCommand(
            "update mailbox_addresses set confirmed = true, confirmed_at = now(), confirmation_code_sha256 = null; update mailbox_directory_version set version = version + 1",
            connection);
        await confirm.ExecuteNonQueryAsync();
    }

    var pdf = MakePdf(pdfKb * 1024);
    var metadata = JsonSerializer.Serialize(new { recipient = new { name = "Иванов Иван Иванович", address }, kind = "registered", subject = "Счёт-извещение" });
    Console.WriteLine($"server {url}; PDF {pdf.Length / 1024} KB; {concurrency} concurrent senders; warm-up {warmup} s, then {seconds} s");

    await RunAsync(TimeSpan.FromSeconds(warmup)); // warm-up: tiered JIT, connection pools, PostgreSQL caches
    var postmaster = int.Parse(File.ReadLines(Path.Combine(dataRoot, "pgdata", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    var (serverBefore, workersBefore, postgresBefore, selfBefore, machineBefore) = (CpuTime(server), ChildrenCpu(server.Id), ProcessTreeCpu(postmaster), Process.GetCurrentProcess().TotalProcessorTime, MachineCpu());
    var (latencies, errors, elapsed) = await RunAsync(TimeSpan.FromSeconds(seconds));
    var perLetter = 1.0 / Math.Max(1, latencies.Count);
    var serverCpuMsPerLetter = (CpuTime(server) - serverBefore).TotalMilliseconds * perLetter;
    var workersCpuMsPerLetter = (ChildrenCpu(server.Id) - workersBefore).TotalMilliseconds * perLetter;
    var postgresCpuMsPerLetter = (ProcessTreeCpu(postmaster) - postgresBefore).TotalMilliseconds * perLetter;
    var selfCpuMsPerLetter = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalMilliseconds * perLetter;
    var machineBusy = MachineCpu();
    var otherCpuMsPerLetter = ((machineBusy - machineBefore).TotalMilliseconds * perLetter) - serverCpuMsPerLetter - workersCpuMsPerLetter - postgresCpuMsPerLetter - selfCpuMsPerLetter;
    latencies.Sort();
    var perSecond = latencies.Count / elapsed.TotalSeconds;
    var p50 = Percentile(latencies, 0.50);
    var p99 = Percentile(latencies, 0.99);
    Console.WriteLine($"NPES: {latencies.Count} letters accepted in {elapsed.TotalSeconds:0.0} s = {perSecond:0.0} letters/s; p50 {p50:0.0} ms, p99 {p99:0.0} ms; {errors} errors");
    Console.WriteLine($"CPU per letter: server {serverCpuMsPerLetter:0.00} ms, its document workers {workersCpuMsPerLetter:0.00} ms, PostgreSQL {postgresCpuMsPerLetter:0.00} ms, load generator {selfCpuMsPerLetter:0.00} ms, other processes on the machine {otherCpuMsPerLetter:0.00} ms");
    Console.WriteLine($"CPU ceiling on {Environment.ProcessorCount} cores for server + workers + PostgreSQL + load generator: {Environment.ProcessorCount * 1000 / (serverCpuMsPerLetter + workersCpuMsPerLetter + postgresCpuMsPerLetter + selfCpuMsPerLetter):0} letters/s");

    var pgbench = RunPgbench(cluster, pdf.Length, concurrency, seconds);
    Console.WriteLine($"pgbench (same cluster, equivalent rows per letter: letter + {pdf.Length / 1024} KB document + receipt + 2 events): {pgbench:0.0} transactions/s");
    Console.WriteLine($"ratio: NPES accepts {perSecond / pgbench:0.00} × the bare-insert rate of the same PostgreSQL");
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        letters_per_s = Math.Round(perSecond, 1),
        p50_ms = Math.Round(p50, 1),
        p99_ms = Math.Round(p99, 1),
        errors,
        server_cpu_ms_per_letter = Math.Round(serverCpuMsPerLetter, 2),
        document_workers_cpu_ms_per_letter = Math.Round(workersCpuMsPerLetter, 2),
        postgres_cpu_ms_per_letter = Math.Round(postgresCpuMsPerLetter, 2),
        loadgen_cpu_ms_per_letter = Math.Round(selfCpuMsPerLetter, 2),
        other_cpu_ms_per_letter = Math.Round(otherCpuMsPerLetter, 2),
        pgbench_tps = Math.Round(pgbench, 1),
        ratio = Math.Round(perSecond / pgbench, 3),
        concurrency,
        pdf_bytes = pdf.Length,
        cores = Environment.ProcessorCount,
    }));

    async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> RunAsync(TimeSpan duration)
    {
        var all = new List<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                using var form = new MultipartFormDataContent
                {
                    { new StringContent(metadata, Encoding.UTF8, "application/json"), "letter" },
                };
                var document = new ByteArrayContent(pdf);
                document.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(document, "document", "invoice.pdf");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/letters") { Content = form };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bank);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    mine.Add(ms);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }

            lock (all)
            {
                all.AddRange(mine);
            }
        }));
        return (all, failures, clock.Elapsed);
    }
}
finally
{
    if (!server.HasExited)
    {
        server.Kill(entireProcessTree: true);
    }

    server.Dispose();
    cluster.Stop();
    Directory.Delete(dataRoot, recursive: true);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartServer(string dll, string url, string connectionString, List<string[]> environment)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    start.ArgumentList.Add(dll);
    start.ArgumentList.Add("--urls");
    start.ArgumentList.Add(url);
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    start.Environment["ConnectionStrings__Npes"] = connectionString;
    start.Environment["Npes__Storage__MigrateOnStart"] = "true";
    start.Environment["Npes__Storage__MasterKeys__load"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    start.Environment["Npes__Demo__Enabled"] = "false";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    foreach (var pair in environment)
    {
        start.Environment[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
    }

    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("server: " + e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient http, Process server)
{
    for (var i = 0; i < 240 && !server.HasExited; i++)
    {
        try
        {
            if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(250);
    }

    throw new InvalidOperationException("The server did not become ready.");
}

static async Task<string> LoginAsync(HttpClient http, string p12)
{
    using var certificate = X509CertificateLoader.LoadPkcs12FromFile(p12, SamplePki.DemoPassword, X509KeyStorageFlags.EphemeralKeySet);
    var der = Convert.ToBase64String(certificate.RawData);
    var challenge = await (await http.PostAsJsonAsync("/api/v1/auth/challenge", new { certificate = der })).Content.ReadFromJsonAsync<JsonElement>();
    var toBeSigned = Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!);
    using var key = certificate.GetECDsaPrivateKey()!;
    var login = await http.PostAsJsonAsync("/api/v1/auth/login", new
    {
        challengeId = challenge.GetProperty("challengeId").GetGuid(),
        certificate = der,
        signature = Convert.ToBase64String(key.SignData(toBeSigned, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
    });
    login.EnsureSuccessStatusCode();
    return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
}

static byte[] MakePdf(int approximateBytes)
{
    PdfSharp.PdfSharpLicense.SetAgplLicense();
    using var document = new PdfDocument();
    var page = document.AddPage();
    using (var graphics = XGraphics.FromPdfPage(page))
    {
        // Incompressible noise as thin lines, so the file really is ~N KB of content.
        var random = new Random(42);
        var pen = new XPen(XColors.Black, 0.1);
        for (var drawn = 0; drawn < approximateBytes / 18; drawn++)
        {
            graphics.DrawLine(pen, random.NextDouble() * 595, random.NextDouble() * 842, random.NextDouble() * 595, random.NextDouble() * 842);
        }
    }

    document.Options.CompressContentStreams = true;
    using var buffer = new MemoryStream();
    document.Save(buffer);
    return buffer.ToArray();
}

// User + system CPU time the server process has used so far.
static TimeSpan CpuTime(Process process)
{
    process.Refresh();
    return process.TotalProcessorTime;
}

// PostgreSQL's CPU: the postmaster, its live backends, and the backends that have exited (counted in the postmaster's
// cutime/cstime once reaped). Linux /proc only.
static TimeSpan ProcessTreeCpu(int postmaster)
{
    double ticks = 0;
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || StatFields(Path.Combine(directory, "stat")) is not { } fields)
        {
            continue;
        }

        if (pid == postmaster)
        {
            ticks += fields[11] + fields[12] + fields[13] + fields[14];
        }
        else if ((int)fields[1] == postmaster)
        {
            ticks += fields[11] + fields[12];
        }
    }

    return TimeSpan.FromSeconds(ticks / 100.0);
}

// The CPU of a process's children (the server's document workers) and of their children (LibreOffice): live ones,
// and the ones that have exited (in the parent's cutime/cstime once reaped). Linux /proc only.
static TimeSpan ChildrenCpu(int parent)
{
    double ticks = 0;
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || StatFields(Path.Combine(directory, "stat")) is not { } fields)
        {
            continue;
        }

        if (pid == parent)
        {
            ticks += fields[13] + fields[14];
        }
        else if ((int)fields[1] == parent)
        {
            ticks += fields[11] + fields[12] + fields[13] + fields[14];
        }
    }

    return TimeSpan.FromSeconds(ticks / 100.0);
}

// Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
static double[]? StatFields(string path)
{
    string text;
    try
    {
        text = File.ReadAllText(path);
    }
    catch (IOException)
    {
        return null;
    }
    catch (UnauthorizedAccessException)
    {
        return null;
    }

    var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
    return rest.Select(f => double.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
}

// Busy CPU time of the whole machine (all cores) from /proc/stat.
static TimeSpan MachineCpu()
{
    var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    var idle = cpu[3] + cpu[4];
    return TimeSpan.FromSeconds((cpu.Take(8).Sum() - idle) / 100.0);
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static double RunPgbench(LocalPostgresCluster cluster, int documentBytes, int clients, int seconds)
{
    using (var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString))
    {
        connection.Open();
        using var create = new Npgsql.NpgsqlCommand(
            """
            create table if not exists bench_letters (id uuid primary key, s10 text, manifest bytea, created_at timestamptz);
            create table if not exists bench_documents (letter_id uuid, position int, sealed bytea);
            create table if not exists bench_receipts (letter_id uuid, kind text, cms bytea);
            create table if not exists bench_events (letter_id uuid, seq int, encoded bytea, signature bytea);
            """, connection);
        create.ExecuteNonQuery();
    }

    var script = Path.Combine(Path.GetTempPath(), "npes-pgbench-" + Guid.NewGuid().ToString("N") + ".sql");
    File.WriteAllText(script, string.Create(CultureInfo.InvariantCulture, $"""
        begin;
        insert into bench_letters values (gen_random_uuid(), 'RR000000000BY', decode(repeat('ab', 700), 'hex'), now()) returning id \gset
        insert into bench_documents values (':id'::uuid, 0, decode(substr(repeat(md5(random()::text), {(documentBytes / 16) + 1}), 1, {documentBytes * 2}), 'hex'));
        insert into bench_receipts values (':id'::uuid, 'acceptance', decode(repeat('cd', 4000), 'hex'));
        insert into bench_events values (':id'::uuid, 1, decode(repeat('ef', 600), 'hex'), decode(repeat('01', 2500), 'hex'));
        insert into bench_events values (':id'::uuid, 2, decode(repeat('ef', 600), 'hex'), decode(repeat('01', 2500), 'hex'));
        commit;

        """));
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
    var builder = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString);
    var pgbench = PostgresBinaries.Find()!.Tool("pgbench");
    var start = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in new[] { "-n", "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, builder.Database! })
    {
        start.ArgumentList.Add(arg);
    }

    start.Environment["PGPASSWORD"] = builder.Password;
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
    process.WaitForExit();
    File.Delete(script);
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal))
        ?? throw new InvalidOperationException("pgbench failed: " + output);
    return double.Parse(line["tps = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
}
