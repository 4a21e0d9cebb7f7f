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

    /// <summary>Enabled provider ids; empty means all built-in providers.</summary>
    public IList<string> Providers { get; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var (name, list) in new[] { ("TrustAnchors", TrustAnchors), ("Intermediates", Intermediates), ("Crls", Crls) })
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
    }
}
