namespace Npes.Core.Errors;

/// <summary>Faults of the platform the request depends on (not of the request, not a bug).</summary>
public static partial class NpesErrors
{
    /// <summary>
    /// The database cannot be reached for the moment (restarting, recovering, overloaded). Nothing was half-written:
    /// retry after the Retry-After seconds, with the same Idempotency-Key for a submission.
    /// </summary>
    public static readonly NpesError Unavailable = new("npes.unavailable", 503, "The service is temporarily unavailable; retry after the time given in Retry-After.");
}
