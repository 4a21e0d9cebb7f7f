using System.Globalization;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Names;
using Npes.Core.Addressing;

namespace Npes.Addressing.Load;

/// <summary>One query of the mix, with the mailbox it should reach (or none) and its kind.</summary>
internal sealed record MixQuery(string Kind, RecipientQuery Query, Guid? Expected, string CanonicalKey);

/// <summary>
/// A synthetic Belarus: a capital with thousands of streets, regional towns, many villages; blocks of flats and
/// private houses; residents with common surnames. Deterministic for a seed.
/// </summary>
internal sealed class SyntheticCountry(int seed)
{
    private static readonly string[] Surnames =
    [
        "Иванов", "Петров", "Сидоров", "Ковалёв", "Новик", "Кузнецов", "Морозов", "Жук", "Климович", "Ярошевич", "Савицкий",
        "Тарасевич", "Пашкевич", "Стельмах", "Антонович", "Прокопович", "Дубовик", "Карпович", "Гайдук", "Бондарь", "Лебедев",
        "Сорокин", "Мартинович", "Рудь", "Ткачук", "Пинчук", "Левчук", "Борисевич", "Якимович", "Статкевич", "Козлов", "Романович",
    ];

    private static readonly string[] Givens = ["Александр", "Сергей", "Дмитрий", "Андрей", "Павел", "Николай", "Михаил", "Владимир", "Евгений", "Иван", "Олег", "Игорь"];
    private static readonly string[] Patronymics = ["Иванович", "Петрович", "Сергеевич", "Александрович", "Николаевич", "Михайлович"];
    private static readonly string[] StreetStems =
    [
        "Ленина", "Советская", "Первомайская", "Независимости", "Победителей", "Сурганова", "Кирова", "Гоголя", "Пушкина", "Гагарина",
        "Машерова", "Мира", "Лесная", "Садовая", "Школьная", "Молодёжная", "Центральная", "Заводская", "Набережная", "Калинина",
    ];

    private static readonly string[] StreetTypes = ["ул.", "ул.", "ул.", "пр-т", "пер.", "бул."];
    private static readonly string[] TownSyllables = ["Ново", "Старо", "Бело", "Красно", "Верхне", "Нижне", "Мало", "Велико"];
    private static readonly string[] TownRoots = ["сёлки", "дворье", "борск", "поле", "вичи", "горье", "лесье", "полье", "брод", "дубье", "ляны"];

    private readonly Random _random = new(seed);
    private readonly List<(Guid Id, string Name, string Town, string Postcode, string StreetType, string Street, int House, int? Apartment)> _residents = [];
    private List<(string Town, string Postcode, int Streets, bool Blocks)>? _towns;

    /// <summary>
    /// The entries of the directory, made as they are read: <paramref name="mailboxes"/> residents, each with an entry id
    /// of its own; each resident's canonical delivery-point key goes into <paramref name="yardstick"/>.
    /// </summary>
    public IEnumerable<(Guid EntryId, MailboxEntry Entry)> Entries(int mailboxes, Dictionary<string, Guid> yardstick)
    {
        for (var i = 0; i < mailboxes; i++)
        {
            yield return NewResident(yardstick);
        }
    }

    /// <summary>One more resident somewhere in the country (also what an incremental update adds).</summary>
    public (Guid EntryId, MailboxEntry Entry) NewResident(Dictionary<string, Guid>? yardstick = null)
    {
        _towns ??= Towns();
        var (town, postcode, streets, blocks) = _towns[WeightedTown(_towns.Count)];
        var street = _random.Next(streets);
        var house = _random.Next(1, 120);
        int? apartment = blocks ? _random.Next(1, 200) : null;
        var name = $"{Pick(Surnames)} {Pick(Givens)} {Pick(Patronymics)}";
        var (streetType, streetName) = StreetName(street);
        var id = Guid.NewGuid();
        var address = $"{postcode}, г. {town}, {streetType} {streetName}, д. {house}" + (apartment is { } a ? $", кв. {a}" : string.Empty);
        if (yardstick is not null)
        {
            yardstick[CanonicalKey(town, streetType, streetName, house, apartment)] = id;
            _residents.Add((id, name, town, postcode, streetType, streetName, house, apartment));
        }

        return (Guid.NewGuid(), new MailboxEntry(id, MailboxKind.Person, name, address, null));
    }

