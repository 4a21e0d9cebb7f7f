using System.Text.RegularExpressions;
using Npes.Addressing.Model;
using Npes.Addressing.Names;
using Npes.Addressing.Parsing;
using Npes.Addressing.Text;

namespace Npes.Addressing.Mailboxes;

/// <summary>One mailbox at one postal address, as the directory is built from.</summary>
/// <param name="MailboxId">The mailbox.</param>
/// <param name="Kind">Person or organisation.</param>
/// <param name="Name">Owner's name: "Surname Given Patronymic", or an organisation's name with its legal form.</param>
/// <param name="Address">The mailbox's postal address as free text.</param>
/// <param name="Unp">Organisation's УНП, if any.</param>
public sealed record MailboxEntry(Guid MailboxId, MailboxKind Kind, string Name, string Address, string? Unp);

/// <summary>A directory entry whose address does not designate a delivery point, so it can never be matched.</summary>
public sealed record RejectedEntry(MailboxEntry Entry, string Reason);

/// <summary>A mailbox owner living at a delivery point.</summary>
internal sealed record Occupant(Guid MailboxId, OwnerName Owner, string? Postcode, string DistrictKey, string RegionKey);

/// <summary>One street of a settlement: its type (if known), key, key words, and its names as registered (normalised).</summary>
internal sealed record StreetRef(string Id, StreetType? Type, string Key, string[] Words)
{
    public List<string> Spellings { get; } = [];

    /// <summary>The last word of each spelling of several words ("купалы" of "янки купалы").</summary>
    public List<string> LastWords { get; } = [];

    /// <summary>Adds a spelling; returns the new forms (spelling, maybe its last word) to index for typos.</summary>
    public IEnumerable<string> AddSpelling(string normalized)
    {
        if (Spellings.Contains(normalized))
        {
            yield break;
        }

        Spellings.Add(normalized);
        yield return normalized;
        var lastSpace = normalized.LastIndexOf(' ');
        if (lastSpace > 0)
        {
            LastWords.Add(normalized[(lastSpace + 1)..]);
            yield return LastWords[^1];
        }
    }
}

/// <summary>The occupants of one house (or one корпус of it), by unit ("" for none).</summary>
internal sealed class House
{
    public Dictionary<string, List<Occupant>> Units { get; } = new(StringComparer.Ordinal);

    public IEnumerable<Occupant> All => Units.Values.SelectMany(o => o);

    public bool HasUnits => Units.Keys.Any(k => k.Length > 0);
}

/// <summary>The streets and postcodes of one settlement (all settlements of one name share it).</summary>
internal sealed class Settlement(string key)
{
    // Every street form (key, spellings, last words) under itself and each of its one-letter deletions: two forms
    // one edit apart always share an entry, so a typo finds its few candidates without scanning every street.
    private readonly Dictionary<string, List<StreetRef>> _byDeletion = new(StringComparer.Ordinal);

    public string Key { get; } = key;

    public Dictionary<string, List<StreetRef>> StreetsByKey { get; } = new(StringComparer.Ordinal);

    /// <summary>Streets by the key of their last word ("купалы" → Янки Купалы), for names written without initials.</summary>
    public Dictionary<string, List<StreetRef>> StreetsByLastWord { get; } = new(StringComparer.Ordinal);

    public HashSet<string> PostcodePrefixes { get; } = new(StringComparer.Ordinal);

    /// <summary>Regions (keys) the town is known to be in: from the lexicon for big towns, and as its mailboxes registered.</summary>
    public HashSet<string> Regions { get; } = new(StringComparer.Ordinal);

    public StreetRef AddStreet(StreetType? type, string name)
    {
        var key = MailboxDirectory.StreetKey(name);
        var id = (type?.ToString() ?? "?") + ":" + key;
        if (!StreetsByKey.TryGetValue(key, out var known))
        {
            StreetsByKey[key] = known = [];
        }

        var street = known.Find(s => s.Id == id);
        if (street is null)
        {
            street = new StreetRef(id, type, key, key.Split(' '));
            known.Add(street);
            if (!StreetsByLastWord.TryGetValue(street.Words[^1], out var sameLastWord))
            {
                StreetsByLastWord[street.Words[^1]] = sameLastWord = [];
            }

            sameLastWord.Add(street);
            IndexForTypos(street, key);
        }

        foreach (var form in street.AddSpelling(Fold.Normalize(name)))
        {
            IndexForTypos(street, form);
        }

        return street;
    }

    /// <summary>The streets with a form that shares a one-letter deletion with <paramref name="form"/> (a superset of those one typo away).</summary>
    public HashSet<StreetRef> StreetsNear(string form)
    {
        var near = new HashSet<StreetRef>(ReferenceEqualityComparer.Instance);
        foreach (var variant in Deletions(form))
        {
            if (_byDeletion.TryGetValue(variant, out var streets))
            {
                near.UnionWith(streets);
            }
        }

        return near;
    }

    private void IndexForTypos(StreetRef street, string form)
    {
        foreach (var variant in Deletions(form))
        {
            if (!_byDeletion.TryGetValue(variant, out var streets))
            {
                _byDeletion[variant] = streets = [];
            }

            if (streets.Count == 0 || !ReferenceEquals(streets[^1], street))
            {
                streets.Add(street);
            }
        }
    }

    private static IEnumerable<string> Deletions(string form)
    {
        yield return form;
        for (var i = 0; i < form.Length; i++)
        {
            yield return form.Remove(i, 1);
        }
    }
}

