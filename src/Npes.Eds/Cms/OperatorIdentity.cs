using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Core.Options;
using Npes.Eds.Trust;

namespace Npes.Eds.Cms;

/// <summary>
/// Configuration section <c>Npes:Evidence</c>: who the operator is, for every verifier of evidence. Receipts, notices,
/// event seals and bundle seals count only when signed by an operator certificate: one that carries the operator's
/// certificate policy and, when certificates are pinned, is one of them.
/// </summary>
public sealed class EvidenceOptions : IValidatedOptions
{
    public const string Section = "Npes:Evidence";

    /// <summary>The certificate policy every operator service certificate carries (the sample PKI's operator certificates carry the default).</summary>
    public string OperatorPolicyOid { get; set; } = OperatorIdentity.DefaultPolicyOid;

    /// <summary>
    /// PEM or DER files of the operator's service certificates, current and retired, so that evidence signed before a
    /// key rollover still verifies. The server's own signing certificate is always one of them. Empty (a verifier
    /// without a pinned list): any certificate with <see cref="OperatorPolicyOid"/> that chains to a trust anchor.
    /// </summary>
    public IList<string> OperatorCertificates { get; } = [];

    public IEnumerable<string> Validate()
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(OperatorPolicyOid ?? string.Empty, @"^[0-2](\.(0|[1-9][0-9]*))+$"))
        {
            yield return $"{Section}:OperatorPolicyOid '{OperatorPolicyOid}' is not an object identifier.";
        }

        for (var i = 0; i < OperatorCertificates.Count; i++)
        {
            // Whether the files exist and parse is checked when the identity is loaded, with the file named.
            if (string.IsNullOrWhiteSpace(OperatorCertificates[i]))
            {
                yield return $"{Section}:OperatorCertificates:{i} is empty.";
            }
        }
    }
}

/// <summary>
/// The operator as a signer of evidence: its certificate policy, and the pinned service certificates (by SHA-256 of
/// their DER). A citizen's or an organisation's certificate chains to the same anchors but is never the operator.
/// </summary>
public sealed class OperatorIdentity
{
    /// <summary>The sample PKI's "NPES operator service" certificate policy.</summary>
    public const string DefaultPolicyOid = "2.999.8241.2";

    private const string CertificatePoliciesOid = "2.5.29.32";

    private readonly HashSet<string> _pinned;

    public OperatorIdentity(string policyOid, IEnumerable<X509Certificate2> pinned)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyOid);
        ArgumentNullException.ThrowIfNull(pinned);
        PolicyOid = policyOid;
        _pinned = pinned.Select(Fingerprint).ToHashSet(StringComparer.Ordinal);
    }

    public string PolicyOid { get; }

    /// <summary>How many certificates are pinned (0: any certificate with the policy).</summary>
    public int PinnedCount => _pinned.Count;

    /// <summary>
    /// Loads the pinned certificates named in <paramref name="options"/> (relative paths against
    /// <paramref name="baseDirectory"/>) and adds <paramref name="own"/>, the server's signing certificate, when there is one.
    /// </summary>
    public static OperatorIdentity Load(EvidenceOptions options, string baseDirectory, X509Certificate2? own = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pinned = options.OperatorCertificates
            .SelectMany(path => ReadCertificates(Path.GetFullPath(path, baseDirectory)))
            .ToList();
        if (own is not null)
        {
            pinned.Add(own);
        }

        return new OperatorIdentity(options.OperatorPolicyOid, pinned);
    }

    /// <summary>Null when <paramref name="signer"/> is an operator certificate; otherwise why not, naming the signer.</summary>
    public string? Problem(X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (!Policies(signer).Contains(PolicyOid))
        {
            return $"it is signed by '{signer.Subject}', which is not the operator: the certificate lacks the operator certificate policy {PolicyOid}";
        }

        if (_pinned.Count > 0 && !_pinned.Contains(Fingerprint(signer)))
        {
            return $"it is signed by '{signer.Subject}' (SHA-256 {Fingerprint(signer)}), which is not one of the operator's pinned certificates ({EvidenceOptions.Section}:OperatorCertificates)";
        }

        return null;
    }

    /// <summary>Whether <paramref name="certificate"/> carries the operator certificate policy (not whether it is pinned).</summary>
    public bool HasPolicy(X509Certificate2 certificate) => Policies(certificate).Contains(PolicyOid);

    /// <summary>The policy identifiers of a certificate's certificatePolicies extension; empty when it has none or it cannot be read.</summary>
    public static IReadOnlyList<string> Policies(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == CertificatePoliciesOid);
        if (extension is null)
        {
            return [];
        }

        try
        {
            // certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
            // PolicyInformation ::= SEQUENCE { policyIdentifier OBJECT IDENTIFIER, policyQualifiers ... OPTIONAL }
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            var policies = new List<string>();
            while (sequence.HasData)
            {
                policies.Add(sequence.ReadSequence().ReadObjectIdentifier());
            }

            return policies;
        }
        catch (AsnContentException)
        {
            return [];
        }
    }

    /// <summary>The DER value of a certificatePolicies extension naming <paramref name="policyOids"/> without qualifiers.</summary>
    public static X509Extension PoliciesExtension(params string[] policyOids)
    {
        ArgumentNullException.ThrowIfNull(policyOids);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var oid in policyOids)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                }
            }
        }

        return new X509Extension(CertificatePoliciesOid, writer.Encode(), critical: false);
    }

    private static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static IReadOnlyList<X509Certificate2> ReadCertificates(string path)
    {
        try
        {
            return TrustMaterial.ReadCertificates(path);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{EvidenceOptions.Section}:OperatorCertificates: {e.Message}", e);
        }
    }
}
