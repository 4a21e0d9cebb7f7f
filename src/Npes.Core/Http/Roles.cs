namespace Npes.Core.Http;

/// <summary>Roles carried by a session, and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string Organisation = "organisation";
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    /// <summary>Any logged-in party.</summary>
    public const string PartyPolicy = "party";

    /// <summary>Print-shop operators only.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Auditors only.</summary>
    public const string AuditorPolicy = "auditor";

    public const string PartyIdClaim = "npes:party";
    public const string KindClaim = "npes:kind";
    public const string ThumbprintClaim = "npes:certificate";
}
