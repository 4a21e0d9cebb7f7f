namespace Npes.Core.Parties;

/// <summary>Whether a party is a natural person or an organisation.</summary>
public enum PartyKind
{
    Person = 1,
    Organisation = 2,
}

/// <summary>
/// Someone NPES knows from an EDS certificate: a person (by personal identification number) or an
/// organisation (by УНП). Certificates are renewed; the party stays.
/// </summary>
/// <param name="Id">NPES identifier.</param>
/// <param name="Kind">Person or organisation.</param>
/// <param name="DisplayName">Full name or organisation name, as the latest certificate gives it.</param>
/// <param name="PersonalNumber">Persons: personal identification number.</param>
/// <param name="Unp">Organisations: taxpayer number (УНП).</param>
public sealed record Party(Guid Id, PartyKind Kind, string DisplayName, string? PersonalNumber, string? Unp)
{
    /// <summary>The natural key: <c>person:3140582A001PB1</c> or <c>organisation:100289066</c>.</summary>
    public string IdentityKey => IdentityKeyOf(Kind, PersonalNumber, Unp);

    public static string IdentityKeyOf(PartyKind kind, string? personalNumber, string? unp) => kind switch
    {
        PartyKind.Person => "person:" + (personalNumber ?? throw new ArgumentException("A person needs a personal number.", nameof(personalNumber))),
        PartyKind.Organisation => "organisation:" + (unp ?? throw new ArgumentException("An organisation needs a УНП.", nameof(unp))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown party kind."),
    };
}
