using Npes.Addressing.Mailboxes;
using Npes.Addressing.Model;
using Npes.Addressing.Names;
using Npes.Addressing.Parsing;
using Npes.Addressing.Text;
using Npes.Core.Addressing;

namespace Npes.Addressing.Matching;

/// <summary>
/// Resolves a recipient (name + postal address, maybe a УНП) to exactly one mailbox of a <see cref="MailboxDirectory"/>,
/// or to none with a reason. Every step that could pick among several readings refuses instead:
/// <list type="bullet">
/// <item>the town must be named (or follow from a postcode used by one town only); a street of the same name in
/// another town is never considered;</item>
/// <item>a region that contradicts the town (big towns' regions are known, others' as their mailboxes registered) is refused;</item>
/// <item>a postcode used by another town of the directory is a contradiction that is never resolved; a postcode
/// unknown to the directory from another postal area (first three digits) than the town's is tolerated only when
/// the rest is certain: the street spelled exactly and the name written out in full (or the УНП matching);</item>
/// <item>the street must match one street of the town: exactly, then without initials or first names
/// ("Я. Купалы" → "Янки Купалы"), then with one typo — each step only when the earlier found nothing, and only
/// when its answer is unique; a type word that contradicts (пер. for ул.) is no match;</item>
/// <item>house numbers and корпуса match exactly ("5" ≠ "5А" ≠ "5 к1"); a query without apartment matches only
/// mailboxes registered without one, so a block of flats without apartment number is ambiguous;</item>
/// <item>a УНП outranks the name; otherwise every word of the name must belong to the owner's name, surname and
/// given name (or its initial) required; two owners fitting is <see cref="ResolutionOutcome.SeveralCandidates"/>.</item>
/// </list>
/// </summary>
public sealed class RecipientResolver(MailboxDirectory directory) : IRecipientResolver
{
    private const int MinFuzzyLength = 5;
    private const int MaxNameLength = 300;

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

        var settlement = FindSettlement(address, out var refusal);
        if (settlement is null)
        {
            return refusal!;
        }