    /// <summary>The mix: mostly exact hits written several ways, some Belarusian, typos, neighbours and initials.</summary>
    public List<MixQuery> Queries(int count)
    {
        var queries = new List<MixQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var r = _residents[_random.Next(_residents.Count)];
            var flat = r.Apartment is { } a ? $", кв. {a}" : string.Empty;
            var compactFlat = r.Apartment is { } b ? $"-{b}" : string.Empty;
            var key = CanonicalKey(r.Town, r.StreetType, r.Street, r.House, r.Apartment);
            var roll = _random.Next(100);
            var parts = r.Name.Split(' ');
            MixQuery query = roll switch
            {
                < 35 => new("full", new RecipientQuery(r.Name, $"{r.Postcode}, г. {r.Town}, {r.StreetType} {r.Street}, д. {r.House}{flat}", null), r.Id, key),
                < 55 => new("compact", new RecipientQuery($"{parts[1]} {parts[0]}", $"{r.Town}, {r.Street} {r.House}{compactFlat}", null), r.Id, key),
                < 65 => new("reordered", new RecipientQuery(r.Name.ToUpperInvariant(), $"{r.StreetType} {r.Street}, д.{r.House}{flat}, г.{r.Town}, {r.Postcode}", null), r.Id, key),
                < 75 => new("typo", new RecipientQuery(r.Name, $"г. {r.Town}, {r.StreetType} {Typo(r.Street)}, д. {r.House}{flat}", null), r.Id, key),
                < 85 => new("initials", new RecipientQuery($"{parts[0]} {parts[1][0]}.{parts[2][0]}.", $"г. {r.Town}, {r.StreetType} {r.Street}, {r.House}{compactFlat}", null), r.Id, key),
                < 95 => new("neighbour", new RecipientQuery(r.Name, $"г. {r.Town}, {r.StreetType} {r.Street}, д. {r.House + 1000}{flat}", null), null, key),
                _ => new("other-town", new RecipientQuery(r.Name, $"г. Нигдебск, {r.StreetType} {r.Street}, д. {r.House}{flat}", null), null, key),
            };
            queries.Add(query);
        }

        return queries;
    }

    public static string CanonicalKey(string town, string streetType, string street, int house, int? apartment) =>
        string.Create(CultureInfo.InvariantCulture, $"{town}|{streetType}|{street}|{house}|{apartment}");

    // Minsk has thousands of streets and blocks of flats; regional towns hundreds; villages a few streets of houses.
    // Postcodes are the towns' own; villages get rural postcodes of the regions (none of a big town's range).
    private List<(string Town, string Postcode, int Streets, bool Blocks)> Towns()
    {
        var towns = new List<(string, string, int, bool)> { ("Минск", "220030", 3000, true) };
        (string Town, string Postcode)[] regional =
        [
            ("Брест", "224030"), ("Гомель", "246050"), ("Гродно", "230025"), ("Витебск", "210015"), ("Могилёв", "212030"), ("Бобруйск", "213810"),
            ("Барановичи", "225409"), ("Борисов", "222120"), ("Пинск", "225710"), ("Орша", "211391"), ("Мозырь", "247760"), ("Солигорск", "223710"),
        ];
        foreach (var (town, postcode) in regional)
        {
            towns.Add((town, postcode, 600, true));
        }

        string[] ruralAreas = ["211", "222", "223", "225", "231", "247"];
        foreach (var prefix in TownSyllables)
        {
            foreach (var root in TownRoots)
            {
                towns.Add((prefix + root, Pick(ruralAreas) + _random.Next(100, 1000).ToString(CultureInfo.InvariantCulture), 12, false));
            }
        }

        return towns;
    }

    // Half the mailboxes in the capital, a third in regional towns, the rest in villages.
    private int WeightedTown(int towns)
    {
        var roll = _random.Next(100);
        return roll < 50 ? 0 : roll < 85 ? _random.Next(1, 13) : _random.Next(13, towns);
    }

    private static (string Type, string Name) StreetName(int index)
    {
        var stem = StreetStems[index % StreetStems.Length];
        var type = StreetTypes[index / StreetStems.Length % StreetTypes.Length];
        var variant = index / (StreetStems.Length * StreetTypes.Length);
        return (type, variant == 0 ? stem : $"{stem} {variant}-я");
    }

    private string Typo(string street)
    {
        var word = street.Split(' ')[0];
        var i = _random.Next(1, word.Length - 1);
        var typo = word[..i] + word[i + 1] + word[i] + word[(i + 2)..];
        return typo + street[word.Length..];
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
