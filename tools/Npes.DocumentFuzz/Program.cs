using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Core.Errors;
using Npes.Documents;
using Npes.Documents.Intake;
using Npes.Documents.Workers;
using Npes.DocumentFuzz;

// A mutation fuzzer for document intake through the real worker pool: seeds (PDFs, office files, images, text) are
// mutated blindly and with structure (inside ZIP entries, inside PNG chunks with their CRC fixed, numbers in PDFs) and
// inspected exactly as NPES inspects a sender's document. This process plays NPES: if a document could crash it,
// the run ends without its summary. A call that takes longer than the wall-time limit plus a margin is a hang.
var minutes = Argument("--minutes", 10.0);
var timeout = (int)Argument("--timeout", 20.0);
var seed = (int)Argument("--seed", Environment.TickCount);
var findings = ArgumentText("--findings") ?? Path.Combine(Path.GetTempPath(), "npes-fuzz-findings");
var corpus = ArgumentText("--corpus");
var replay = ArgumentText("--replay");
var options = new DocumentsOptions { Workers = 2, InspectTimeoutSeconds = timeout };
using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(replay is null ? LogLevel.None : LogLevel.Information));
await using var pool = new WorkerPool(Options.Create(options), logging.CreateLogger<WorkerPool>());
var intake = new DocumentIntake(pool);
if (replay is not null)
{
    // One finding again, with the pool's log (the worker's last words) on the console.
    var verdict = await intake.InspectAsync(new DocumentUpload(Path.GetFileName(replay), null, await File.ReadAllBytesAsync(replay)), CancellationToken.None);
    Console.WriteLine(verdict.IsAccepted ? $"accepted as {verdict.Document!.MediaType}" : $"{verdict.Refusal!.Error.Code}: {verdict.Refusal.Detail}");
    return 0;
}

if (!await pool.WarmAsync(CancellationToken.None))
{
    Console.Error.WriteLine("fuzz: the document workers do not start: " + pool.StartProblem);
    return 2;
}

var seeds = Seeds.Build(corpus);
Directory.CreateDirectory(findings);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {seeds.Count} seeds, {minutes} min, {options.Workers} workers, wall-time limit {timeout} s, seed {seed}, findings in {findings}"));

var refusals = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var formats = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
long executions = 0, accepted = 0, hangs = 0;
long slowestTicks = 0;
var deadline = Stopwatch.StartNew();
var hangLimit = TimeSpan.FromSeconds(timeout + 10);

async Task RunAsync(int lane)
{
    var random = new Random(seed + lane);
    while (deadline.Elapsed < TimeSpan.FromMinutes(minutes))
    {
        var original = seeds[random.Next(seeds.Count)];
        var mutated = Mutator.Mutate(original.Content, random, seeds);
        var clock = Stopwatch.StartNew();
        // Even lanes inspect as InspectAsync (the rewrite and re-encoding sent back), odd lanes as a letter's intake does.
        var upload = new DocumentUpload(original.Name, null, mutated);
        var inspection = lane % 2 == 0 ? await intake.InspectAsync(upload, CancellationToken.None) : await InspectAsLetterAsync(upload);
        clock.Stop();
        Interlocked.Increment(ref executions);
        formats.AddOrUpdate(original.Kind, 1, (_, n) => n + 1);
        var ticks = clock.Elapsed.Ticks;
        long seen;
        while (ticks > (seen = Interlocked.Read(ref slowestTicks)) && Interlocked.CompareExchange(ref slowestTicks, ticks, seen) != seen)
        {
        }

        if (clock.Elapsed > hangLimit)
        {
            Interlocked.Increment(ref hangs);
            await File.WriteAllBytesAsync(Path.Combine(findings, $"hang-{Guid.NewGuid():N}-{original.Name}"), mutated);
        }

        if (inspection.IsAccepted)
        {
            Interlocked.Increment(ref accepted);
            continue;
        }

        var code = inspection.Refusal!.Error.Code;
        refusals.AddOrUpdate(code, 1, (_, n) => n + 1);
        if (code is "npes.letter.document_worker_failed" or "npes.letter.document_worker_unavailable")
        {
            await File.WriteAllBytesAsync(Path.Combine(findings, $"worker-{Guid.NewGuid():N}-{original.Name}"), mutated);
        }
    }
}

async Task<DocumentInspection> InspectAsLetterAsync(DocumentUpload upload)
{
    try
    {
        return DocumentInspection.Accept((await intake.InspectLetterAsync([upload], CancellationToken.None))[0]);
    }
    catch (NpesException e)
    {
        return DocumentInspection.Refuse(e.Error, e.Detail ?? e.Message);
    }
}

var progress = Task.Run(async () =>
{
    while (deadline.Elapsed < TimeSpan.FromMinutes(minutes))
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {deadline.Elapsed:mm\\:ss} {Interlocked.Read(ref executions)} executions, {Interlocked.Read(ref hangs)} hangs"));
    }
});
await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(lane => Task.Run(() => RunAsync(lane))));
await progress;

var elapsed = deadline.Elapsed;
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"executions:                  {executions} in {elapsed.TotalMinutes:0.0} min ({executions / elapsed.TotalSeconds:0.0}/s)"));
Console.WriteLine("by seed kind:                " + string.Join(", ", formats.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}")));
Console.WriteLine($"accepted:                    {accepted}");
Console.WriteLine("refused, by code:");
foreach (var (code, count) in refusals.OrderByDescending(r => r.Value))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {code,-48} {count}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest call:                {TimeSpan.FromTicks(slowestTicks).TotalSeconds:0.00} s"));
Console.WriteLine($"worker hangs past the limit: {hangs}");
Console.WriteLine("calling-process crashes:     0 (this process ran to the end)");
return hangs == 0 ? 0 : 1;

double Argument(string name, double fallback) =>
    ArgumentText(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgumentText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