        if (address.Region is not null && settlement.Regions.Count > 0 && !settlement.Regions.Contains(MailboxDirectory.AreaKey(address.Region)))
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"{address.Settlement} is not in the {address.Region} region.");
        }

        var postcodeContradicts = address.Postcode is not null && address.Settlement is not null
            && directory.PostcodeContradicts(settlement, address.Postcode);

        var streets = FindStreets(settlement, address, out var exactStreet);
        if (streets.Count == 0)
        {
            return Resolution.None(ResolutionOutcome.NoMailbox, address.Street is null
                ? $"No mailbox in {address.Settlement ?? address.Postcode} without a street."
                : $"No mailbox on {address.Street} in {address.Settlement ?? address.Postcode}.");
        }

        if (streets.Count > 1)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"Several streets of {address.Settlement ?? address.Postcode} could be meant by {address.Street}.");
        }

        var house = directory.FindHouse(settlement, streets[0].Id, address.House, address.Building);
        if (house is null)
        {
            return Resolution.None(ResolutionOutcome.NoMailbox, $"No mailbox at house {address.House}{(address.Building is null ? string.Empty : " корп. " + address.Building)} on {address.Street ?? address.Settlement}.");
        }

        var recipient = ParsedName.Parse(query.Name);
        var unp = OwnerName.NormalizeUnp(query.Unp) ?? recipient.Unp;
        var decision = Decide(query.Name, recipient, address, house, unp);
        if (decision.Outcome != ResolutionOutcome.Matched || !postcodeContradicts)
        {
            return decision;
        }

        return PostcodeReadingIsCertain(address, exactStreet, recipient, unp)
            ? Resolution.Match(decision.MailboxId!.Value, decision.Reason + $" The postcode {address.Postcode} belongs to another town; the rest is certain.")
            : Resolution.None(ResolutionOutcome.AmbiguousAddress, $"The postcode {address.Postcode} contradicts {address.Settlement} and the rest of the address is not certain enough.");
    }

    private Settlement? FindSettlement(PostalAddress address, out Resolution? refusal)
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

        if (address.Postcode is null)
        {
            refusal = Resolution.None(ResolutionOutcome.AmbiguousAddress, "The address names neither a town nor a postcode.");
            return null;
        }

        var towns = directory.SettlementsWithPostcode(address.Postcode);
        if (towns.Count != 1)
        {
            refusal = towns.Count == 0
                ? Resolution.None(ResolutionOutcome.NoMailbox, $"No mailbox with postcode {address.Postcode}.")
                : Resolution.None(ResolutionOutcome.AmbiguousAddress, $"The postcode {address.Postcode} serves several towns and none is named.");
            return null;
        }

        return directory.FindSettlementByKey(towns.First());
    }

    private static List<StreetRef> FindStreets(Settlement settlement, PostalAddress address, out bool exact)
    {
        exact = true;
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

        exact = false;
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

    private static Resolution Decide(string name, ParsedName recipient, PostalAddress address, House house, string? unp)
    {
        var district = MailboxDirectory.AreaKey(address.District);
        var region = MailboxDirectory.AreaKey(address.Region);
        var unitKey = MailboxDirectory.UnitKey(address.UnitType, address.Unit);
        IEnumerable<Occupant> occupants;
        if (unp is not null && address.Unit is null)
        {
            occupants = house.All;
        }
        else if (house.Units.TryGetValue(unitKey, out var atUnit))
        {
            occupants = atUnit;
        }
        else if (address.Unit is null)
        {
            return Resolution.None(ResolutionOutcome.AmbiguousAddress, $"House {address.House} has mailboxes in several apartments and the address names none.");
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

        if (unp is not null)
        {
            var byUnp = here.Where(o => o.Owner.Unp == unp).Select(o => o.MailboxId).Distinct().ToList();
            return byUnp.Count switch
            {
                1 => Resolution.Match(byUnp[0], $"The mailbox with УНП {unp} is at the address."),
                0 => Resolution.None(ResolutionOutcome.NameMismatch, $"No mailbox with УНП {unp} at the address."),
                _ => Resolution.None(ResolutionOutcome.SeveralCandidates, $"Several mailboxes with УНП {unp} at the address."),
            };
        }

        var fitting = here.Where(o => o.Owner.Fit(recipient) != NameFit.None).Select(o => o.MailboxId).Distinct().ToList();
        return fitting.Count switch
        {
            1 => Resolution.Match(fitting[0], "One mailbox at the address belongs to the recipient."),
            0 when address.Unit is null && house.HasUnits => Resolution.None(ResolutionOutcome.AmbiguousAddress, $"House {address.House} has mailboxes in several apartments and the address names none."),
            0 => Resolution.None(ResolutionOutcome.NameMismatch, "The mailboxes at the address belong to someone else."),
            _ => Resolution.None(ResolutionOutcome.SeveralCandidates, $"{fitting.Count} mailboxes at the address fit the name {name}."),
        };
    }

    // A postcode known for another town designates that town: never certain. A postcode from another postal area
    // than the town's is forgiven only with the street spelled exactly and the name written out (or the УНП).
    private bool PostcodeReadingIsCertain(PostalAddress address, bool exactStreet, ParsedName recipient, string? unp) =>
        directory.SettlementsWithPostcode(address.Postcode!).Count == 0
        && exactStreet
        && (unp is not null || !recipient.Parts.Any(p => p.IsInitial));

    private static bool Compatible(string known, string written) => known.Length == 0 || written.Length == 0 || known == written;

    private static string UnitLabel(PostalAddress address) => address.UnitType switch
    {
        UnitType.Premises => "пом. " + address.Unit,
        UnitType.Office => "оф. " + address.Unit,
        UnitType.Room => "ком. " + address.Unit,
        _ => "кв. " + address.Unit,
    };
}
