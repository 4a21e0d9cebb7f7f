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

    /// <summary>Legal forms by their folded abbreviation or full wording → one canonical code.</summary>
    public static readonly FrozenDictionary<string, string> LegalForms = BuildLegalForms();

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

        Add(new Marker(MarkerKind.Region), "обл", "область", "вобл", "вобласць", "oblast", "voblasc", "voblasts", "region");
        Add(new Marker(MarkerKind.District), "р-н", "район", "раён", "rajon", "raion", "rayon", "district");
        Add(new Marker(MarkerKind.Selsovet), "с/с", "сельсовет", "сельсавет", "selsaviet", "selsovet");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.City), "г", "гор", "город", "горад", "gorod", "horad");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.UrbanSettlement), "г.п", "гп", "h.p");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.Agrotown), "аг", "агрогородок", "аграгарадок", "ahraharadok", "agrogorodok");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.Village), "д", "дер", "деревня", "в", "вёска", "vioska", "vieska", "derevnya");
        Add(new Marker(MarkerKind.Settlement, Settlement: SettlementType.Settlement), "пос", "пас", "посёлок", "пасёлак", "poselok", "pasiolak");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Street), "ул", "улица", "вул", "вуліца", "ulitsa", "vulica", "vulitsa");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Avenue), "пр-т", "пр", "просп", "прасп", "проспект", "праспект", "prospekt", "praspekt", "pr-kt");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Lane), "пер", "переулок", "зав", "завулак", "pereulok", "zavulak");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Boulevard), "бул", "бульв", "б-р", "бульвар", "bulvar");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Tract), "тракт", "trakt");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Square), "пл", "площадь", "плошча", "ploshchad", "plošča");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Microdistrict), "мкр", "мкрн", "микрорайон", "мікрараён", "mikrorayon", "mikrarajon");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Embankment), "наб", "набережная", "набярэжная", "naberezhnaya", "nabiarežnaja");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Highway), "шоссе", "шаша", "shosse", "šaša");
        Add(new Marker(MarkerKind.Street, Street: StreetType.Passage), "проезд", "праезд", "пр-д", "proezd", "prajezd");
        Add(new Marker(MarkerKind.Street, Street: StreetType.DeadEnd), "тупик", "туп", "тупік", "tupik");
        Add(new Marker(MarkerKind.House), "д", "дом", "буд", "будынак", "dom", "bud");
        Add(new Marker(MarkerKind.Building), "к", "корп", "корпус", "korp", "korpus");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Apartment), "кв", "квартира", "кватэра", "kv", "kvartira", "kvatera");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Premises), "пом", "помещение", "памяшканне", "pom", "pamiaškannie");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Office), "оф", "офис", "каб", "кабинет", "of", "ofis");
        Add(new Marker(MarkerKind.Unit, Unit: UnitType.Room), "ком", "комната", "пакой", "kom", "komnata", "pakoj");
        Add(new Marker(MarkerKind.Country), "беларусь", "belarus", "рб", "республика", "рэспубліка", "respublika");

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

    private static FrozenDictionary<string, string> BuildTranslations()
    {
        (string Belarusian, string Russian)[] pairs =
        [
            ("Незалежнасці", "Независимости"), ("Пераможцаў", "Победителей"), ("Кастрычніцкая", "Октябрьская"),
            ("Першамайская", "Первомайская"), ("Міру", "Мира"), ("Моладзевая", "Молодёжная"), ("Дзяржынскага", "Дзержинского"),
            ("Чырвонаармейская", "Красноармейская"), ("Чыгуначная", "Железнодорожная"), ("Будаўнікоў", "Строителей"),
            ("Касманаўтаў", "Космонавтов"), ("Паўночная", "Северная"), ("Паўднёвая", "Южная"), ("Усходняя", "Восточная"),
            ("Заходняя", "Западная"), ("Вясновая", "Весенняя"), ("Лясная", "Лесная"), ("Рачная", "Речная"),
            ("Віцебская", "Витебская"), ("Сонечная", "Солнечная"), ("Вызвалення", "Освобождения"), ("Чырвоная", "Красная"),
            ("Гандлёвая", "Торговая"), ("Вераснёвая", "Сентябрьская"), ("Лясны", "Лесной"),
            ("Віцебск", "Витебск"), ("Маладзечна", "Молодечно"), ("Жодзіна", "Жодино"), ("Ваўкавыск", "Волковыск"),
            ("Рагачоў", "Рогачёв"), ("Ворша", "Орша"), ("Мядзел", "Мядель"), ("Заслаўе", "Заславль"), ("Стоўбцы", "Столбцы"),
            ("Глыбокае", "Глубокое"), ("Бераза", "Берёза"), ("Гродзенская", "Гродненская"), ("Гродзенскі", "Гродненский"),
        ];
        var translations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (belarusian, russian) in pairs)
        {
            var from = Fold.WordKey(belarusian);
            var to = Fold.WordKey(russian);
            if (from != to)
            {
                translations[from] = to;
            }
        }

        return translations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static List<(string From, string To)> BuildGivenNameStems()
    {
        (string Belarusian, string Russian)[] pairs =
        [
            ("Уладзімір", "Владимир"), ("Уладзіслаў", "Владислав"), ("Дзмітр", "Дмитр"), ("Мікала", "Никола"), ("Яўген", "Евген"),
            ("Кацярын", "Екатерин"), ("Вольг", "Ольг"), ("Ганн", "Анн"), ("Таццян", "Татьян"), ("Канстанцін", "Константин"),
            ("Вадзім", "Вадим"), ("Дзяніс", "Денис"), ("Валянцін", "Валентин"), ("Надзе", "Надежд"),
            ("Арцём", "Артём"), ("Цімафе", "Тимофе"), ("Сцяпан", "Степан"), ("Вячаслаў", "Вячеслав"), ("Ягор", "Егор"),
            ("Мікіт", "Никит"), ("Лізавет", "Елизавет"), ("Рыгор", "Григор"),
        ];
        return pairs
            .Select(p => (Fold.WordKey(p.Belarusian), Fold.WordKey(p.Russian)))
            .Where(p => p.Item1 != p.Item2)
            .OrderByDescending(p => p.Item1.Length)
            .ToList();
    }

    private static FrozenDictionary<string, string> BuildGivenNames()
    {
        (string Belarusian, string Russian)[] pairs =
        [
            ("Яўген", "Евгений"), ("Васіль", "Василий"), ("Рыгор", "Григорий"), ("Генадзь", "Геннадий"), ("Віталь", "Виталий"),
            ("Анатоль", "Анатолий"), ("Аркадзь", "Аркадий"), ("Юры", "Юрий"), ("Пятро", "Пётр"),
        ];
        return pairs.ToFrozenDictionary(p => Fold.WordKey(p.Belarusian), p => Fold.WordKey(p.Russian), StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildLegalForms()
    {
        // Keys are Fold.Normalize without spaces: ОАО and ООО must stay apart, so no phonetic key here.
        (string Code, string[] Spellings)[] forms =
        [
            ("ОАО", ["оао", "аат", "oao", "aat", "ojsc", "открытое акционерное общество", "адкрытае акцыянернае таварыства"]),
            ("ООО", ["ооо", "таа", "ooo", "taa", "llc", "общество с ограниченной ответственностью", "таварыства з абмежаванай адказнасцю"]),
            ("ЗАО", ["зао", "зат", "zao", "zat", "cjsc", "закрытое акционерное общество", "закрытае акцыянернае таварыства"]),
            ("АО", ["ао", "ат", "ao", "jsc", "акционерное общество"]),
            ("ОДО", ["одо", "тдо", "odo", "общество с дополнительной ответственностью"]),
            ("УП", ["уп", "up", "унитарное предприятие", "унітарнае прадпрыемства"]),
            ("ЧУП", ["чуп", "пуп", "chup", "частное унитарное предприятие", "прыватнае унітарнае прадпрыемства"]),
            ("ЧТУП", ["чтуп", "птуп", "chtup", "частное торговое унитарное предприятие"]),
            ("РУП", ["руп", "rup", "республиканское унитарное предприятие", "рэспубліканскае унітарнае прадпрыемства"]),
            ("КУП", ["куп", "kup", "коммунальное унитарное предприятие", "камунальнае унітарнае прадпрыемства"]),
            ("ГУ", ["гу", "ду", "gu", "государственное учреждение", "дзяржаўная ўстанова"]),
            ("ГУО", ["гуо", "дуа", "guo", "государственное учреждение образования"]),
            ("УО", ["уо", "уа", "uo", "учреждение образования", "установа адукацыі"]),
            ("ИП", ["ип", "ип", "ip", "індывідуальны прадпрымальнік", "индивидуальный предприниматель"]),
            ("СООО", ["сооо", "sooo", "совместное общество с ограниченной ответственностью"]),
            ("ИООО", ["иооо", "iooo", "иностранное общество с ограниченной ответственностью"]),
            ("ЧП", ["чп", "chp", "частное предприятие"]),
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
