using Npes.Core.Auth;
using Npes.Core.Options;
using Npes.Core.Parties;
using Npes.Server.Auth.Identity;

namespace Npes.Server.Auth;

/// <summary>Configuration section <c>Npes:Auth</c>.</summary>
internal sealed class AuthOptions : IValidatedOptions
{
    public const string Section = "Npes:Auth";

    /// <summary>How long a login challenge may be answered.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a bearer token is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The server's public origins (<c>https://npes.example.by</c>), named in every login statement; clients refuse to
    /// sign a statement naming another origin. Empty: the origin each request arrived at (convenient in Development;
    /// behind a proxy set this, or configure the proxy under <c>Npes:ForwardedHeaders</c>).
    /// </summary>
    public IList<string> Origins { get; } = [];

    /// <summary>Which trust anchors may assert which identifier kinds, by policy name (see <see cref="IdentityPolicies"/>).</summary>
    public Dictionary<string, IdentityPolicyOptions> IdentityPolicies { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Print-shop operators (mapped to the operator role): <c>POLICY/IDENTIFIER</c>, e.g. <c>national/3010185C003PB7</c> —
    /// the identity and the policy (trust anchors) that must assert it; a bare identifier means the national policy.
    /// </summary>
    public IList<string> Operators { get; } = [];

    /// <summary>Auditors (may export and verify the whole evidence log), in the form of <see cref="Operators"/>.</summary>
    public IList<string> Auditors { get; } = [];

    /// <summary>Operators who administer the jobs (may retry or delete jobs in the dashboard), in the form of <see cref="Operators"/>.</summary>
    public IList<string> Admins { get; } = [];

    /// <summary>Whether a role list grants the role to <paramref name="identity"/> (its identifier under its policy).</summary>
    public static bool Grants(IEnumerable<string> entries, PartyIdentity identity) =>
        entries.Any(entry => Normalise(entry) == identity.Policy + "/" + identity.Identifier);

    private static string Normalise(string entry) => entry.Contains('/', StringComparison.Ordinal) ? entry.Trim() : PartyIdentity.NationalPolicy + "/" + entry.Trim();

    public IEnumerable<string> Validate()
    {
        if (ChallengeLifetime <= TimeSpan.Zero || ChallengeLifetime > TimeSpan.FromMinutes(30))
        {
            yield return "Npes:Auth:ChallengeLifetime must be between 0 and 30 minutes.";
        }

        if (TokenLifetime <= TimeSpan.Zero || TokenLifetime > TimeSpan.FromHours(12))
        {
            yield return "Npes:Auth:TokenLifetime must be between 0 and 12 hours.";
        }

        foreach (var origin in Origins.Where(o => !LoginStatement.IsOrigin(o)))
        {
            yield return $"Npes:Auth:Origins lists '{origin}'; an origin is scheme, host and optional port, e.g. https://npes.example.by.";
        }

        foreach (var problem in Identity.IdentityPolicies.Validate(IdentityPolicies))
        {
            yield return problem;
        }

        foreach (var (name, entries) in new[] { ("Operators", Operators), ("Auditors", Auditors), ("Admins", Admins) })
        {
            foreach (var entry in entries)
            {
                var policy = Normalise(entry).Split('/')[0];
                if (Normalise(entry).Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                {
                    yield return $"Npes:Auth:{name} lists '{entry}'; write POLICY/IDENTIFIER or a bare identifier of the national policy.";
                }
                else if (IdentityPolicies.Count > 0 && !IdentityPolicies.ContainsKey(policy))
                {
                    yield return $"Npes:Auth:{name} lists '{entry}', of policy '{policy}', which is not configured under Npes:Auth:IdentityPolicies.";
                }
            }
        }

        foreach (var admin in Admins.Where(a => !Operators.Select(Normalise).Contains(Normalise(a), StringComparer.Ordinal)))
        {
            yield return $"Npes:Auth:Admins lists {admin}, who is not in Npes:Auth:Operators (jobs are administered by operators).";
        }
    }
}
