using System.Diagnostics;
using System.Globalization;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Parsing;

namespace Npes.Addressing.Load;

/// <summary>
/// Runs the query mix single-threaded and prints lookups/s and latency percentiles, next to two yardsticks measured in
/// the same run: a plain dictionary look-up of the canonical key, and parsing the address alone.
/// </summary>
internal sealed class LoadReport(MailboxDirectory directory, Dictionary<string, Guid> yardstick, List<MixQuery> queries)
{
    private const int WarmUp = 20_000;

    public void Run()
    {
        var resolver = new RecipientResolver(directory);
        var parser = new AddressParser();
        var sink = 0L;

        Measure("warm-up", queries.Take(WarmUp), q => sink += resolver.Resolve(q.Query).Reason.Length);
        var dictionary = Measure("yardstick: Dictionary<string,Guid> of the canonical key", queries, q => sink += yardstick.TryGetValue(q.CanonicalKey, out var id) ? id.GetHashCode() : 0);
        var parse = Measure("yardstick: parsing the address alone", queries, q => sink += parser.Parse(q.Query.Address).Unrecognised.Count);
        var resolve = Measure("resolve (parse + index + names)", queries, q => sink += resolver.Resolve(q.Query).Reason.Length);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratios: resolve costs {resolve.Mean / dictionary.Mean:F0}× a dictionary look-up and {resolve.Mean / parse.Mean:F1}× parsing alone (mean latency)"));
        foreach (var kind in queries.Select(q => q.Kind).Distinct())
        {
            Measure($"  mix part '{kind}'", queries.Where(q => q.Kind == kind), q => sink += resolver.Resolve(q.Query).Reason.Length);
        }

        var wrong = queries.Count(q => resolver.Resolve(q.Query).MailboxId is { } id && id != q.Expected);
        var matched = queries.Count(q => q.Expected is { } expected && resolver.Resolve(q.Query).MailboxId == expected);
        var expectedCount = queries.Count(q => q.Expected is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answers: {matched:N0}/{expectedCount:N0} expected matches found, {wrong:N0} wrong mailboxes (synthetic names repeat, so 'several candidates' is common); checksum {sink}"));
    }

    /// <summary>
    /// Incremental updates: entries joining one at a time, entries leaving one at a time, and lookups while a writer
    /// applies a steady stream of both (as confirmations arrive from the change log).
    /// </summary>
    public void RunUpdates(SyntheticCountry country, List<Guid> entryIds)
    {
        const int updates = 20_000;
        var joining = Enumerable.Range(0, updates).Select(_ => country.NewResident()).ToList();
        var random = new Random(7);
        var leaving = Enumerable.Range(0, updates).Select(_ => entryIds[random.Next(entryIds.Count)]).Distinct().ToList();
        Measure("update: an address joins (parse + insert under the write lock)", joining, e => directory.Add(e.EntryId, e.Entry));
        Measure("update: an address leaves", leaving, id => directory.Remove(id));

        // Lookups on this thread while another applies 1,000 joins and leaves a second.
        var resolver = new RecipientResolver(directory);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var applied = 0;
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                var resident = country.NewResident();
                directory.Add(resident.EntryId, resident.Entry);
                directory.Remove(resident.EntryId);
                applied += 2;
                var due = TimeSpan.FromMilliseconds(applied);
                if (clock.Elapsed < due)
                {
                    Thread.Sleep(due - clock.Elapsed);
                }
            }

            return applied / clock.Elapsed.TotalSeconds;
        });
        var sink = 0L;
        Measure("resolve while 1,000 updates/s are applied", queries, q => sink += resolver.Resolve(q.Query).Reason.Length);
        stop.Cancel();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (writer applied {writer.Result:N0} updates/s; checksum {sink})"));
    }

    private static (double Mean, double P50, double P99) Measure<T>(string label, IEnumerable<T> items, Action<T> action)
    {
        var list = items.ToList();
        var latencies = new double[list.Count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < list.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action(list[i]);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        total.Stop();
        Array.Sort(latencies);
        var mean = latencies.Average();
        var p50 = latencies[latencies.Length / 2];
        var p99 = latencies[(int)(latencies.Length * 0.99)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {list.Count:N0} in {total.Elapsed.TotalSeconds:F2} s = {list.Count / total.Elapsed.TotalSeconds:N0}/s; mean {mean:F2} µs, p50 {p50:F2} µs, p99 {p99:F2} µs, max {latencies[^1]:F0} µs"));
        return (mean, p50, p99);
    }
}
