using Npes.Addressing.Mailboxes;
using Npes.Addressing.Model;
using Npes.Addressing.Names;
using Npes.Addressing.Parsing;
using Npes.Addressing.Postcodes;
using Npes.Addressing.Text;
using Npes.Core.Addressing;

namespace Npes.Addressing.Matching;

/// <summary>
/// Resolves a recipient (name + postal address, maybe a УНП) to exactly one mailbox of a <see cref="MailboxDirectory"/>,
/// or to none with a reason. Every step that could pick among several readings refuses instead; the rules are
/// those of the project's README ("Resolution rules"):
/// <list type="bullet">
/// <item>the town must be named, or follow from a postcode that the postcode table gives to one big town; a street
/// of the same name in another town is never considered;</item>
/// <item>a postcode that is not Belarusian, or whose region or town (postcode table), or whose use in the directory,
/// contradicts the named town or region, or the postcode the mailbox registered, is refused;</item>
/// <item>the street must match one street of the town: exactly, then without initials or first names, then with one
/// typo, each step only when the earlier found nothing and only when its answer is unique;</item>
/// <item>house numbers and корпуса match exactly; a compact form that reads as two houses of the directory is refused;</item>
/// <item>a query without apartment matches only mailboxes registered without one, or the one organisation that
/// holds every mailbox of the building;</item>
/// <item>a УНП (with a right check digit) and the name must both belong to the mailbox; otherwise every word of the
/// name must belong to the owner's name.</item>
/// </list>
/// </summary>
public sealed class RecipientResolver(MailboxDirectory directory) : IRecipientResolver
{
    private const int MinFuzzyLength = 5;
    private const int MaxNameLength = 300;
    private const int MaxUnpLength = 40;

    // Latin letters that look like one Cyrillic letter and transliterate another (B: В or Б, C: С or Ц, H: Н or Х/Г, P: Р or П, Y: У or Ы).
    private const string AmbiguousLatinLetters = "BCHPY";

