namespace Npes.Eds;

/// <summary>Whom a certificate names.</summary>
public enum SignerKind
{
    /// <summary>The certificate names neither a person with a personal number nor an organisation with a УНП.</summary>
    Unknown = 0,
    Person = 1,
    Organisation = 2,
}

/// <summary>
/// The holder of a certificate as NPES sees it. A person is named by full name and personal identification
/// number (subject serialNumber, e.g. <c>3140582A001PB1</c>); an organisation by name and УНП (9 digits,
/// subject organizationIdentifier <c>VATBY-123456789</c>).
/// </summary>
/// <param name="Kind">Person or organisation.</param>
/// <param name="DisplayName">Full name of the person or name of the organisation.</param>
/// <param name="PersonalNumber">Personal identification number (persons only).</param>
/// <param name="Unp">Taxpayer number УНП (organisations only).</param>
/// <param name="Subject">The subject distinguished name as text.</param>
/// <param name="Issuer">The issuer distinguished name as text.</param>
/// <param name="SerialNumber">Certificate serial number, hex.</param>
/// <param name="Thumbprint">SHA-256 of the DER certificate, lower-case hex.</param>
/// <param name="NotBefore">Start of validity (UTC).</param>
/// <param name="NotAfter">End of validity (UTC).</param>
/// <param name="ProviderId">The provider that described it.</param>
public sealed record SignerIdentity(
    SignerKind Kind,
    string DisplayName,
    string? PersonalNumber,
    string? Unp,
    string Subject,
    string Issuer,
    string SerialNumber,
    string Thumbprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string ProviderId);
