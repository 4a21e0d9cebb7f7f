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

/// <summary>A mailbox address with the identity the directory knows it by, so that it can later leave the directory.</summary>
/// <param name="EntryId">The address's own id (in the database, the mailbox address row).</param>
/// <param name="Entry">The mailbox at that address.</param>
public sealed record DirectoryEntry(Guid EntryId, MailboxEntry Entry);

/// <summary>A directory entry whose address does not designate a delivery point, so it can never be matched.</summary>
public sealed record RejectedEntry(MailboxEntry Entry, string Reason);

/// <summary>A mailbox owner living at a delivery point.</summary>
/// <param name="EntryId">The directory entry (mailbox address) this occupant comes from.</param>
/// <param name="MailboxId">The mailbox.</param>
/// <param name="Owner">The owner's name, prepared for matching (shared by every entry of the same owner name).</param>
/// <param name="Postcode">The postcode the address was registered with.</param>
/// <param name="DistrictKey">The registered district's key, or "".</param>
/// <param name="RegionKey">The registered region's key, or "".</param>
/// <param name="StrictPostcode">Registered in a village, agrotown or settlement: its post office is its own, so another postcode is another place.</param>
/// <param name="UnitKey">The unit (<see cref="MailboxDirectory.UnitKey"/>), "" for none.</param>
/// <param name="House">The house the occupant lives in.</param>
internal sealed record Occupant(
    Guid EntryId, Guid MailboxId, OwnerName Owner, string? Postcode, string DistrictKey, string RegionKey, bool StrictPostcode, string UnitKey, House House);

/// <summary>A house's place in the index: its street (or its settlement, for a house without street) and its number with корпус.</summary>
internal readonly record struct HouseKey(object Place, string Number);

/// <summary>House keys compare their place by reference: a street or settlement object stands for its whole name.</summary>
internal sealed class HouseKeyComparer : IEqualityComparer<HouseKey>
{
    public static readonly HouseKeyComparer Instance = new();

    public bool Equals(HouseKey x, HouseKey y) => ReferenceEquals(x.Place, y.Place) && string.Equals(x.Number, y.Number, StringComparison.Ordinal);

    public int GetHashCode(HouseKey key) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Place), StringComparer.Ordinal.GetHashCode(key.Number));
}

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

/// <summary>
/// The occupants of one house (or one корпус of it). Most houses hold a few mailboxes: they are kept in one small
/// array; a house with many gets an index by unit as well.
/// </summary>
internal sealed class House(HouseKey key, Settlement settlement)
{
    private const int IndexFrom = 16;

    private Occupant[] _occupants = new Occupant[1];
    private Dictionary<string, List<Occupant>>? _byUnit;

    public HouseKey Key { get; } = key;

    public Settlement Settlement { get; } = settlement;

    public int Count { get; private set; }

    public ReadOnlySpan<Occupant> All => _occupants.AsSpan(0, Count);