    public Task<Resolution> ResolveAsync(RecipientQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(Resolve(query));

    public Resolution Resolve(RecipientQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Name is null || query.Name.Length > MaxNameLength)
        {
            return Resolution.None(ResolutionOutcome.NameMismatch, $"The recipient's name is missing or longer than {MaxNameLength} characters.");
        }

        if (query.Unp is { Length: > MaxUnpLength })
        {
            return Resolution.None(ResolutionOutcome.NameMismatch, $"The УНП is longer than {MaxUnpLength} characters.");
        }

        using var read = directory.EnterRead();
        var parsed = directory.Parser.Parse(query.Address);
        if (!parsed.Succeeded)
        {
            return Resolution.None(ResolutionOutcome.Unparseable, "The address cannot be read: " + parsed.Error);
        }

        if (parsed.Unrecognised.Count > 0)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, "Parts of the address are not understood: " + string.Join(", ", parsed.Unrecognised) + ".");
        }

        var address = parsed.Address!;
        if (address.House is null)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, "The address names no house number.");
        }

        if ($"{address.House}{address.Building}{address.Unit}".AsSpan().IndexOfAny(AmbiguousLatinLetters) >= 0)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, "A Latin letter in the house, корпус or unit number could stand for two Cyrillic letters (B: Б or В, P: П or Р, …).");
        }

        PostcodeFacts? postcode = null;
        if (address.Postcode is not null)
        {
            postcode = PostcodeTable.Lookup(address.Postcode);
            if (postcode is null)
            {
                return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"{address.Postcode} is not a Belarusian postcode.");
            }

            if (address.Region is not null && MailboxDirectory.AreaKey(address.Region) != postcode.RegionKey)
            {
                return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"The postcode {address.Postcode} is in the {postcode.Region} region, not the {address.Region}.");
            }
        }

        var settlement = FindSettlement(address, postcode, out var refusal);
        if (settlement is null)
        {
            return refusal!;
        }

        if (address.Region is not null && settlement.HasRegions && !settlement.IsInRegion(MailboxDirectory.AreaKey(address.Region)))
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"{address.Settlement} is not in the {address.Region} region.");
        }

        if (address.Settlement is not null && postcode is not null && PostcodeContradictsTown(settlement, address, postcode) is { } contradiction)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, contradiction);
        }

        var streets = FindStreets(settlement, address);
        var place = address.Settlement ?? postcode?.Town ?? address.Postcode;
        if (streets.Count == 0)
        {
            return Resolution.None(ResolutionOutcome.NoMailbox, address.Street is null
                ? $"No mailbox in {place} without a street."
                : $"No mailbox on {address.Street} in {place}.");
        }

        if (streets.Count > 1)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"Several streets of {place} could be meant by {address.Street}.");
        }

        // A compact house form may read as two houses ("62-2-15": 62 корп. 2, or 62/2): only one may exist.
        var reading = address;
        var house = directory.FindHouse(settlement, streets[0], address.House, address.Building);
        foreach (var alternative in parsed.Alternatives)
        {
            if (directory.FindHouse(settlement, streets[0], alternative.House!, alternative.Building) is { } other)
            {
                if (house is not null)
                {
                    return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"The house number can be read as {HouseLabel(reading)} or {HouseLabel(alternative)}, and both have mailboxes.");
                }

                (reading, house) = (alternative, other);
            }
        }

        if (house is null)
        {
            return Resolution.None(ResolutionOutcome.NoMailbox, $"No mailbox at house {HouseLabel(address)} on {address.Street ?? address.Settlement}.");
        }

        var recipient = ParsedName.Parse(query.Name);
        var unp = ReadUnp(query.Unp, recipient, out var unpRefusal);
        return unpRefusal ?? Decide(query.Name, recipient, reading, house, unp, postcode);
    }

    // The УНП from the field or from the name: it must have the УНП's shape and a right check digit.
    private static string? ReadUnp(string? field, ParsedName recipient, out Resolution? refusal)
    {
        refusal = null;
        var written = string.IsNullOrWhiteSpace(field) ? recipient.Unp : field;
        if (written is null)
        {
            return null;
        }

        var unp = UnpNumber.Normalize(written);
        if (unp is null)
        {
            refusal = Resolution.None(ResolutionOutcome.NameMismatch, $"\"{written.Trim()}\" is not a УНП (nine characters).");
            return null;
        }

        if (!UnpNumber.IsValid(unp))
        {
            refusal = Resolution.None(ResolutionOutcome.NameMismatch, $"The УНП {unp} has a wrong check digit.");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(field) && recipient.Unp is { } inName && UnpNumber.Normalize(inName) != unp)
        {
            refusal = Resolution.None(ResolutionOutcome.NameMismatch, $"The name carries the УНП {inName}, the УНП field {unp}.");
            return null;
        }

        return unp;
    }

    private Settlement? FindSettlement(PostalAddress address, PostcodeFacts? postcode, out Resolution? refusal)
    {
        refusal = null;
        if (address.Settlement is not null)
        {
            var named = directory.FindSettlement(address.Settlement);
            if (named is null)
            {
                refusal = Resolution.None(ResolutionOutcome.NoMailbox, $"No mailbox in {address.Settlement}.");
            }

            return named;
        }

        if (postcode is null)
        {
            refusal = Resolution.None(ResolutionOutcome.AmbiguousAddress, "The address names neither a town nor a postcode.");
            return null;
        }

        // Only a big town's own postcode names a settlement; a rural post office serves several villages.
        if (!postcode.NamesTown)
        {
            refusal = Resolution.None(ResolutionOutcome.AmbiguousAddress, $"The postcode {address.Postcode} does not name one settlement; the address must name it.");
            return null;
        }

        var town = directory.FindSettlementByKey(postcode.TownKey!);
        if (town is null)
        {
            refusal = Resolution.None(ResolutionOutcome.NoMailbox, $"No mailbox in {postcode.Town} ({address.Postcode}).");
        }

        return town;
    }

    // The named town against the postcode: the postcode table (town ranges, regions) and the directory's own use.
    private string? PostcodeContradictsTown(Settlement settlement, PostalAddress address, PostcodeFacts postcode)
    {
        if (postcode.TownKey == settlement.Key)
        {
            // The table gives the postcode to this town (its own range, or one it shares).
            return null;
        }

        if (postcode.NamesTown)
        {
            return $"The postcode {address.Postcode} belongs to {postcode.Town}, not {address.Settlement}.";
        }

        // A big town written as such ("г. Гомель", or with no type) has its own postcodes; an agrotown of that name need not.
        if (address.SettlementType is null or SettlementType.City && PostcodeTable.IsOutsideTown(settlement.Key, address.Postcode!))
        {
            return $"The postcode {address.Postcode} is not one of {address.Settlement}.";
        }

        if (settlement.HasRegions && !settlement.IsInRegion(postcode.RegionKey))
        {
            return $"The postcode {address.Postcode} is in the {postcode.Region} region, where no {address.Settlement} of the directory is.";
        }

        return directory.PostcodeContradicts(settlement, address.Postcode!)
            ? $"The postcode {address.Postcode} contradicts {address.Settlement}."
            : null;
    }

    private static List<StreetRef> FindStreets(Settlement settlement, PostalAddress address)
    {
        if (address.Street is null)
        {
            return [new StreetRef(string.Empty, null, string.Empty, [])];
        }

        var key = MailboxDirectory.StreetKey(address.Street);
        if (settlement.StreetsByKey.TryGetValue(key, out var named))
        {
            // The name exists: a contradicting type word is another street, never a typo.
            return named.Where(s => TypeFits(s, address.StreetType)).ToList();
        }

        var words = key.Split(' ');
        var partial = settlement.StreetsByLastWord.TryGetValue(words[^1], out var sameLastWord)
            ? sameLastWord.Where(s => TypeFits(s, address.StreetType) && WordsFit(words, s.Words)).ToList()
            : [];
        var written = Fold.Normalize(address.Street);
        if (partial.Count > 0 || written.Length < MinFuzzyLength)
        {
            return partial;
        }

        // One typo, in the phonetic key or in a spelling as registered (a typo can change the key by two: тс→ц);
        // a single written word may stand for the registered name's last word ("Куаплы" for "Янки Купалы").
        var singleWord = !written.Contains(' ', StringComparison.Ordinal);
        var near = settlement.StreetsNear(key);
        near.UnionWith(settlement.StreetsNear(written));
        var fuzzy = new List<StreetRef>();
        foreach (var street in near)
        {
            if (TypeFits(street, address.StreetType) && SameNumbers(key, street.Key)
                && (Distance.AtMostOne(key, street.Key) || AnyOneTypoApart(written, street.Spellings) || (singleWord && AnyOneTypoApart(written, street.LastWords))))
            {
                fuzzy.Add(street);
            }
        }

        return fuzzy;
    }

    // A typo is in letters: "1-й Тучинский" is not one typo away from "2-й Тучинский".
    private static bool SameNumbers(string a, string b) =>
        a.Where(char.IsAsciiDigit).SequenceEqual(b.Where(char.IsAsciiDigit));

    private static bool AnyOneTypoApart(string written, List<string> spellings)
    {
        foreach (var spelling in spellings)
        {
            if (Distance.AtMostOne(written, spelling))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TypeFits(StreetRef street, StreetType? written) =>
        written is null || street.Type is null || street.Type == written;

    // "Я. Купалы" or "Купалы" for "Янки Купалы": the last words agree; earlier written words are the street's words or
    // their initials; a street word left out may be a first name, never a number ("Тучинский" is not "2-й Тучинский").
    private static bool WordsFit(string[] written, string[] street)
    {
        if (written.Length == 0 || written.Length > street.Length || written[^1] != street[^1] || written[^1].Length < 3)
        {
            return false;
        }

        var position = 0;
        foreach (var word in written[..^1])
        {
            while (position < street.Length - 1 && !(street[position] == word || (word.Length <= 2 && street[position].StartsWith(word, StringComparison.Ordinal))))
            {
                if (street[position].Any(char.IsAsciiDigit))
                {
                    return false;
                }

                position++;
            }

            if (position == street.Length - 1)
            {
                return false;
            }

            position++;
        }

        return !street[position..^1].Any(word => word.Any(char.IsAsciiDigit));
    }

    private static Resolution Decide(string name, ParsedName recipient, PostalAddress address, House house, string? unp, PostcodeFacts? postcode)
    {
        var district = MailboxDirectory.AreaKey(address.District);
        var region = MailboxDirectory.AreaKey(address.Region);
        var unitKey = MailboxDirectory.UnitKey(address.UnitType, address.Unit);
        var organisationHouse = false;
        List<Occupant> occupants;
        if (address.Unit is null && unp is null && house.At(string.Empty) is { Count: > 0 } withoutUnit)
        {
            occupants = withoutUnit;
        }
        else if (address.Unit is null && unp is not null)
        {
            // The УНП picks the office in the house.
            occupants = [.. house.All];
        }
        else if (address.Unit is null && OneOrganisationHolds(house))
        {
            // Every mailbox of the building is one organisation's: the building is its address.
            occupants = [.. house.All];
            organisationHouse = true;
        }
        else if (house.At(unitKey) is { Count: > 0 } atUnit)
        {
            occupants = atUnit;
        }
        else if (address.Unit is null)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"House {address.House} has mailboxes in several apartments or offices and the address names none.");
        }
        else
        {
            return Resolution.None(ResolutionOutcome.NoMailbox, $"No mailbox at {UnitLabel(address)} of house {address.House}.");
        }

        var here = occupants
            .Where(o => Compatible(o.DistrictKey, district) && Compatible(o.RegionKey, region))
            .ToList();
        if (here.Select(o => o.DistrictKey).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"Several places called {address.Settlement} have this address; name the district.");
        }

        if (address.Postcode is not null && postcode is not null)
        {
            here = here.Where(o => PostcodeFits(o, address.Postcode, postcode)).ToList();
            if (here.Count == 0)
            {
                return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"The postcode {address.Postcode} is not the one the mailboxes at the address registered.");
            }
        }

        if (unp is not null)
        {
            var byUnp = here.Where(o => o.Owner.Unp == unp).ToList();
            if (byUnp.Count == 0)
            {
                return Resolution.None(ResolutionOutcome.NameMismatch, $"No mailbox with УНП {unp} at the address.");
            }

            // The name must agree too: a УНП never outranks a name that contradicts it (a neighbour's УНП, a typo).
            var agreeing = byUnp
                .Where(o => o.Owner.Fit(recipient) != NameFit.None || (recipient.HasRemark && o.Owner.Fit(recipient.WithoutRemark) != NameFit.None))
                .Select(o => o.MailboxId)
                .Distinct()
                .ToList();
            return agreeing.Count switch
            {
                1 => Resolution.Match(agreeing[0], $"The mailbox with УНП {unp} is at the address and the name agrees."),
                0 => Resolution.None(ResolutionOutcome.NameMismatch, $"The УНП {unp} and the name {name} do not belong to the same mailbox at the address."),
                _ => Resolution.None(ResolutionOutcome.SeveralCandidates, $"Several mailboxes with УНП {unp} at the address."),
            };
        }

        var fitting = here.Where(o => o.Owner.Fit(recipient) != NameFit.None).Select(o => o.MailboxId).Distinct().ToList();
        return fitting.Count switch
        {
            1 when organisationHouse => Resolution.Match(fitting[0], "The building holds only the recipient organisation's mailbox."),
            1 => Resolution.Match(fitting[0], "One mailbox at the address belongs to the recipient."),
            0 when organisationHouse => Resolution.None(ResolutionOutcome.AmbiguousAddress, $"House {address.House} has mailboxes in offices and the address names none."),
            0 when address.Unit is null && house.HasUnits => Resolution.None(ResolutionOutcome.AmbiguousAddress, $"House {address.House} has mailboxes in several apartments or offices and the address names none."),
            0 => Resolution.None(ResolutionOutcome.NameMismatch, "The mailboxes at the address belong to someone else."),
            _ => Resolution.None(ResolutionOutcome.SeveralCandidates, $"{fitting.Count} mailboxes at the address fit the name {name}."),
        };
    }

    // Every mailbox registered in the house, in whatever office, is one organisation's.
    private static bool OneOrganisationHolds(House house)
    {
        Guid? mailbox = null;
        foreach (var occupant in house.All)
        {
            if (occupant.Owner.Kind != MailboxKind.Organisation || (mailbox is { } seen && seen != occupant.MailboxId))
            {
                return false;
            }

            mailbox = occupant.MailboxId;
        }

        return mailbox is not null;
    }

    // The written postcode against the one the mailbox registered: equal; or, in a town, another office of that big
    // town or of the same postal area. A village's post office is its own: another postcode is another place.
    private static bool PostcodeFits(Occupant occupant, string written, PostcodeFacts facts)
    {
        if (occupant.Postcode is null || occupant.Postcode == written)
        {
            return true;
        }

        if (occupant.StrictPostcode)
        {
            return false;
        }

        var registered = PostcodeTable.Lookup(occupant.Postcode);
        if (registered?.TownKey is { } town && facts.TownKey is { } writtenTown)
        {
            return town == writtenTown;
        }

        return registered?.TownKey is null && facts.TownKey is null && occupant.Postcode[..3] == written[..3];
    }

    private static bool Compatible(string known, string written) => known.Length == 0 || written.Length == 0 || known == written;

    private static string HouseLabel(PostalAddress address) =>
        address.House + (address.Building is null ? string.Empty : " корп. " + address.Building);

    private static string UnitLabel(PostalAddress address) => address.UnitType switch
    {
        UnitType.Premises => "пом. " + address.Unit,
        UnitType.Office => "оф. " + address.Unit,
        UnitType.Room => "ком. " + address.Unit,
        _ => "кв. " + address.Unit,
    };
}
