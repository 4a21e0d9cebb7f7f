namespace Npes.Eds.Trust;

/// <summary>
/// CRLs that come with a piece of evidence (an evidence bundle's <c>revocation/</c> entries) rather than from the
/// verifier's configuration. They are offered to chain validation beside the configured ones; a CRL counts only when the
/// issuer it names signed it, so carrying one grants no trust.
/// </summary>
public sealed class RevocationEvidence
{
    /// <summary>Most CRLs one piece of evidence may carry.</summary>
    public const int MaxLists = 32;

    private RevocationEvidence(IReadOnlyList<RevocationList> lists) => Lists = lists;

    /// <summary>No CRLs beside the configured ones.</summary>
    public static RevocationEvidence None { get; } = new([]);

    /// <summary>How many CRLs this evidence carries.</summary>
    public int Count => Lists.Count;

    internal IReadOnlyList<RevocationList> Lists { get; }

    /// <summary>Parses DER (or PEM) CRLs; throws <see cref="ArgumentException"/> naming the first that is not one.</summary>
    public static RevocationEvidence Parse(IEnumerable<byte[]> crls)
    {
        ArgumentNullException.ThrowIfNull(crls);
        var list = crls.ToList();
        if (list.Count > MaxLists)
        {
            throw new ArgumentException($"at most {MaxLists} CRLs are accepted; {list.Count} were given", nameof(crls));
        }

        return list.Count == 0 ? None : new RevocationEvidence(list.Select((der, i) => TrustMaterial.ParseCrl(der, $"#{i + 1}")).ToList());
    }

    internal static RevocationEvidence Of(IReadOnlyList<RevocationList> lists) => lists.Count == 0 ? None : new RevocationEvidence(lists);
}
