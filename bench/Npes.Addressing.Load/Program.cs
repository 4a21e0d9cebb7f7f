using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Npes.Addressing.Load;
using Npes.Addressing.Mailboxes;

// Load benchmark of the mailbox directory: a synthetic national directory, a realistic query mix, single thread;
// then incremental updates (entries joining and leaving one at a time) and lookups while updates run; and the
// directory's own memory (the managed heap with it and after it is gone; the bench's own data stays in both).
// Usage: dotnet run -c Release --project bench/Npes.Addressing.Load [-- MAILBOXES [QUERIES]]
var mailboxes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var queryCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;

var country = new SyntheticCountry(seed: 5);
var yardstick = new Dictionary<string, Guid>(mailboxes, StringComparer.Ordinal);
var entryIds = new List<Guid>(mailboxes);
var (count, withDirectory) = Run(country, yardstick, entryIds, mailboxes, queryCount);
var withoutDirectory = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"memory: the directory of {count:N0} addresses holds {(withDirectory - withoutDirectory) / (1024.0 * 1024):N0} MiB of managed heap = {(withDirectory - withoutDirectory) / (double)count:N0} bytes per mailbox address"));
GC.KeepAlive(yardstick);
GC.KeepAlive(entryIds);
GC.KeepAlive(country);

[MethodImpl(MethodImplOptions.NoInlining)]
static (int Count, long Heap) Run(SyntheticCountry country, Dictionary<string, Guid> yardstick, List<Guid> entryIds, int mailboxes, int queryCount)
{
    var build = Stopwatch.StartNew();
    using var directory = MailboxDirectory.Build(country.Entries(mailboxes, yardstick).Select(e =>
    {
        entryIds.Add(e.EntryId);
        return new DirectoryEntry(e.EntryId, e.Entry);
    }));
    build.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"directory: {directory.Count:N0} mailbox addresses ({directory.Rejected.Count} rejected) in {build.Elapsed.TotalSeconds:F1} s, managed heap {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024):N0} MiB"));
    var queries = country.Queries(queryCount);
    new LoadReport(directory, yardstick, queries).Run();
    new UpdateReport(directory, queries).Run(country, entryIds);
    queries = null;
    return (directory.Count, GC.GetTotalMemory(forceFullCollection: true));
}
