using System.Collections.Frozen;
using Npes.Addressing.Model;

namespace Npes.Addressing.Text;

internal enum MarkerKind
{
    Region,
    District,
    Selsovet,
    Settlement,
    Street,
    House,
    Building,
    Unit,
    Country,

    /// <summary>Entrance or floor (подъезд 2, этаж 5): true, but no part of the delivery point, so read and set aside.</summary>
    Ignored,
}

/// <summary>A type word of an address (ул., г., р-н, кв., …) in any of its spellings.</summary>
internal sealed record Marker(MarkerKind Kind, SettlementType? Settlement = null, StreetType? Street = null, UnitType? Unit = null)
{
    /// <summary>Region, district and village council words usually follow their name (Минская обл.).</summary>
    public bool PrefersPrecedingName => Kind is MarkerKind.Region or MarkerKind.District or MarkerKind.Selsovet;

    public bool NamesSomething => Kind is MarkerKind.Region or MarkerKind.District or MarkerKind.Selsovet or MarkerKind.Settlement or MarkerKind.Street;
}

/// <summary>The words NPES knows: address type words, Belarusian↔Russian name pairs, legal forms, big towns.</summary>
internal static class Lexicon
{
    /// <summary>Type words by their phonetic key without spaces (р-н → "rn", вуліца and ulica → "vulica"/"ulica").</summary>
    public static readonly FrozenDictionary<string, Marker> Markers = BuildMarkers();

    /// <summary>Single letters that are type words only in context (г. Минск, д. 5, д. Новосёлки, к. 2, в. Ракаў).</summary>
    public static readonly FrozenSet<string> ContextualLetters = FrozenSet.ToFrozenSet(["g", "d", "v", "k"], StringComparer.Ordinal);

    /// <summary>Belarusian (Cyrillic or Latin) words whose Russian counterpart is a translation, not a spelling: key → key.</summary>
    public static readonly FrozenDictionary<string, string> Translations = BuildTranslations();

    /// <summary>Belarusian stems of given names (and so of patronymics) → Russian stems, as keys.</summary>
    public static readonly IReadOnlyList<(string From, string To)> GivenNameStems = BuildGivenNameStems();

    /// <summary>Belarusian given names whose Russian form ends differently (Яўген/Евгений), as keys.</summary>
    public static readonly FrozenDictionary<string, string> GivenNames = BuildGivenNames();

    /// <summary>The English "JSC": a joint-stock company, open, closed or plain (ОАО, ЗАО, АО).</summary>
    public const string JointStock = "JSC";

    /// <summary>Russian given-name stems (as keys) whose Belarusian form starts with another letter: Владимир → У, Евгений → Я.</summary>
    private static readonly (string RussianStem, string Initial)[] BelarusianInitials = BuildBelarusianInitials();

    /// <summary>Legal forms by their folded abbreviation or full wording → one canonical code.</summary>
    public static readonly FrozenDictionary<string, string> LegalForms = BuildLegalForms();

    /// <summary>Whether two written legal forms can be the same: equal, or "JSC" and a joint-stock form.</summary>
    public static bool LegalFormsAgree(string a, string b) =>
        a == b || (a == JointStock && b is "ОАО" or "ЗАО" or "АО") || (b == JointStock && a is "ОАО" or "ЗАО" or "АО");

    /// <summary>Towns known without a directory, so "Минск Ленина 5" splits into town and street.</summary>
    public static readonly IReadOnlyList<string> MajorTowns =
    [
        "Минск", "Брест", "Гомель", "Гродно", "Витебск", "Могилёв", "Бобруйск", "Барановичи", "Борисов", "Пинск", "Орша",
        "Мозырь", "Солигорск", "Новополоцк", "Лида", "Молодечно", "Полоцк", "Жлобин", "Светлогорск", "Речица", "Слуцк",
        "Жодино", "Кобрин", "Слоним", "Волковыск", "Калинковичи", "Сморгонь", "Рогачёв", "Осиповичи", "Горки", "Новогрудок",
        "Берёза", "Лунинец", "Дзержинск", "Марьина Горка", "Фаниполь", "Заславль", "Смолевичи", "Несвиж", "Столбцы",
    ];

    /// <summary>The region of each big town, by the town's key (Minsk is written both with and without "Минская обл.").</summary>
    public static readonly FrozenDictionary<string, string> TownRegions = BuildTownRegions();

    /// <summary>
    /// The key of the first letter of the Belarusian form of a Russian given name, patronymic or surname made from one
    /// (key of "Владимировна" → "u", for Уладзіміраўна), when that letter differs; otherwise null.
    /// </summary>
    public static string? BelarusianInitial(string russianKey)
    {
        foreach (var (stem, initial) in BelarusianInitials)
        {
            if (russianKey.StartsWith(stem, StringComparison.Ordinal))
            {
                return initial;
            }
        }

        return null;
    }

    /// <summary>The phonetic key of a word as used for comparing names: a translation replaces the word.</summary>
    public static string TranslatedKey(string word)
    {
        var key = Fold.WordKey(word);
        return Translations.TryGetValue(key, out var russian) ? russian : key;
    }

