using System.Globalization;
using System.Text.Json;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Xunit.Abstractions;

namespace Npes.Addressing.Tests;

/// <summary>
/// The hand-written corpus (corpus/generate.py): realistic recipients against a directory of several towns. No query
/// may reach a wrong mailbox; at least 97 % of those with a mailbox must reach it, and at least 90 % in every class
/// (Latin, Belarusian, compact house numbers, …).
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "corpus");

    [Fact]
    public void Resolve_Corpus_NoWrongMailboxAndRecallAtLeast97PercentOverallAnd90PerClass()
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var entries = File.ReadLines(Path.Combine(Folder, "directory.jsonl"))
            .Select((line, index) => JsonLines.ReadMailbox(line, index + 1, ids))
            .ToList();
        var names = ids.ToDictionary(pair => pair.Value, pair => JsonDocument.Parse(pair.Key).RootElement.GetString()!);
        using var directory = MailboxDirectory.Build(entries.Select(e => e.Entry));
        var resolver = new RecipientResolver(directory);
        var lines = File.ReadLines(Path.Combine(Folder, "queries.jsonl")).ToList();

        var wrong = new List<string>();
        var missed = new List<string>();
        var expectedCount = 0;
        var found = 0;
        var classes = new SortedDictionary<string, (int Queries, int Expected, int Found)>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var query = JsonLines.ReadQuery(lines[i], i + 1);
            var line = JsonDocument.Parse(lines[i]).RootElement;
            var expected = line.GetProperty("expected").GetString();
            var resolution = resolver.Resolve(query.Query);
            var actual = resolution.MailboxId is { } id ? names[id] : null;
            var description = $"{query.Id} [{line.GetProperty("kind").GetString()}] {query.Query.Name} | {query.Query.Address} → {actual ?? "none"} ({resolution.Outcome}: {resolution.Reason}), expected {expected ?? "none"}";
            var queryClass = line.GetProperty("class").GetString()!;
            var tally = classes.GetValueOrDefault(queryClass);
            classes[queryClass] = (tally.Queries + 1, tally.Expected + (expected is null ? 0 : 1), tally.Found + (expected is not null && actual == expected ? 1 : 0));
            if (expected is not null)
            {
                expectedCount++;
            }

            if (actual is not null && actual != expected)
            {
                wrong.Add(description);
            }
            else if (expected is not null && actual is null)
            {
                missed.Add(description);
            }
            else if (actual is not null)
            {
                found++;
            }
        }

        var recall = (double)found / expectedCount;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {directory.Count} mailbox addresses ({directory.Rejected.Count} rejected), {lines.Count} queries, {expectedCount} with a mailbox; wrong mailbox: {wrong.Count}; recall: {found}/{expectedCount} = {recall:P1}"));
        foreach (var (name, tally) in classes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {tally.Queries} queries, recall {tally.Found}/{tally.Expected} = {(double)tally.Found / tally.Expected:P1}"));
        }

        foreach (var line in wrong.Concat(missed))
        {
            output.WriteLine(line);
        }

        Assert.Empty(directory.Rejected);
        Assert.Empty(wrong);
        Assert.True(recall >= 0.97, $"recall {recall:P1} < 97 %");
        foreach (var (name, tally) in classes)
        {
            Assert.True(tally.Found >= 0.9 * tally.Expected, $"recall in class {name}: {tally.Found}/{tally.Expected} < 90 %");
        }
    }
}
