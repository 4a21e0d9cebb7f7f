namespace Npes.Core.Http;

/// <summary>Roles carried by a session, and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string Organisation = "organisation";
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    /// <summary>Operators who may also act in the jobs dashboard (retry, delete); everyone else sees it read-only.</summary>
    public const string Admin = "admin";

    /// <summary>Any logged-in party.</summary>
    public const string PartyPolicy = "party";

    /// <summary>Print-shop operators only.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Auditors only.</summary>
    public const string AuditorPolicy = "auditor";

    /// <summary>The jobs dashboard: operators, by bearer token or web session.</summary>
    public const string DashboardPolicy = "jobs-dashboard";

    public const string PartyIdClaim = "npes:party";
    public const string KindClaim = "npes:kind";
    public const string ThumbprintClaim = "npes:certificate";
}
