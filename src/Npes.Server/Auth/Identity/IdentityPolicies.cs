using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npes.Core.Parties;
using Npes.Eds.Trust;

namespace Npes.Server.Auth.Identity;

/// <summary>Configuration of one identity policy, <c>Npes:Auth:IdentityPolicies:NAME</c>.</summary>
internal sealed class IdentityPolicyOptions
{
    /// <summary>The trust anchors of this policy: certificate files (as in <c>Npes:Eds:TrustAnchors</c>) or SHA-256 thumbprints (hex).</summary>
    public IList<string> Anchors { get; } = [];

    /// <summary>The identifier kinds certificates under these anchors may assert: by-personal-number, by-unp, foreign.</summary>
    public IList<string> Identifiers { get; } = [];
}

/// <summary>A resolved identity policy: its name and the identifier kinds it may assert.</summary>
internal sealed record IdentityPolicy(string Name, IReadOnlySet<string> Identifiers);

/// <summary>
/// Which trust anchor may assert which identifier kinds. A certificate's identity is accepted only when the anchor its
/// chain ends in belongs to a policy allowing the kind it claims; an anchor in no policy asserts nothing. Without any
/// configured policy (allowed in Development only, checked at start) every anchor forms the national policy.
/// </summary>
internal sealed partial class IdentityPolicies
{
    private readonly Dictionary<string, IdentityPolicy> _byAnchor = new(StringComparer.Ordinal);

    public IdentityPolicies(IOptions<AuthOptions> options, TrustMaterial trust)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trust);
        var configured = options.Value.IdentityPolicies;
        IsImplicit = configured.Count == 0;
        if (IsImplicit)
        {
            var national = new IdentityPolicy(PartyIdentity.NationalPolicy, new HashSet<string>([IdentifierKinds.BelarusPersonalNumber, IdentifierKinds.BelarusUnp], StringComparer.Ordinal));
            foreach (var anchor in trust.Anchors)
            {
                _byAnchor[Thumbprint(anchor)] = national;
            }

            return;
        }

        foreach (var (name, policy) in configured)
        {
            var resolved = new IdentityPolicy(name, new HashSet<string>(policy.Identifiers, StringComparer.Ordinal));
            foreach (var entry in policy.Anchors)
            {
                foreach (var thumbprint in ThumbprintsOf(entry, $"{AuthOptions.Section}:IdentityPolicies:{name}:Anchors"))
                {
                    if (_byAnchor.TryGetValue(thumbprint, out var other) && other.Name != name)
                    {
                        throw new InvalidOperationException($"Trust anchor {thumbprint} is in two identity policies, '{other.Name}' and '{name}'; an anchor belongs to one policy.");
                    }

                    _byAnchor[thumbprint] = resolved;
                }
            }
        }
    }

    /// <summary>True when no policy is configured and every anchor forms the national policy.</summary>
    public bool IsImplicit { get; }

    /// <summary>The policy of the anchor a validated chain ends in; null when that anchor is in no policy.</summary>
    public IdentityPolicy? Of(X509Certificate2 anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return _byAnchor.GetValueOrDefault(Thumbprint(anchor));
    }

    /// <summary>Checks the shape of the configured policies (names, kinds, anchors), for options validation.</summary>
    public static IEnumerable<string> Validate(IDictionary<string, IdentityPolicyOptions> policies)
    {
        foreach (var (name, policy) in policies)
        {
            var setting = $"{AuthOptions.Section}:IdentityPolicies:{name}";
            if (!PolicyName().IsMatch(name) || name == PartyIdentity.SystemPolicy)
            {
                yield return $"{setting}: a policy name is 1-32 lower-case letters, digits or '-', and not '{PartyIdentity.SystemPolicy}' (reserved).";
            }

            if (policy.Anchors.Count == 0)
            {
                yield return $"{setting}:Anchors must name at least one trust anchor (file or SHA-256 thumbprint).";
            }

            if (policy.Identifiers.Count == 0)
            {
                yield return $"{setting}:Identifiers must list what its anchors may assert: {string.Join(", ", IdentifierKinds.All)}.";
            }

            foreach (var kind in policy.Identifiers.Where(k => !IdentifierKinds.IsKnown(k)))
            {
                yield return $"{setting}:Identifiers lists '{kind}'; known kinds are {string.Join(", ", IdentifierKinds.All)}.";
            }
        }
    }

    private static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static List<string> ThumbprintsOf(string entry, string setting)
    {
        var trimmed = entry.Trim();
        if (Sha256Hex().IsMatch(trimmed))
        {
            return [trimmed.ToLowerInvariant()];
        }

        var path = Hosting.Paths.Resolve(trimmed);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting} names '{entry}', which is neither a SHA-256 thumbprint nor an existing certificate file.");
        }

        if (new FileInfo(path).Length > TrustMaterial.MaxCertificateFileBytes)
        {
            throw new InvalidOperationException($"{setting}: '{entry}' is larger than a certificate file may be.");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                certificates.ImportFromPem(text);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: '{entry}' is not a certificate file: {e.Message}", e);
        }

        try
        {
            return certificates.Select(Thumbprint).ToList();
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyName();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();
}
