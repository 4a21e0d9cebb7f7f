using FsCheck;
using FsCheck.Fluent;
using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Model;
using Npes.Addressing.Names;
using Npes.Addressing.Parsing;
using Npes.Addressing.Text;
using Npes.Core.Addressing;

namespace Npes.Addressing.Tests;

public sealed class PropertyTests
{
    private static readonly AddressParser Parser = new();
    private static readonly Config Thorough = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private static readonly string[] Settlements = ["Минск", "Брест", "Марьина Горка", "Ждановичи", "Новосёлки", "Барань", "Мінск", "Hrodna"];
    private static readonly string[] Streets = ["Ленина", "Независимости", "Янки Купалы", "Первомайская", "Логойский", "2-й Тучинский", "Niezaliežnasci", "Кальварыйская"];
    private static readonly string[] Areas = ["Минская", "Брестская", "Гомельская"];
    private static readonly string[] Districts = ["Минский", "Логойский", "Пинский"];

    // Any text, including control characters, surrogates and very long strings.
    private static Arbitrary<string> AnyText =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            Gen.Elements("г.", "ул.", "д.", "кв.", "к", "5", "65-12", "5/2", "220030", ",", " ", "-", "/", "А", "р-н", "обл.", "Минск", "\u0000", "\ud800", "ё", "ў", "'")
                .ArrayOf()
                .Select(parts => string.Concat(parts)))
        .Where(s => s is not null)
        .ToArbitrary();

    private static Arbitrary<PostalAddress> Addresses =>
        (from postcode in Gen.OneOf(Gen.Constant<string?>(null), Gen.Choose(100000, 999999).Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
         from region in Gen.Elements<string?>([null, .. Areas])
         from district in Gen.Elements<string?>([null, .. Districts])
         from settlementType in Gen.Elements<SettlementType?>(null, SettlementType.City, SettlementType.UrbanSettlement, SettlementType.Agrotown, SettlementType.Village, SettlementType.Settlement)
         from settlement in Gen.Elements(Settlements)
         from streetType in Gen.Elements<StreetType?>([.. Enum.GetValues<StreetType>().Cast<StreetType?>()])
         from street in Gen.Elements<string?>([null, .. Streets])
         from number in Gen.Choose(1, 300)
         from letter in Gen.Elements("", "А", "Б", "В")
         from fraction in Gen.Elements("", "/2", "/14")
         from building in Gen.Elements<string?>(null, "1", "2", "3")
         from unitType in Gen.Elements<UnitType?>(UnitType.Apartment, UnitType.Premises, UnitType.Office, UnitType.Room)
         from unit in Gen.OneOf(Gen.Constant<string?>(null), Gen.Choose(1, 999).Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
         from unitLetter in Gen.Elements("", "", "Н", "А")
         select new PostalAddress
         {
             Postcode = postcode,
             Region = region,
             District = district,
             SettlementType = settlementType,
             Settlement = settlement,
             StreetType = street is null ? null : streetType,
             Street = street,
             House = number.ToString(System.Globalization.CultureInfo.InvariantCulture) + (fraction.Length > 0 ? fraction : letter),
             Building = building,
             UnitType = unit is null ? null : unitType,
             Unit = unit is null ? null : unit + unitLetter,
         }).ToArbitrary();

    [Fact]
    public void Parse_AnyString_NeverThrows()
    {
        Check.One(Thorough, Prop.ForAll(AnyText, text =>
        {
            var result = Parser.Parse(text);
            return result.Succeeded ? result.Address is not null : result.Address is null && result.Error!.Length > 0;
        }));
    }

    [Fact]
    public void Resolve_AnyNameAddressAndUnp_NeverThrows()
    {
        using var directory = MailboxDirectory.Build(
        [
            new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null),
            new MailboxEntry(Guid.NewGuid(), MailboxKind.Organisation, "ОАО «Белагропромбанк»", "220036, г. Минск, пр-т Жукова, 3", "100693551"),
            new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Сокол Ирина Петровна", "г. Минск, ул. Ложинская, д. 65, корп. 1, кв. 2", null),
            new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Сокол Игорь Петрович", "г. Минск, ул. Ложинская, д. 65/1, кв. 2", null),
        ]);
        var resolver = new RecipientResolver(directory);
        var unps = Gen.OneOf(Gen.Constant<string?>(null), AnyText.Generator.Select(s => (string?)s), Gen.Elements<string?>("100693551", "УНП 100 693 551", "MA1953684", "12345"));
        Check.One(Thorough, Prop.ForAll(AnyText, AnyText, unps.ToArbitrary(), (name, address, unp) =>
        {
            var resolution = resolver.Resolve(new RecipientQuery(name, address, unp));
            return resolution.Reason.Length > 0 && (resolution.MailboxId is null) == (resolution.Outcome != ResolutionOutcome.Matched);
        }));
    }

    [Fact]
    public void Normalize_Twice_SameAsOnce()
    {
        Check.One(Thorough, Prop.ForAll(AnyText, text => Fold.Normalize(Fold.Normalize(text)) == Fold.Normalize(text)));
    }

    [Fact]
    public void Key_OfKey_SameAsKey()
    {
        Check.One(Thorough, Prop.ForAll(AnyText, text => Fold.Key(Fold.Key(text)) == Fold.Key(text)));
    }

    [Fact]
    public void FormatThenParse_StructuredAddress_RoundTrips()
    {
        Check.One(Thorough, Prop.ForAll(Addresses, address =>
        {
            var text = AddressFormatter.Format(address);
            var parsed = Parser.Parse(text);
            return (parsed.Succeeded && parsed.Unrecognised.Count == 0 && parsed.Address == address).Label(text);
        }));
    }
}
