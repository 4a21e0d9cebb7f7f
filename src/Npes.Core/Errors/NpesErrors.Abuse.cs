namespace Npes.Core.Errors;

/// <summary>Limits that keep one party from costing the operator money or degrading the service for others.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError ConfirmationResendLimit = new(
        "npes.mailbox.confirmation_resend_limit", 429, "Enough confirmation codes were sent on paper to this address or mailbox for now; try again later.");
}
