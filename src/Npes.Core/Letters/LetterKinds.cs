namespace Npes.Core.Letters;

/// <summary>Simple letters are readable at once; registered letters only after the recipient signs for them.</summary>
public static class LetterKinds
{
    public const string Simple = "simple";
    public const string Registered = "registered";

    public static bool IsKnown(string? kind) => kind is Simple or Registered;
}

/// <summary>Where a letter stands. Stored as text; clients match on these values.</summary>
public static class LetterStatuses
{
    /// <summary>In the recipient's mailbox; a registered letter waits for the signed handover.</summary>
    public const string Consigned = "consigned";

    /// <summary>The recipient signed for a registered letter; content released.</summary>
    public const string HandedOver = "handed_over";

    /// <summary>The recipient refused a registered letter (signed).</summary>
    public const string Refused = "refused";

    /// <summary>The accept window passed without a signature.</summary>
    public const string Expired = "expired";

    /// <summary>Going to the paper leg: waiting for the print pipeline.</summary>
    public const string AwaitingPrint = "awaiting_print";

    /// <summary>Printed by the print shop.</summary>
    public const string Printed = "printed";

    /// <summary>Enveloped and handed to the postal network.</summary>
    public const string Dispatched = "dispatched";

    /// <summary>The postal network reports the paper letter delivered.</summary>
    public const string DeliveredOnPaper = "delivered_on_paper";

    /// <summary>The paper letter came back (address unknown, refused, not collected).</summary>
    public const string Returned = "returned";
}

/// <summary>Evidence event types: ETSI EN 319 522 names, plus the paper leg's own.</summary>
public static class EvidenceTypes
{
    public const string SubmissionAcceptance = "SubmissionAcceptance";
    public const string SubmissionRejection = "SubmissionRejection";
    public const string ContentConsignment = "ContentConsignment";
    public const string ConsignmentAcceptance = "ConsignmentAcceptance";
    public const string ConsignmentRejection = "ConsignmentRejection";
    public const string AcceptanceRejectionExpiry = "AcceptanceRejectionExpiry";
    public const string ContentHandover = "ContentHandover";
    public const string RelayToNonERDS = "RelayToNonERDS";
    public const string Printed = "Printed";
    public const string Dispatched = "Dispatched";
    public const string DeliveredOnPaper = "DeliveredOnPaper";
    public const string Returned = "Returned";

    /// <summary>A notice of the letter was handed to an e-mail or SMS relay. Not a delivery: the letter's status does not change.</summary>
    public const string NotificationSent = "NotificationSent";

    /// <summary>A notice of the letter could not be sent and will not be retried. The letter's status does not change.</summary>
    public const string NotificationFailed = "NotificationFailed";
}

/// <summary>Receipts a sender can fetch.</summary>
public static class ReceiptKinds
{
    /// <summary>Operator-signed at submission, over the manifest, timestamped.</summary>
    public const string Acceptance = "acceptance";

    /// <summary>Operator-signed after handover, carrying the recipient's own signature.</summary>
    public const string Delivery = "delivery";

    /// <summary>Operator-signed after a signed refusal, carrying the recipient's signature.</summary>
    public const string Refusal = "refusal";

    /// <summary>Operator-signed when the accept window passed.</summary>
    public const string Expiry = "expiry";

    public static bool IsKnown(string? kind) => kind is Acceptance or Delivery or Refusal or Expiry;
}
