namespace Npes.Core.Errors;

/// <summary>Mobile EDS: signing on the holder's phone.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError MobilePhoneUnknown = new("npes.mobile.phone_unknown", 404, "The phone number has no mobile EDS.");
    public static readonly NpesError MobileRequestUnknown = new("npes.mobile.request_unknown", 404, "No mobile signing request with this id is pending.");
    public static readonly NpesError MobileRefused = new("npes.mobile.refused", 403, "The holder refused to sign on the phone.");
    public static readonly NpesError MobileExpired = new("npes.mobile.expired", 410, "The phone did not answer in time.");
    public static readonly NpesError MobileUnavailable = new("npes.mobile.unavailable", 503, "The mobile signing service is not configured or not reachable.");
}