    private static FrozenDictionary<string, Marker> BuildMarkers()
    {
        var markers = new Dictionary<string, Marker>(StringComparer.Ordinal);
        void Add(Marker marker, params string[] spellings)
        {
            foreach (var spelling in spellings)
            {
                markers[Fold.Key(spelling).Replace(" ", string.Empty, StringComparison.Ordinal)] = marker;
            }
        }

        Add(new Marker(MarkerKind.Region), "обл", "область", "вобл", "вобласць", "oblast", "voblasc", "voblasts", "vobl", "obl", "region");
        Add(new Marker(MarkerKind.District), "р-н", "район", "раён", "rajon", "raion", "rayon", "district", "r-n");
        Add(new Marker(MarkerKind.Selsovet), "с/с", "сельсовет", "сельсавет", "selsaviet", "selsovet");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.City), "г", "гор", "город", "горад", "gorod", "horad", "city", "town");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.UrbanSettlement), "г.п", "гп", "h.p");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.Agrotown), "аг", "агрогородок", "аграгарадок", "ahraharadok", "agrogorodok", "agrotown");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.Village), "д", "дер", "деревня", "в", "вёска", "vioska", "vieska", "derevnya", "village");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.Settlement), "пос", "пас", "посёлок", "пасёлак", "poselok", "pasiolak", "settlement");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Street), "ул", "улица", "вул", "вуліца", "ulitsa", "vulica", "vulitsa", "street", "str", "st");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Avenue), "пр-т", "пр", "просп", "прасп", "проспект", "праспект", "prospekt", "praspekt", "pr-kt", "пр-кт", "avenue", "ave", "av", "prospect");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Lane), "пер", "переулок", "зав", "завулак", "pereulok", "zavulak", "lane");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Boulevard), "бул", "бульв", "б-р", "бульвар", "bulvar", "boulevard", "blvd");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Tract), "тракт", "тр", "тр-т", "trakt", "tract");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Square), "пл", "площадь", "плошча", "ploshchad", "plošča", "square", "sq");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Microdistrict), "мкр", "мкрн", "м-н", "микрорайон", "мікрараён", "mikrorayon", "mikrarajon", "microdistrict");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Embankment), "наб", "набережная", "набярэжная", "naberezhnaya", "nabiarežnaja", "embankment");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Highway), "шоссе", "шаша", "shosse", "šaša", "highway");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Passage), "проезд", "праезд", "пр-д", "proezd", "prajezd", "passage");
        Add(new Marker(MarkerKind.Street, Street: StreetType.DeadEnd), "тупик", "туп", "тупік", "tupik");
        Add(new Marker(MarkerKind.House), "д", "дом", "буд", "будынак", "dom", "bud", "house");
        Add(new Marker(MarkerKind.Building), "к", "корп", "корпус", "кор", "korp", "korpus", "building", "bldg");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Apartment), "кв", "кв-ра", "квартира", "кватэра", "kv", "kvartira", "kvatera", "apt", "apartment", "flat");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Premises), "пом", "пам", "помещение", "памяшканне", "pom", "pamiaškannie", "premises");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Office), "оф", "офис", "каб", "кабинет", "of", "ofis", "office");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Room), "ком", "комната", "пакой", "kom", "komnata", "pakoj", "room");
        Add(new Marker(MarkerKind.Country), "беларусь", "belarus", "рб", "республика", "рэспубліка", "respublika", "republic");
        Add(new Marker(MarkerKind.Ignored), "подъезд", "подьезд", "под", "пад'езд", "падезд", "эт", "этаж", "паверх", "домофон", "entrance", "floor");

        // The letters г, д, в, к mean several things; the parser decides by context. These keys are the contextual defaults.
        markers["g"] = new Marker(MarkerKind.Settlement, Settlement: SettlementType.City);
        markers["v"] = new Marker(MarkerKind.Settlement, Settlement: SettlementType.Village);
        markers["k"] = new Marker(MarkerKind.Building);
        markers["d"] = new Marker(MarkerKind.House);
        return markers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildTownRegions()
    {
        (string Region, string[] Towns)[] regions =
        [
            ("Минская", ["Минск", "Борисов", "Солигорск", "Молодечно", "Слуцк", "Жодино", "Дзержинск", "Марьина Горка", "Фаниполь", "Заславль", "Смолевичи", "Несвиж", "Столбцы"]),
            ("Брестская", ["Брест", "Барановичи", "Пинск", "Кобрин", "Берёза", "Лунинец"]),
            ("Гомельская", ["Гомель", "Мозырь", "Жлобин", "Светлогорск", "Речица", "Калинковичи", "Рогачёв"]),
            ("Гродненская", ["Гродно", "Лида", "Слоним", "Волковыск", "Сморгонь", "Новогрудок"]),
            ("Витебская", ["Витебск", "Орша", "Новополоцк", "Полоцк"]),
            ("Могилёвская", ["Могилёв", "Бобруйск", "Осиповичи", "Горки"]),
        ];
        return regions
            .SelectMany(r => r.Towns.Select(town => (Town: string.Join(' ', Fold.Words(town).Select(TranslatedKey)), r.Region)))
            .ToFrozenDictionary(p => p.Town, p => p.Region, StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildTranslations() => KeyPairs(Equivalents.Words);

    private static List<(string From, string To)> BuildGivenNameStems() =>
        Equivalents.GivenNameStems
            .Select(p => (Fold.WordKey(p.Belarusian), Fold.WordKey(p.Russian)))
            .Where(p => p.Item1 != p.Item2)
            .OrderByDescending(p => p.Item1.Length)
            .ToList();

    private static (string RussianStem, string Initial)[] BuildBelarusianInitials() =>
        Equivalents.GivenNames.Concat(Equivalents.GivenNameStems)
            .Select(p => (Stem: Fold.WordKey(p.Russian), Initial: Fold.WordKey(p.Belarusian[..1]), RussianInitial: Fold.WordKey(p.Russian[..1])))
            .Where(p => p.Initial != p.RussianInitial && p.Stem.Length >= 3)
            .Select(p => (p.Stem.Length > 4 ? p.Stem[..4] : p.Stem, p.Initial))
            .Distinct()
            .OrderByDescending(p => p.Item1.Length)
            .ToArray();

    private static FrozenDictionary<string, string> BuildGivenNames() => KeyPairs(Equivalents.GivenNames);

    // Belarusian key → Russian key, for the pairs whose keys do not meet by themselves.
    private static FrozenDictionary<string, string> KeyPairs(IEnumerable<(string Belarusian, string Russian)> pairs)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (belarusian, russian) in pairs)
        {
            var from = Fold.WordKey(belarusian);
            var to = Fold.WordKey(russian);
            if (from != to)
            {
                keys[from] = to;
            }
        }

        return keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildLegalForms()
    {
        // Keys are Fold.Normalize without spaces: ОАО and ООО must stay apart, so no phonetic key here.
        (string Code, string[] Spellings)[] forms =
        [
            ("ОАО", ["оао", "аат", "oao", "aat", "ojsc", "открытое акционерное общество", "адкрытае акцыянернае таварыства", "open joint stock company"]),
            ("ООО", ["ооо", "таа", "ooo", "taa", "llc", "ltd", "общество с ограниченной ответственностью", "таварыства з абмежаванай адказнасцю", "limited liability company"]),
            ("ЗАО", ["зао", "зат", "zao", "zat", "cjsc", "закрытое акционерное общество", "закрытае акцыянернае таварыства", "closed joint stock company"]),
            ("АО", ["ао", "ат", "ao", "at", "акционерное общество", "акцыянернае таварыства"]),
            (JointStock, ["jsc", "joint stock company"]),
            ("ОДО", ["одо", "тда", "odo", "tda", "общество с дополнительной ответственностью", "таварыства з дадатковай адказнасцю", "additional liability company"]),
            ("УП", ["уп", "up", "ue", "унитарное предприятие", "унітарнае прадпрыемства", "unitary enterprise"]),
            ("ЧУП", ["чуп", "пуп", "chup", "pup", "pue", "частное унитарное предприятие", "прыватнае унітарнае прадпрыемства", "private unitary enterprise"]),
            ("ЧТУП", ["чтуп", "chtup", "частное торговое унитарное предприятие"]),
            ("РУП", ["руп", "rup", "rue", "республиканское унитарное предприятие", "рэспубліканскае унітарнае прадпрыемства", "republican unitary enterprise"]),
            ("КУП", ["куп", "kup", "коммунальное унитарное предприятие", "камунальнае унітарнае прадпрыемства", "communal unitary enterprise"]),
            ("ГУ", ["гу", "ду", "gu", "du", "государственное учреждение", "дзяржаўная ўстанова", "state institution"]),
            ("ГУО", ["гуо", "дуа", "guo", "dua", "государственное учреждение образования", "дзяржаўная ўстанова адукацыі"]),
            ("УО", ["уо", "уа", "uo", "ua", "учреждение образования", "установа адукацыі"]),
            ("ИП", ["ип", "ip", "індывідуальны прадпрымальнік", "индивидуальный предприниматель", "individual entrepreneur"]),
            ("СООО", ["сооо", "стаа", "sooo", "staa", "jllc", "совместное общество с ограниченной ответственностью", "сумеснае таварыства з абмежаванай адказнасцю", "joint limited liability company"]),
            ("ИООО", ["иооо", "iooo", "fllc", "иностранное общество с ограниченной ответственностью", "замежнае таварыства з абмежаванай адказнасцю", "foreign limited liability company"]),
            ("ЧП", ["чп", "chp", "частное предприятие", "прыватнае прадпрыемства"]),
        ];
        var legalForms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, spellings) in forms)
        {
            foreach (var spelling in spellings)
            {
                legalForms[Fold.Normalize(spelling).Replace(" ", string.Empty, StringComparison.Ordinal)] = code;
            }
        }

        return legalForms.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
