namespace Npes.Core.Errors;

/// <summary>Notifications: the recipient's contact points and their confirmation codes.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError ContactInvalid = new("npes.contacts.invalid", 400, "The contact point is not a valid e-mail address or mobile number.");
    public static readonly NpesError ContactNotFound = new("npes.contacts.not_found", 404, "Your mailbox has no contact point with this id.");
    public static readonly NpesError ContactExists = new("npes.contacts.exists", 409, "This contact point is already on your mailbox.");
    public static readonly NpesError ContactLimit = new("npes.contacts.limit", 409, "Your mailbox has as many contact points as it may have.");
    public static readonly NpesError ContactCodeWrong = new("npes.contacts.code_wrong", 400, "The confirmation code is wrong.");
    public static readonly NpesError ContactCodeExpired = new("npes.contacts.code_expired", 410, "The confirmation code has expired or was used up; request a new one.");
    public static readonly NpesError ContactCodeAttempts = new("npes.contacts.code_attempts", 429, "Too many wrong codes; request a new one.");
    public static readonly NpesError ContactResendLimit = new("npes.contacts.resend_limit", 429, "No more confirmation codes may be sent now.");
    public static readonly NpesError ContactAlreadyConfirmed = new("npes.contacts.already_confirmed", 409, "The contact point is already confirmed.");
    public static readonly NpesError ContactCodeNotSent = new("npes.contacts.code_not_sent", 503, "The confirmation code could not be sent now; request it again later.");
    public static readonly NpesError ContactChannelOff = new("npes.contacts.channel_unavailable", 400, "The operator does not send notices on this channel.");
}
