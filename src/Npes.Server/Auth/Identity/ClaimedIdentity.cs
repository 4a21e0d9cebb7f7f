using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Npes.Core.Parties;
using Npes.Eds;

namespace Npes.Server.Auth.Identity;

/// <summary>What a certificate claims its holder is: party kind, identifier kind and identifier, and the name to show.</summary>
internal sealed partial record ClaimedIdentity(PartyKind Kind, string IdentifierKind, string Identifier, string DisplayName)
{
    private const string SerialNumberOid = "2.5.4.5";
    private const string OrganizationIdentifierOid = "2.5.4.97";
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>
    /// The Belarusian identity the provider read (personal number or УНП); otherwise a foreign identifier in the ETSI EN
    /// 319 412-1 form (<c>PNOxx-</c>, <c>PASxx-</c>, <c>IDCxx-</c>, <c>TINxx-</c> in serialNumber; <c>VATxx-</c>, <c>NTRxx-</c> in
    /// organizationIdentifier; xx not BY); null when the certificate names none of these.
    /// </summary>
    public static ClaimedIdentity? Of(X509Certificate2 certificate, SignerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(identity);
        switch (identity.Kind)
        {
            case SignerKind.Person when identity.PersonalNumber is { } personalNumber:
                return new(PartyKind.Person, IdentifierKinds.BelarusPersonalNumber, personalNumber, identity.DisplayName);
            case SignerKind.Organisation when identity.Unp is { } unp:
                return new(PartyKind.Organisation, IdentifierKinds.BelarusUnp, unp, identity.DisplayName);
        }

        var attributes = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements)
            .Select(rdn => (Oid: rdn.GetSingleElementType().Value, Value: rdn.GetSingleElementValue()?.Trim()))
            .Where(a => a.Value is { Length: > 0 })
            .ToList();
        string? First(string oid) => attributes.FirstOrDefault(a => a.Oid == oid).Value;

        var organisation = attributes.Where(a => a.Oid == OrganizationIdentifierOid).Select(a => ForeignOrganisation().Match(a.Value!)).FirstOrDefault(m => m.Success);
        if (organisation is not null && (First(OrganizationOid) ?? First(CommonNameOid)) is { } organisationName)
        {
            return new(PartyKind.Organisation, IdentifierKinds.Foreign, organisation.Value, organisationName);
        }

        var person = attributes.Where(a => a.Oid == SerialNumberOid).Select(a => ForeignPerson().Match(a.Value!)).FirstOrDefault(m => m.Success);
        if (person is not null && First(CommonNameOid) is { } personName)
        {
            return new(PartyKind.Person, IdentifierKinds.Foreign, person.Value, personName);
        }

        return null;
    }

    [GeneratedRegex("^(?:PNO|PAS|IDC|TIN)(?!BY)[A-Z]{2}-[0-9A-Za-z./+-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ForeignPerson();

    [GeneratedRegex("^(?:VAT|NTR)(?!BY)[A-Z]{2}-[0-9A-Za-z./+-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ForeignOrganisation();
}
