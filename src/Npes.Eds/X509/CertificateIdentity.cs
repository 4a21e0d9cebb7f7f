using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Npes.Eds.X509;

/// <summary>
/// Whom a certificate names, read from its subject the same way whatever the key algorithm (every provider
/// describes holders alike): a person by personal number, an organisation by УНП.
/// </summary>
internal static partial class CertificateIdentity
{
    public static SignerIdentity Describe(X509Certificate2 certificate, string providerId)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var subject = certificate.SubjectName;
        var commonName = DistinguishedNames.First(subject, DistinguishedNames.CommonName);
        var organization = DistinguishedNames.First(subject, DistinguishedNames.Organization);

        var unp = DistinguishedNames.Values(subject, DistinguishedNames.OrganizationIdentifier)
            .Select(v => UnpPattern().Match(v.Trim()))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value;
        var personalNumber = DistinguishedNames.Values(subject, DistinguishedNames.SerialNumber)
            .Select(v => PersonalNumberPattern().Match(v.Trim()))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value;
        var personName = commonName ?? JoinNonEmpty(
            DistinguishedNames.First(subject, DistinguishedNames.Surname),
            DistinguishedNames.First(subject, DistinguishedNames.GivenName));
        var organisationName = organization ?? commonName;

        // A certificate that names an organisation (e.g. issued to its representative) speaks for the organisation.
        var (kind, displayName) = (unp, personalNumber) switch
        {
            ({ }, _) when organisationName is not null => (SignerKind.Organisation, organisationName),
            (_, { }) when personName is not null => (SignerKind.Person, personName),
            _ => (SignerKind.Unknown, commonName ?? organization ?? subject.Name),
        };

        return new SignerIdentity(
            kind,
            displayName,
            kind == SignerKind.Person ? personalNumber : null,
            kind == SignerKind.Organisation ? unp : null,
            subject.Name,
            certificate.IssuerName.Name,
            Convert.ToHexStringLower(certificate.SerialNumberBytes.Span),
            Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            providerId);
    }

    private static string? JoinNonEmpty(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToArray();
        return present.Length == 0 ? null : string.Join(' ', present);
    }

    /// <summary>Personal identification number of the Belarusian ID card, optionally with the ETSI EN 319 412-1 prefix.</summary>
    [GeneratedRegex("^(?:PNOBY-)?([0-9]{7}[A-Z][0-9]{3}[A-Z]{2}[0-9])\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PersonalNumberPattern();

    /// <summary>УНП in the organizationIdentifier form of ETSI EN 319 412-1.</summary>
    [GeneratedRegex("^VATBY-([0-9]{9})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnpPattern();
}
