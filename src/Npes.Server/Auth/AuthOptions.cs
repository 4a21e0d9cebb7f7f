namespace Npes.Server.Auth;

/// <summary>Configuration section <c>Npes:Auth</c>.</summary>
internal sealed class AuthOptions
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
}
