using System.Globalization;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Parsing;

namespace Npes.Addressing.Postcodes;

/// <summary>What a postcode tells by itself: its region, and its town where the range belongs to one town.</summary>
/// <param name="RegionKey">The key of the region (<see cref="MailboxDirectory.AreaKey"/> of "Минская", …).</param>
/// <param name="Region">The region as written in the table.</param>
/// <param name="TownKey">The town's key when the postcode is one of that town's; null for rural and other postcodes.</param>
/// <param name="Town">The town as written in the table.</param>
/// <param name="NamesTown">Whether the postcode alone names <paramref name="Town"/> (a "town" range, not a "shared" one).</param>
internal sealed record PostcodeFacts(string RegionKey, string Region, string? TownKey, string? Town, bool NamesTown);

/// <summary>
/// The table of Belarusian postcode ranges (<c>Postcodes/postcodes.tsv</c>, with its public sources): the region of
/// every range, and the ranges that belong to one town. A postcode outside every range is not Belarusian.
/// </summary>
internal static class PostcodeTable
{
    private static readonly Range[] Regions;
    private static readonly Range[] Towns;

    static PostcodeTable()
    {
        var regions = new List<Range>();
        var towns = new List<Range>();
        using var stream = typeof(PostcodeTable).Assembly.GetManifestResourceStream("Npes.Addressing.Postcodes.postcodes.tsv")
            ?? throw new InvalidOperationException("The postcode table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 6 || !int.TryParse(columns[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(columns[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || first > last)
            {
                throw new InvalidOperationException($"postcodes.tsv line {number} is not 'first, last, kind, region, town, sources'.");
            }

            var town = columns[4] == "-" ? null : columns[4];
            var range = new Range(first, last, MailboxDirectory.AreaKey(columns[3]), columns[3], town is null ? null : NameKeys.Settlement(town), town, columns[2] == "town");
            switch (columns[2])
            {
                case "region" when town is null:
                    regions.Add(range);
                    break;
                case "town" or "shared" when town is not null:
                    towns.Add(range);
                    break;
                default:
                    throw new InvalidOperationException($"postcodes.tsv line {number}: unknown kind '{columns[2]}' or a town where none belongs.");
            }
        }

        Regions = [.. regions.OrderBy(r => r.First)];
        Towns = [.. towns.OrderBy(r => r.First)];
        TownKeys = Towns.Select(t => t.TownKey!).ToHashSet(StringComparer.Ordinal);

        // Every Belarusian postcode's facts, computed once: a look-up is an index, with nothing allocated.
        First = Regions.Min(r => r.First);
        Facts = new PostcodeFacts?[Regions.Max(r => r.Last) - First + 1];
        var shared = new Dictionary<(Range, Range?), PostcodeFacts>();
        for (var code = First; code < First + Facts.Length; code++)
        {
            if (Find(Regions, code) is { } region)
            {
                var town = Find(Towns, code);
                if (!shared.TryGetValue((region, town), out var facts))
                {
                    shared[(region, town)] = facts = new PostcodeFacts(region.RegionKey, region.Region, town?.TownKey, town?.Town, town?.NamesTown ?? false);
                }

                Facts[code - First] = facts;
            }
        }
    }

    private static readonly int First;
    private static readonly PostcodeFacts?[] Facts;

    /// <summary>The towns with ranges of their own (Минск, Гомель, …), by key.</summary>
    public static IReadOnlySet<string> TownKeys { get; }

    /// <summary>What the table knows of a six-digit postcode; null when no Belarusian range holds it.</summary>
    public static PostcodeFacts? Lookup(string postcode)
    {
        if (postcode.Length != 6 || !int.TryParse(postcode, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return null;
        }

        return code >= First && code - First < Facts.Length ? Facts[code - First] : null;
    }

    /// <summary>Whether the town has ranges in the table and <paramref name="postcode"/> is in none of them.</summary>
    public static bool IsOutsideTown(string townKey, string postcode)
    {
        if (!TownKeys.Contains(townKey))
        {
            return false;
        }

        if (!int.TryParse(postcode, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return true;
        }

        foreach (var range in Towns)
        {
            if (range.TownKey == townKey && range.Contains(code))
            {
                return false;
            }
        }

        return true;
    }

    private static Range? Find(Range[] ranges, int code)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(code))
            {
                return range;
            }
        }

        return null;
    }

    private sealed record Range(int First, int Last, string RegionKey, string Region, string? TownKey, string? Town, bool NamesTown)
    {
        public bool Contains(int code) => code >= First && code <= Last;
    }
}
