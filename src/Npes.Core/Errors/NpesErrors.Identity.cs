namespace Npes.Core.Errors;

/// <summary>Identity policy per trust anchor, domain-separated statements, mobile login binding.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError IdentityNotAsserted = new("npes.identity.kind_not_allowed", 401, "The certificate's CA may not assert this kind of identifier.");
    public static readonly NpesError IdentitySystemParty = new("npes.identity.system_party", 403, "The operator's own system identity cannot be logged into.");
    public static readonly NpesError StatementPurpose = new("npes.auth.statement_purpose", 400, "The signed statement is not of the purpose this request needs.");
    public static readonly NpesError MobileClientMismatch = new("npes.mobile.client_mismatch", 403, "The mobile signing request was started by another client.");
}
