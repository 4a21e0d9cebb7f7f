using System.Diagnostics;
using System.Globalization;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Parsing;

namespace Npes.Addressing.Load;

/// <summary>
/// Runs the query mix single-threaded and prints lookups/s (per second of wall clock and per second of the process's
/// processor time, which another program on the machine does not inflate) and latency percentiles, next to two
/// yardsticks measured in the same run: a plain dictionary look-up of the canonical key, and parsing the address alone.
/// </summary>
internal sealed class LoadReport(MailboxDirectory directory, Dictionary<string, Guid> yardstick, List<MixQuery> queries)
{
    private const int WarmUp = 20_000;

    public void Run()
    {
        var resolver = new RecipientResolver(directory);
        var parser = new AddressParser();
        var sink = 0L;

        Measurement.Measure("warm-up", queries.Take(WarmUp), q => sink += resolver.Resolve(q.Query).Reason.Length);
        var dictionary = Measurement.Measure("yardstick: Dictionary<string,Guid> of the canonical key", queries, q => sink += yardstick.TryGetValue(q.CanonicalKey, out var id) ? id.GetHashCode() : 0);
        var parse = Measurement.Measure("yardstick: parsing the address alone", queries, q => sink += parser.Parse(q.Query.Address).Unrecognised.Count);
        var resolve = Measurement.Measure("resolve (parse + index + names)", queries, q => sink += resolver.Resolve(q.Query).Reason.Length);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratios: resolve costs {resolve.Mean / dictionary.Mean:F0}× a dictionary look-up and {resolve.Mean / parse.Mean:F1}× parsing alone (mean latency)"));
        foreach (var kind in queries.Select(q => q.Kind).Distinct())
        {
            Measurement.Measure($"  mix part '{kind}'", queries.Where(q => q.Kind == kind), q => sink += resolver.Resolve(q.Query).Reason.Length);
        }

        var wrong = queries.Count(q => resolver.Resolve(q.Query).MailboxId is { } id && id != q.Expected);
        var matched = queries.Count(q => q.Expected is { } expected && resolver.Resolve(q.Query).MailboxId == expected);
        var expectedCount = queries.Count(q => q.Expected is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answers: {matched:N0}/{expectedCount:N0} expected matches found, {wrong:N0} wrong mailboxes (synthetic names repeat, so 'several candidates' is common); checksum {sink}"));
    }
}
