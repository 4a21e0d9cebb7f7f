namespace Npes.Eds.Cms;

/// <summary>The algorithm family of a service key: the operator's (<see cref="OperatorOptions"/>) or the built-in TSA's (<see cref="TsaOptions"/>).</summary>
public enum ServiceKeyType
{
    /// <summary>An ECDSA or RSA key in a PKCS#12 file; CMS with SHA-256.</summary>
    X509 = 0,

    /// <summary>A bign key (STB 34.101.45) in a bign key container plus its certificate; CMS with belt-hash and bign-with-hbelt.</summary>
    Bign = 1,
}

/// <summary>Configuration section <c>Npes:Operator</c>: the postal operator's service key.</summary>
public sealed class OperatorOptions : Npes.Core.Options.IValidatedOptions
{
    public const string Section = "Npes:Operator";

    /// <summary>Which kind of key signs receipts and evidence: <c>X509</c> (default) or <c>Bign</c>.</summary>
    public ServiceKeyType KeyType { get; set; } = ServiceKeyType.X509;

    /// <summary>
    /// The service key that signs receipts and evidence: a PKCS#12 file (<c>X509</c>), or a bign key container, PEM
    /// <c>ENCRYPTED PRIVATE KEY</c> (<c>Bign</c>, see docs/stb.md).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Its password (from a secret store in production; never logged).</summary>
    public string? SigningKeyPassword { get; set; }

    /// <summary><c>Bign</c> only: PEM file with the operator's bign certificate first, then its CA certificates.</summary>
    public string? SigningCertificate { get; set; }

    /// <remarks>The key itself (file, password, certificate) is checked when the signer is built, with the setting named.</remarks>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(KeyType))
        {
            yield return $"{Section}:KeyType must be X509 or Bign.";
        }
    }
}

/// <summary>Configuration section <c>Npes:Tsa</c>: where timestamps come from.</summary>
public sealed class TsaOptions : Npes.Core.Options.IValidatedOptions
{
    public const string Section = "Npes:Tsa";

    /// <summary>URL of an external RFC 3161 TSA; empty to use the built-in one.</summary>
    public Uri? Url { get; set; }

    /// <summary>Built-in TSA: which kind of key signs the tokens: <c>X509</c> (default) or <c>Bign</c>.</summary>
    public ServiceKeyType KeyType { get; set; } = ServiceKeyType.X509;

    /// <summary>
    /// Built-in TSA: its key, a PKCS#12 file (<c>X509</c>) or a bign key container, PEM <c>ENCRYPTED PRIVATE KEY</c>
    /// (<c>Bign</c>); the certificate has exactly one, critical, extended key usage: timeStamping.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Its password (from a secret store in production; never logged).</summary>
    public string? KeyPassword { get; set; }

    /// <summary><c>Bign</c> only: PEM file with the TSA's bign certificate first, then its CA certificates.</summary>
    public string? Certificate { get; set; }

    /// <summary>Built-in TSA: the TSA policy OID written into every token.</summary>
    public string PolicyOid { get; set; } = "2.999.8241.1";

    /// <remarks>The built-in TSA's key is checked when the TSA is built, with the setting named.</remarks>
    public IEnumerable<string> Validate()
    {
        if (Url is not null && (!Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https")))
        {
            yield return $"{Section}:Url must be an absolute http or https URL.";
        }

        if (!Enum.IsDefined(KeyType))
        {
            yield return $"{Section}:KeyType must be X509 or Bign.";
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(PolicyOid, @"^[0-2](\.(0|[1-9][0-9]*))+$"))
        {
            yield return $"{Section}:PolicyOid '{PolicyOid}' is not an object identifier.";
        }
    }
}
