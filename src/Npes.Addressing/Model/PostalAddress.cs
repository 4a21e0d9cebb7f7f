namespace Npes.Addressing.Model;

/// <summary>Settlement types of Belarusian addresses (S42 "locality" with its type).</summary>
public enum SettlementType
{
    /// <summary>г. — город / горад.</summary>
    City,

    /// <summary>г.п. — городской посёлок / гарадскі пасёлак.</summary>
    UrbanSettlement,

    /// <summary>аг. — агрогородок / аграгарадок.</summary>
    Agrotown,

    /// <summary>д. — деревня / в. — вёска.</summary>
    Village,

    /// <summary>пос. — посёлок / пасёлак.</summary>
    Settlement,
}

/// <summary>Thoroughfare types (S42 "thoroughfare type").</summary>
public enum StreetType
{
    /// <summary>ул. — улица / вул. — вуліца.</summary>
    Street,

    /// <summary>пр-т — проспект / праспект.</summary>
    Avenue,

    /// <summary>пер. — переулок / зав. — завулак.</summary>
    Lane,

    /// <summary>бул. — бульвар.</summary>
    Boulevard,

    /// <summary>тракт.</summary>
    Tract,

    /// <summary>пл. — площадь / плошча.</summary>
    Square,

    /// <summary>мкр. — микрорайон / мікрараён.</summary>
    Microdistrict,

    /// <summary>наб. — набережная / набярэжная.</summary>
    Embankment,

    /// <summary>ш. — шоссе / шаша.</summary>
    Highway,

    /// <summary>проезд / праезд.</summary>
    Passage,

    /// <summary>тупик / тупік.</summary>
    DeadEnd,
}

/// <summary>The unit inside a building (S42 "delivery point" detail).</summary>
public enum UnitType
{
    /// <summary>кв. — квартира / кватэра.</summary>
    Apartment,

    /// <summary>пом. — помещение / памяшканне.</summary>
    Premises,

    /// <summary>оф. — офис.</summary>
    Office,

    /// <summary>ком. — комната / пакой.</summary>
    Room,
}

/// <summary>
/// A Belarusian postal address split into UPU S42 components. Names keep the spelling they were written in;
/// matching compares their phonetic keys, never the display text.
/// </summary>
public sealed record PostalAddress
{
    /// <summary>Six-digit postcode (индекс).</summary>
    public string? Postcode { get; init; }

    /// <summary>Region without its type word, e.g. "Минская" (область / вобласць).</summary>
    public string? Region { get; init; }

    /// <summary>District without its type word, e.g. "Минский" (район / раён).</summary>
    public string? District { get; init; }

    /// <summary>Village council without its type word, e.g. "Ждановичский" (сельсовет).</summary>
    public string? Selsovet { get; init; }

    public SettlementType? SettlementType { get; init; }

    /// <summary>Settlement name, e.g. "Минск".</summary>
    public string? Settlement { get; init; }

    public StreetType? StreetType { get; init; }

    /// <summary>Street name without its type word, e.g. "Независимости".</summary>
    public string? Street { get; init; }

    /// <summary>House number with its letter or fraction: "5", "5А", "5/2".</summary>
    public string? House { get; init; }

    /// <summary>Building (корпус) number.</summary>
    public string? Building { get; init; }

    public UnitType? UnitType { get; init; }

    /// <summary>Apartment, premises, office or room number.</summary>
    public string? Unit { get; init; }
}
