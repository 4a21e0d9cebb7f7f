using System.Diagnostics;
using System.Globalization;
using Npes.Addressing.Load;

// Load benchmark of the mailbox directory: a synthetic national directory, a realistic query mix, single thread.
// Usage: dotnet run -c Release --project bench/Npes.Addressing.Load [-- MAILBOXES [QUERIES]]
var mailboxes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var queryCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;

var country = new SyntheticCountry(seed: 5);
var build = Stopwatch.StartNew();
var (directory, yardstick) = country.BuildDirectory(mailboxes);
build.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"directory: {directory.Count:N0} mailbox addresses ({directory.Rejected.Count} rejected) in {build.Elapsed.TotalSeconds:F1} s, managed heap {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024):N0} MiB"));

var queries = country.Queries(queryCount);
var report = new LoadReport(directory, yardstick, queries);
report.Run();