/// <summary>
/// The in-memory mailbox directory: delivery points (settlement + street + house + корпус + unit) in hash maps,
/// streets by settlement for the few fuzzy look-ups. Immutable once built; safe for concurrent readers.
/// </summary>
public sealed partial class MailboxDirectory
{
    private readonly Dictionary<string, Settlement> _settlements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, House> _houses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _settlementsByPostcode = new(StringComparer.Ordinal);
    private readonly List<RejectedEntry> _rejected = [];

    private MailboxDirectory()
    {
        Parser = new AddressParser();
    }

    /// <summary>Entries the directory could not place (their addresses lack a town or house number, or do not parse).</summary>
    public IReadOnlyList<RejectedEntry> Rejected => _rejected;

    /// <summary>How many mailbox addresses the directory holds.</summary>
    public int Count { get; private set; }

    /// <summary>A parser that knows this directory's towns.</summary>
    internal AddressParser Parser { get; private set; }

    public static MailboxDirectory Build(IEnumerable<MailboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var directory = new MailboxDirectory();
        var parsed = new List<(MailboxEntry Entry, PostalAddress Address)>();
        foreach (var entry in entries)
        {
            var result = directory.Parser.Parse(entry.Address);
            var problem = result switch
            {
                { Succeeded: false } => result.Error,
                { Unrecognised.Count: > 0 } => "parts not understood: " + string.Join(", ", result.Unrecognised),
                { Address.Settlement: null } => "the address names no town",
                { Address.House: null } => "the address names no house number",
                _ => null,
            };
            if (problem is null)
            {
                parsed.Add((entry, result.Address!));
            }
            else
            {
                directory._rejected.Add(new RejectedEntry(entry, problem));
            }
        }

        directory.Parser = new AddressParser(parsed.Select(p => p.Address.Settlement!).Distinct(StringComparer.Ordinal));
        foreach (var (entry, address) in parsed)
        {
            directory.Add(entry, address);
        }

        return directory;
    }

    private void Add(MailboxEntry entry, PostalAddress address)
    {
        var settlementKey = NameKeys.Settlement(address.Settlement!);
        if (!_settlements.TryGetValue(settlementKey, out var settlement))
        {
            _settlements[settlementKey] = settlement = new Settlement(settlementKey);
            if (Lexicon.TownRegions.TryGetValue(settlementKey, out var region))
            {
                settlement.Regions.Add(AreaKey(region));
            }
        }

        if (address.Region is not null)
        {
            settlement.Regions.Add(AreaKey(address.Region));
        }

        var streetId = address.Street is null ? string.Empty : settlement.AddStreet(address.StreetType, address.Street).Id;
        var houseKey = HouseKey(settlementKey, streetId, address.House!, address.Building);
        if (!_houses.TryGetValue(houseKey, out var house))
        {
            _houses[houseKey] = house = new House();
        }

        var unitKey = UnitKey(address.UnitType, address.Unit);
        if (!house.Units.TryGetValue(unitKey, out var occupants))
        {
            house.Units[unitKey] = occupants = [];
        }

        occupants.Add(new Occupant(entry.MailboxId, new OwnerName(entry.Kind, entry.Name, entry.Unp), address.Postcode, AreaKey(address.District), AreaKey(address.Region)));
        if (address.Postcode is { } postcode)
        {
            settlement.PostcodePrefixes.Add(postcode[..3]);
            if (!_settlementsByPostcode.TryGetValue(postcode, out var towns))
            {
                _settlementsByPostcode[postcode] = towns = new HashSet<string>(StringComparer.Ordinal);
            }

            towns.Add(settlementKey);
        }

        Count++;
    }

    internal Settlement? FindSettlement(string name) => _settlements.GetValueOrDefault(NameKeys.Settlement(name));

    internal Settlement? FindSettlementByKey(string key) => _settlements.GetValueOrDefault(key);

    /// <summary>The settlements whose mailboxes use this postcode.</summary>
    internal IReadOnlyCollection<string> SettlementsWithPostcode(string postcode) =>
        _settlementsByPostcode.TryGetValue(postcode, out var towns) ? towns : [];

    /// <summary>Whether the postcode belongs elsewhere: known for other towns only, or from another postal area than the town's.</summary>
    internal bool PostcodeContradicts(Settlement settlement, string postcode)
    {
        if (_settlementsByPostcode.TryGetValue(postcode, out var towns))
        {
            return !towns.Contains(settlement.Key);
        }

        return settlement.PostcodePrefixes.Count > 0 && !settlement.PostcodePrefixes.Contains(postcode[..3]);
    }

    internal House? FindHouse(Settlement settlement, string streetId, string house, string? building) =>
        _houses.GetValueOrDefault(HouseKey(settlement.Key, streetId, house, building));

    internal static string StreetKey(string name) => NameKeys.Street(Ordinal().Replace(name, "$1"));

    internal static string UnitKey(UnitType? type, string? unit) =>
        unit is null ? string.Empty : (type == UnitType.Room ? "r:" : "a:") + NameKeys.House(unit);

    internal static string AreaKey(string? name) => name is null ? string.Empty : NameKeys.Settlement(name);

    private static string HouseKey(string settlement, string streetId, string house, string? building) =>
        string.Join('|', settlement, streetId, NameKeys.House(house), building is null ? string.Empty : NameKeys.House(building));

    [GeneratedRegex(@"(\d+)-?(?:й|я|е|ый|ий|ой|ая|ое|ья|ы|і|st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();
}
