namespace Npes.Core.Errors;

/// <summary>
/// The one catalogue of refusals. Codes are stable: clients and tests match on them, so never rename one.
/// </summary>
public static partial class NpesErrors
{
    // request shape
    public static readonly NpesError ValidationFailed = new("npes.request.invalid", 400, "The request is not valid.");
    public static readonly NpesError TooLarge = new("npes.request.too_large", 413, "The request is too large.");
    public static readonly NpesError NotFound = new("npes.resource.not_found", 404, "The resource does not exist.");
    public static readonly NpesError Unauthenticated = new("npes.auth.required", 401, "Authentication is required.");
    public static readonly NpesError Forbidden = new("npes.auth.forbidden", 403, "The caller may not do this.");
    public static readonly NpesError MethodNotAllowed = new("npes.request.method_not_allowed", 405, "The method is not allowed on this resource.");
    public static readonly NpesError UnsupportedMediaType = new("npes.request.unsupported_media_type", 415, "The request body must be application/json.");

    // login with EDS
    public static readonly NpesError ChallengeUnknown = new("npes.auth.challenge_unknown", 401, "The login challenge is unknown.");
    public static readonly NpesError ChallengeExpired = new("npes.auth.challenge_expired", 401, "The login challenge has expired.");
    public static readonly NpesError ChallengeReplayed = new("npes.auth.challenge_replayed", 401, "The login challenge was already used.");
    public static readonly NpesError ChallengeForeign = new("npes.auth.challenge_foreign", 401, "The login challenge was issued for another certificate.");
    public static readonly NpesError SignatureInvalid = new("npes.auth.signature_invalid", 401, "The signature does not verify.");
    public static readonly NpesError CertificateMalformed = new("npes.eds.certificate_malformed", 400, "The certificate cannot be read.");
    public static readonly NpesError CertificateUnsupported = new("npes.eds.certificate_unsupported", 400, "No EDS provider handles this certificate.");
    public static readonly NpesError CertificateUntrusted = new("npes.eds.certificate_untrusted", 401, "The certificate does not chain to a trusted anchor.");
    public static readonly NpesError CertificateExpired = new("npes.eds.certificate_expired", 401, "The certificate has expired.");
    public static readonly NpesError CertificateNotYetValid = new("npes.eds.certificate_not_yet_valid", 401, "The certificate is not valid yet.");
    public static readonly NpesError CertificateWrongUsage = new("npes.eds.certificate_wrong_usage", 401, "The certificate may not be used for signatures.");
    public static readonly NpesError CertificateRevoked = new("npes.eds.certificate_revoked", 401, "The certificate has been revoked.");
    public static readonly NpesError CertificateNoIdentity = new("npes.eds.certificate_no_identity", 401, "The certificate names neither a person nor an organisation.");
    public static readonly NpesError TokenInvalid = new("npes.auth.token_invalid", 401, "The bearer token is unknown or has expired.");

    // mailboxes
    public static readonly NpesError MailboxExists = new("npes.mailbox.exists", 409, "The caller already has a mailbox.");
    public static readonly NpesError MailboxNotFound = new("npes.mailbox.not_found", 404, "The caller has no mailbox yet.");
    public static readonly NpesError AddressInvalid = new("npes.mailbox.address_invalid", 400, "A postal address is empty or too long.");
    public static readonly NpesError AddressesTooMany = new("npes.mailbox.addresses_too_many", 400, "Too many postal addresses.");
    public static readonly NpesError AddressNotFound = new("npes.mailbox.address_not_found", 404, "Your mailbox has no such address.");
    public static readonly NpesError ConfirmationCodeWrong = new("npes.mailbox.confirmation_code_wrong", 400, "The confirmation code is not the one sent to this address.");
    public static readonly NpesError ConfirmationLocked = new("npes.mailbox.confirmation_locked", 403, "Too many wrong codes; request a new code on paper.");

    // addressing
    public static readonly NpesError AddressUnparseable = new("npes.address.unparseable", 422, "The postal address cannot be understood.");
    public static readonly NpesError RateLimited = new("npes.request.rate_limited", 429, "Too many requests; try again later.");
}
