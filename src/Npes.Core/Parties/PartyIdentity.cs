namespace Npes.Core.Parties;

/// <summary>The kinds of identifier a certificate can assert, and which identity policy may assert them.</summary>
public static class IdentifierKinds
{
    /// <summary>A Belarusian personal identification number (subject serialNumber, optionally <c>PNOBY-</c>).</summary>
    public const string BelarusPersonalNumber = "by-personal-number";

    /// <summary>A Belarusian taxpayer number УНП (subject organizationIdentifier <c>VATBY-</c>).</summary>
    public const string BelarusUnp = "by-unp";

    /// <summary>An identifier of another country (ETSI EN 319 412-1 semantics: <c>PNOxx-</c>, <c>PASxx-</c>, <c>IDCxx-</c>, <c>VATxx-</c>, <c>NTRxx-</c>).</summary>
    public const string Foreign = "foreign";

    public static IReadOnlyList<string> All { get; } = [BelarusPersonalNumber, BelarusUnp, Foreign];

    public static bool IsKnown(string? kind) => kind is BelarusPersonalNumber or BelarusUnp or Foreign;
}

/// <summary>
/// Who a party is, as its natural key: kind, identifier kind, the identity policy under which it was asserted (the
/// set of trust anchors allowed to assert that kind) and the identifier — <c>person:by-personal-number:national:3140582A001PB1</c>.
/// The same number asserted under another policy is another party.
/// </summary>
public sealed record PartyIdentity(PartyKind Kind, string IdentifierKind, string Policy, string Identifier)
{
    /// <summary>The policy of the national CAs, and of every party known before identity policies existed.</summary>
    public const string NationalPolicy = "national";

    /// <summary>Reserved for NPES' own parties (the operator's sender identity); no certificate is ever mapped to it.</summary>
    public const string SystemPolicy = "system";

    public string Key => string.Join(':', Kind == PartyKind.Person ? "person" : "organisation", IdentifierKind, Policy, Identifier);

    /// <summary>A party named by a national identifier (personal number or УНП) under the national policy.</summary>
    public static PartyIdentity National(PartyKind kind, string? personalNumber, string? unp) => kind switch
    {
        PartyKind.Person => new(kind, IdentifierKinds.BelarusPersonalNumber, NationalPolicy, personalNumber ?? throw new ArgumentException("A person needs a personal number.", nameof(personalNumber))),
        PartyKind.Organisation => new(kind, IdentifierKinds.BelarusUnp, NationalPolicy, unp ?? throw new ArgumentException("An organisation needs a УНП.", nameof(unp))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown party kind."),
    };

    /// <summary>The operator's own sender identity: its УНП under the reserved system policy.</summary>
    public static PartyIdentity System(string unp) => new(PartyKind.Organisation, IdentifierKinds.BelarusUnp, SystemPolicy, unp);
}
