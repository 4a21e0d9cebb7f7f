namespace Npes.Eds.Cms;

/// <summary>Configuration section <c>Npes:Operator</c>: the postal operator's service key.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Npes:Operator";

    /// <summary>PKCS#12 file with the service key that signs receipts and evidence.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Its password (from a secret store in production; never logged).</summary>
    public string? SigningKeyPassword { get; set; }
}

/// <summary>Configuration section <c>Npes:Tsa</c>: where timestamps come from.</summary>
public sealed class TsaOptions
{
    public const string Section = "Npes:Tsa";

    /// <summary>URL of an external RFC 3161 TSA; empty to use the built-in one.</summary>
    public Uri? Url { get; set; }

    /// <summary>Built-in TSA: PKCS#12 file of its key (certificate with critical EKU timeStamping).</summary>
    public string? Key { get; set; }

    public string? KeyPassword { get; set; }

    /// <summary>Built-in TSA: the TSA policy OID written into every token.</summary>
    public string PolicyOid { get; set; } = "2.999.8241.1";
}
