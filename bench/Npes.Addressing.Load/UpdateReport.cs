using System.Diagnostics;
using System.Globalization;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;

namespace Npes.Addressing.Load;

/// <summary>
/// Incremental updates of the directory: entries joining one at a time, entries leaving one at a time, and lookups
/// while a writer applies a steady stream of both (as a server applies confirmations from the change log).
/// </summary>
internal sealed class UpdateReport(MailboxDirectory directory, List<MixQuery> queries)
{
    public void Run(SyntheticCountry country, List<Guid> entryIds)
    {
        const int updates = 20_000;
        var joining = Enumerable.Range(0, updates).Select(_ => country.NewResident()).ToList();
        var random = new Random(7);
        var leaving = Enumerable.Range(0, updates).Select(_ => entryIds[random.Next(entryIds.Count)]).Distinct().ToList();
        Measurement.Measure("update: an address joins (parse + insert under the write lock)", joining, e => directory.Add(e.EntryId, e.Entry));
        Measurement.Measure("update: an address leaves", leaving, id => directory.Remove(id));

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
        Measurement.Measure("resolve while 1,000 updates/s are applied", queries, q => sink += resolver.Resolve(q.Query).Reason.Length);
        stop.Cancel();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (writer applied {writer.Result:N0} updates/s; checksum {sink})"));
    }
}