    /// <summary>Whether some occupant has a unit (an apartment, office …).</summary>
    public bool HasUnits
    {
        get
        {
            foreach (var occupant in All)
            {
                if (occupant.UnitKey.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The occupants of a unit ("" for none); empty when nobody lives there.</summary>
    public List<Occupant> At(string unitKey)
    {
        if (_byUnit is not null)
        {
            return _byUnit.TryGetValue(unitKey, out var indexed) ? indexed : [];
        }

        var found = new List<Occupant>();
        foreach (var occupant in All)
        {
            if (occupant.UnitKey == unitKey)
            {
                found.Add(occupant);
            }
        }

        return found;
    }

    public void Add(Occupant occupant)
    {
        if (Count == _occupants.Length)
        {
            Array.Resize(ref _occupants, Count * 2);
        }

        _occupants[Count++] = occupant;
        if (_byUnit is not null)
        {
            Index(occupant);
        }
        else if (Count > IndexFrom)
        {
            _byUnit = new Dictionary<string, List<Occupant>>(StringComparer.Ordinal);
            foreach (var each in All)
            {
                Index(each);
            }
        }
    }

    public void Remove(Occupant occupant)
    {
        var index = Array.IndexOf(_occupants, occupant, 0, Count);
        if (index < 0)
        {
            return;
        }

        Array.Copy(_occupants, index + 1, _occupants, index, Count - index - 1);
        _occupants[--Count] = null!;
        if (_byUnit is not null && _byUnit.TryGetValue(occupant.UnitKey, out var atUnit))
        {
            atUnit.Remove(occupant);
            if (atUnit.Count == 0)
            {
                _byUnit.Remove(occupant.UnitKey);
            }
        }
    }

    private void Index(Occupant occupant)
    {
        if (!_byUnit!.TryGetValue(occupant.UnitKey, out var atUnit))
        {
            _byUnit[occupant.UnitKey] = atUnit = [];
        }

        atUnit.Add(occupant);
    }
}

/// <summary>The streets and postcodes of one settlement (all settlements of one name share it).</summary>
internal sealed class Settlement(string key)
{
    // Every street form (key, spellings, last words) under itself and each of its one-letter deletions: two forms
    // one edit apart always share an entry, so a typo finds its few candidates without scanning every street.
    private readonly Dictionary<string, List<StreetRef>> _byDeletion = new(StringComparer.Ordinal);

    // Postcode areas (first three digits) and regions as the settlement's mailboxes registered them, with how many do.
    private readonly Dictionary<string, int> _postcodePrefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _registeredRegions = new(StringComparer.Ordinal);
    private string? _knownRegion;

    public string Key { get; } = key;

    public Dictionary<string, List<StreetRef>> StreetsByKey { get; } = new(StringComparer.Ordinal);

    /// <summary>Streets by the key of their last word ("купалы" → Янки Купалы), for names written without initials.</summary>
    public Dictionary<string, List<StreetRef>> StreetsByLastWord { get; } = new(StringComparer.Ordinal);

    /// <summary>Postcode areas (first three digits) of the settlement's mailboxes.</summary>
    public IReadOnlyCollection<string> PostcodePrefixes => _postcodePrefixes.Keys;

    /// <summary>Whether any region is known for the town: from the lexicon for big towns, or as its mailboxes registered.</summary>
    public bool HasRegions => _knownRegion is not null || _registeredRegions.Count > 0;

    /// <summary>Whether the town is known to be in the region (key).</summary>
    public bool IsInRegion(string regionKey) => regionKey == _knownRegion || _registeredRegions.ContainsKey(regionKey);

    public void SetKnownRegion(string regionKey) => _knownRegion = regionKey;

    public void Register(string? postcode, string regionKey)
    {
        if (postcode is not null)
        {
            Increment(_postcodePrefixes, postcode[..3]);
        }

        if (regionKey.Length > 0)
        {
            Increment(_registeredRegions, regionKey);
        }
    }

    public void Unregister(string? postcode, string regionKey)
    {
        if (postcode is not null)
        {
            Decrement(_postcodePrefixes, postcode[..3]);
        }

        if (regionKey.Length > 0)
        {
            Decrement(_registeredRegions, regionKey);
        }
    }

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

    internal static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    internal static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (counts.TryGetValue(key, out var count))
        {
            if (count <= 1)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = count - 1;
            }
        }
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
/// streets by settlement for the few fuzzy look-ups.
/// </summary>
/// <remarks>
/// The directory changes one entry at a time (<see cref="Add"/>, <see cref="Remove"/>) while it answers: a change
/// holds the write lock for the few microseconds of its insertion, a resolution holds the read lock, so a reader
/// sees every change completely or not at all. Entries are parsed with a parser that knows the big towns only, so an
/// entry is placed the same way whenever it joins; queries are parsed with a parser that also knows the directory's
/// towns. Streets and settlements that lose their last mailbox stay known: they only ever lead to "no mailbox".
/// </remarks>
public sealed partial class MailboxDirectory : IDisposable
{
    private static readonly AddressParser EntryParser = new();

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Settlement> _settlements = new(StringComparer.Ordinal);
    private readonly Dictionary<HouseKey, House> _houses = new(HouseKeyComparer.Instance);

    // Postcodes and unit keys repeat across entries: one string for each.
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _settlementsByPostcode = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Occupant> _entries = [];
    private readonly Dictionary<(MailboxKind Kind, string Name, string? Unp), (OwnerName Owner, int Count)> _owners = [];
    private readonly List<RejectedEntry> _rejected = [];

    private MailboxDirectory()
    {
    }

    /// <summary>Entries <see cref="Build"/> could not place (their addresses lack a town or house number, or do not parse).</summary>
    public IReadOnlyList<RejectedEntry> Rejected => _rejected;

    /// <summary>How many mailbox addresses the directory holds.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _entries.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>A parser that knows this directory's towns (use under <see cref="EnterRead"/>).</summary>
    internal AddressParser Parser { get; } = new();

    /// <summary>Builds a directory of entries that will never leave it (each gets an entry id of its own).</summary>
    public static MailboxDirectory Build(IEnumerable<MailboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Build(entries.Select(e => new DirectoryEntry(Guid.NewGuid(), e)));
    }

    /// <summary>Builds a directory whose entries can later leave it by their <see cref="DirectoryEntry.EntryId"/>.</summary>
    public static MailboxDirectory Build(IEnumerable<DirectoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var directory = new MailboxDirectory();
        foreach (var entry in entries)
        {
            if (directory.Add(entry.EntryId, entry.Entry) is { } rejected)
            {
                directory._rejected.Add(rejected);
            }
        }

        return directory;
    }

    /// <summary>
    /// Puts an entry into the directory, replacing the one with the same id if there is one. Returns why the entry
    /// cannot be placed (and leaves any earlier entry of that id out), or null.
    /// </summary>
    public RejectedEntry? Add(Guid entryId, MailboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var result = EntryParser.Parse(entry.Address);
        var problem = result switch
        {
            { Succeeded: false } => result.Error,
            { Unrecognised.Count: > 0 } => "parts not understood: " + string.Join(", ", result.Unrecognised),
            { Alternatives.Count: > 0 } => "the compact house number can be read two ways; write корп. and кв.",
            { Address.Settlement: null } => "the address names no town",
            { Address.House: null } => "the address names no house number",
            _ => null,
        };

        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(entryId);
            if (problem is not null)
            {
                return new RejectedEntry(entry, problem);
            }

            AddLocked(entryId, entry, result.Address!);
            return null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Takes an entry out of the directory; returns whether it was there.</summary>
    public bool Remove(Guid entryId)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(entryId);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Holds the read lock until disposed: every look-up of one resolution sees one state of the directory.</summary>
    internal ReadScope EnterRead()
    {
        _lock.EnterReadLock();
        return new ReadScope(_lock);
    }

    private void AddLocked(Guid entryId, MailboxEntry entry, PostalAddress address)
    {
        var settlementKey = NameKeys.Settlement(address.Settlement!);
        if (!_settlements.TryGetValue(settlementKey, out var settlement))
        {
            _settlements[settlementKey] = settlement = new Settlement(settlementKey);
            if (Lexicon.TownRegions.TryGetValue(settlementKey, out var region))
            {
                settlement.SetKnownRegion(AreaKey(region));
            }

            Parser.AddTown(address.Settlement!);
        }

        object place = address.Street is null ? settlement : settlement.AddStreet(address.StreetType, address.Street);
        var houseKey = new HouseKey(place, Pooled(HouseNumber(address.House!, address.Building)));
        if (!_houses.TryGetValue(houseKey, out var house))
        {
            _houses[houseKey] = house = new House(houseKey, settlement);
        }

        var regionKey = AreaKey(address.Region);
        var postcode = address.Postcode is null ? null : Pooled(address.Postcode);
        var strict = address.SettlementType is SettlementType.Village or SettlementType.Agrotown or SettlementType.Settlement;
        var occupant = new Occupant(entryId, entry.MailboxId, AcquireOwner(entry), postcode, AreaKey(address.District), regionKey, strict,
            Pooled(UnitKey(address.UnitType, address.Unit)), house);
        house.Add(occupant);
        _entries[entryId] = occupant;
        settlement.Register(postcode, regionKey);
        if (postcode is not null)
        {
            if (!_settlementsByPostcode.TryGetValue(postcode, out var towns))
            {
                _settlementsByPostcode[postcode] = towns = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            Settlement.Increment(towns, settlementKey);
        }
    }

    private bool RemoveLocked(Guid entryId)
    {
        if (!_entries.Remove(entryId, out var occupant))
        {
            return false;
        }

        var house = occupant.House;
        house.Remove(occupant);
        if (house.Count == 0)
        {
            _houses.Remove(house.Key);
        }

        house.Settlement.Unregister(occupant.Postcode, occupant.RegionKey);
        if (occupant.Postcode is { } postcode && _settlementsByPostcode.TryGetValue(postcode, out var towns))
        {
            Settlement.Decrement(towns, house.Settlement.Key);
            if (towns.Count == 0)
            {
                _settlementsByPostcode.Remove(postcode);
            }
        }

        ReleaseOwner(occupant.Owner);
        return true;
    }

    // Owner names repeat (families, common names, an organisation at several addresses): one prepared name for all.
    private OwnerName AcquireOwner(MailboxEntry entry)
    {
        var key = (entry.Kind, entry.Name, entry.Unp);
        var owner = _owners.TryGetValue(key, out var shared) ? shared.Owner : new OwnerName(entry.Kind, entry.Name, entry.Unp);
        _owners[key] = (owner, shared.Count + 1);
        return owner;
    }

    private void ReleaseOwner(OwnerName owner)
    {
        var key = (owner.Kind, owner.Name, owner.WrittenUnp);
        if (_owners.TryGetValue(key, out var shared))
        {
            if (shared.Count <= 1)
            {
                _owners.Remove(key);
            }
            else
            {
                _owners[key] = (shared.Owner, shared.Count - 1);
            }
        }
    }

    internal Settlement? FindSettlement(string name) => _settlements.GetValueOrDefault(NameKeys.Settlement(name));

    internal Settlement? FindSettlementByKey(string key) => _settlements.GetValueOrDefault(key);

    /// <summary>Whether the postcode belongs elsewhere: known for other towns only, or from another postal area than the town's.</summary>
    internal bool PostcodeContradicts(Settlement settlement, string postcode)
    {
        if (_settlementsByPostcode.TryGetValue(postcode, out var towns))
        {
            return !towns.ContainsKey(settlement.Key);
        }

        return settlement.PostcodePrefixes.Count > 0 && !settlement.PostcodePrefixes.Contains(postcode[..3]);
    }

    /// <summary>The house on the street (or, for a street of no name, in the settlement itself).</summary>
    internal House? FindHouse(Settlement settlement, StreetRef street, string house, string? building) =>
        _houses.GetValueOrDefault(new HouseKey(street.Id.Length == 0 ? settlement : street, HouseNumber(house, building)));

    /// <summary>The key of a street's name; a number written last comes first ("Тучинский 2-й" is "2-й Тучинский").</summary>
    internal static string StreetKey(string name)
    {
        var key = NameKeys.Street(Ordinal().Replace(name, "$1"));
        var lastSpace = key.LastIndexOf(' ');
        return lastSpace > 0 && key.AsSpan(lastSpace + 1).ContainsAnyExceptInRange('0', '9') is false && !char.IsAsciiDigit(key[0])
            ? key[(lastSpace + 1)..] + " " + key[..lastSpace]
            : key;
    }

    internal static string UnitKey(UnitType? type, string? unit) =>
        unit is null ? string.Empty : (type == UnitType.Room ? "r:" : "a:") + NameKeys.House(unit);

    /// <summary>
    /// The key of a region or district, written as its adjective or as its centre's name in any script:
    /// Минская, Минский, Minsk, Minskaya → one key; Гродненская, Grodno → one key.
    /// </summary>
    internal static string AreaKey(string? name) => name is null ? string.Empty : AreaKeys.GetOrAdd(name, ComputeAreaKey);

    private static readonly BoundedCache AreaKeys = new(10_000);

    private static string ComputeAreaKey(string name)
    {
        var key = NameKeys.Settlement(name).Replace(" ", string.Empty, StringComparison.Ordinal);
        var stem = AreaSuffix().Replace(key, string.Empty);
        if (stem.Length < 3)
        {
            return key;
        }

        // Гродно → Гродненский, Молодечно → Молодечненский: the adjective adds -ен-.
        return stem.EndsWith("nen", StringComparison.Ordinal) ? stem[..^2] : stem;
    }

    // Adjective endings (-ская, -ский, -скі, -skaya, -sky), a final -ск of the town, and one final vowel.
    [GeneratedRegex(@"(skaia|skai|skii|ski|sk)?[aeiu]?$")]
    private static partial Regex AreaSuffix();

    private static string HouseNumber(string house, string? building) =>
        building is null ? NameKeys.House(house) : NameKeys.House(house) + "|" + NameKeys.House(building);

    private string Pooled(string value)
    {
        if (_strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        _strings[value] = value;
        return value;
    }

    [GeneratedRegex(@"(\d+)-?(?:й|я|е|ый|ий|ой|ая|ое|ья|ы|і|st|nd|rd|th|iy|yy|ij|yj|yi|aya|aja|oye|oe|ia|ja|ya|i|y|e)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    /// <summary>The read lock of one resolution.</summary>
    internal readonly struct ReadScope(ReaderWriterLockSlim held) : IDisposable
    {
        public void Dispose() => held.ExitReadLock();
    }
}
