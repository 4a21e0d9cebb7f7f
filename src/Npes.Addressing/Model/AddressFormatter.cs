namespace Npes.Addressing.Model;

/// <summary>
/// Writes an address the canonical Belarusian way, largest part after the postcode first:
/// "220004, Минская обл., Минский р-н, аг. Ждановичи, ул. Ленина, д. 5А, корп. 2, кв. 12". Parsing the result gives
/// the same <see cref="PostalAddress"/> back.
/// </summary>
public static class AddressFormatter
{
    public static string Format(PostalAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var parts = new List<string>();
        Add(parts, address.Postcode);
        Add(parts, address.Region, name => name + " обл.");
        Add(parts, address.District, name => name + " р-н");
        Add(parts, address.Selsovet, name => name + " с/с");
        Add(parts, address.Settlement, name => Abbreviation(address.SettlementType) + name);
        Add(parts, address.Street, name => address.StreetType switch
        {
            StreetType.Tract => name + " тракт",
            StreetType.Highway => name + " шоссе",
            _ => Abbreviation(address.StreetType) + name,
        });
        Add(parts, address.House, house => "д. " + house);
        Add(parts, address.Building, building => "корп. " + building);
        Add(parts, address.Unit, unit => Abbreviation(address.UnitType) + unit);
        return string.Join(", ", parts);
    }

    public static string Abbreviation(SettlementType? type) => type switch
    {
        null => string.Empty,
        SettlementType.City => "г. ",
        SettlementType.UrbanSettlement => "г.п. ",
        SettlementType.Agrotown => "аг. ",
        SettlementType.Village => "д. ",
        SettlementType.Settlement => "пос. ",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Abbreviation(StreetType? type) => type switch
    {
        null => string.Empty,
        StreetType.Street => "ул. ",
        StreetType.Avenue => "пр-т ",
        StreetType.Lane => "пер. ",
        StreetType.Boulevard => "бул. ",
        StreetType.Tract => "тракт ",
        StreetType.Square => "пл. ",
        StreetType.Microdistrict => "мкр. ",
        StreetType.Embankment => "наб. ",
        StreetType.Highway => "шоссе ",
        StreetType.Passage => "проезд ",
        StreetType.DeadEnd => "тупик ",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Abbreviation(UnitType? type) => type switch
    {
        null or UnitType.Apartment => "кв. ",
        UnitType.Premises => "пом. ",
        UnitType.Office => "оф. ",
        UnitType.Room => "ком. ",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static void Add(List<string> parts, string? value, Func<string, string>? format = null)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add(format is null ? value : format(value));
        }
    }
}
