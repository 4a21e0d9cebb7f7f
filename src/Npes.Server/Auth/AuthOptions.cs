using Npes.Core.Options;

namespace Npes.Server.Auth;

/// <summary>Configuration section <c>Npes:Auth</c>.</summary>
internal sealed class AuthOptions : IValidatedOptions
{
    public const string Section = "Npes:Auth";

    /// <summary>How long a login challenge may be answered.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a bearer token is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Personal identification numbers of the print-shop operators (mapped to the operator role).</summary>
    public IList<string> Operators { get; } = [];

    /// <summary>Personal identification numbers of auditors (may export and verify the whole evidence log).</summary>
    public IList<string> Auditors { get; } = [];

    /// <summary>Personal identification numbers of operators who administer the jobs (may retry or delete jobs in the dashboard).</summary>
    public IList<string> Admins { get; } = [];

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

        foreach (var admin in Admins.Where(a => !Operators.Contains(a, StringComparer.Ordinal)))
        {
            yield return $"Npes:Auth:Admins lists {admin}, who is not in Npes:Auth:Operators (jobs are administered by operators).";
        }
    }
}
