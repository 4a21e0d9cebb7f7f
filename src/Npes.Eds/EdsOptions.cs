namespace Npes.Eds;

/// <summary>Configuration section <c>Npes:Eds</c>.</summary>
public sealed class EdsOptions : Npes.Core.Options.IValidatedOptions
{
    public const string Section = "Npes:Eds";

    /// <summary>PEM or DER files of trusted root certificates (trust anchors).</summary>
    public IList<string> TrustAnchors { get; } = [];

    /// <summary>PEM or DER files of intermediate CA certificates offered to path building.</summary>
    public IList<string> Intermediates { get; } = [];

    /// <summary>PEM or DER CRL files; a certificate whose issuer has a CRL here is checked against it.</summary>
    public IList<string> Crls { get; } = [];

    /// <summary>
    /// CA certificate files (PEM or DER) whose certificates are accepted without revocation data. Every other issuing
    /// CA must have a usable CRL (fail-closed): a certificate whose issuer has none is refused.
    /// </summary>
    public IList<string> RevocationOptional { get; } = [];

    /// <summary>
    /// http(s) URLs of CRLs (the CAs' distribution points) fetched on every refresh, beside re-reading <see cref="Crls"/>.
    /// </summary>
    public IList<string> CrlDistributionPoints { get; } = [];

    /// <summary>How often CRLs are re-read and fetched while the server runs (a duty on the cluster's schedule).</summary>
    public TimeSpan CrlRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest wait for one CRL download.</summary>
    public TimeSpan CrlFetchTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Enabled provider ids; empty means all built-in providers.</summary>
    public IList<string> Providers { get; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var (name, list) in new[] { ("TrustAnchors", TrustAnchors), ("Intermediates", Intermediates), ("Crls", Crls), ("RevocationOptional", RevocationOptional) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                // Whether the files exist and parse is checked when the trust is loaded, with the file named.
                if (string.IsNullOrWhiteSpace(list[i]))
                {
                    yield return $"{Section}:{name}:{i} is empty.";
                }
            }
        }

        for (var i = 0; i < CrlDistributionPoints.Count; i++)
        {
            if (!Uri.TryCreate(CrlDistributionPoints[i], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                yield return $"{Section}:CrlDistributionPoints:{i} must be an absolute http or https URL.";
            }
        }

        if (CrlRefreshInterval < TimeSpan.FromMinutes(1) || CrlRefreshInterval > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:CrlRefreshInterval must be between 1 minute and 1 day.";
        }

        if (CrlFetchTimeout < TimeSpan.FromSeconds(1) || CrlFetchTimeout > TimeSpan.FromMinutes(2))
        {
            yield return $"{Section}:CrlFetchTimeout must be between 1 second and 2 minutes.";
        }
    }
}
