namespace Npes.Core.Errors;

/// <summary>Letters: submission, documents, receipts, handover.</summary>
public static partial class NpesErrors
{
    public static readonly NpesError DocumentInvalid = new("npes.letter.document_invalid", 400, "A document is empty, unreadable or badly named.");
    public static readonly NpesError DocumentTypeMismatch = new("npes.letter.document_type_mismatch", 400, "A document's content does not match its declared type or name.");
    public static readonly NpesError DocumentTypeUnsupported = new("npes.letter.document_type_unsupported", 415, "Only PDF, doc, docx, xls, xlsx, odt, ods, PNG, JPEG and UTF-8 text documents are accepted.");
    public static readonly NpesError DocumentEncrypted = new("npes.letter.document_encrypted", 400, "Encrypted documents are not accepted.");
    public static readonly NpesError DocumentActiveContent = new("npes.letter.document_active_content", 400, "PDFs with active content (JavaScript, launch, URI, form submission, remote go-to, data import, embedded files, XFA, rich media) are not accepted.");
    public static readonly NpesError DocumentsCount = new("npes.letter.documents_count", 400, "A letter has 1 to 3 documents.");
    public static readonly NpesError DocumentTooLarge = new("npes.letter.document_too_large", 413, "A document or the documents together exceed the size limit.");
    public static readonly NpesError LetterMetadataInvalid = new("npes.letter.metadata_invalid", 400, "The letter's description is missing or invalid.");
    public static readonly NpesError SenderSignatureInvalid = new("npes.letter.sender_signature_invalid", 400, "The sender's signature over the manifest does not verify.");
    public static readonly NpesError IdempotencyConflict = new("npes.letter.idempotency_conflict", 422, "This Idempotency-Key was used for a different letter.");
    public static readonly NpesError LetterNotFound = new("npes.letter.not_found", 404, "No such letter.");
    public static readonly NpesError ReceiptNotFound = new("npes.letter.receipt_not_found", 404, "The letter has no receipt of that kind (yet).");
    public static readonly NpesError ContentWithheld = new("npes.letter.content_withheld", 403, "A registered letter's content is released only after the recipient signs for it.");
    public static readonly NpesError AlreadyDecided = new("npes.letter.already_decided", 409, "The letter was already signed for, refused, or expired.");
    public static readonly NpesError StatementInvalid = new("npes.letter.statement_invalid", 400, "The signed statement is not the one issued for this letter, or is stale.");
    public static readonly NpesError SignerNotRecipient = new("npes.letter.signer_not_recipient", 403, "The signing certificate does not belong to the mailbox owner.");
    public static readonly NpesError TransitionRefused = new("npes.letter.transition_refused", 409, "The letter's status does not allow this action.");
    public static readonly NpesError SerialsExhausted = new("npes.letter.serials_exhausted", 503, "The S10 series has no serial numbers left; configure a new series.");

    public static readonly NpesError WebhookUrlInvalid = new("npes.webhook.url_invalid", 400, "The webhook URL is not an acceptable absolute http(s) URL.");
    public static readonly NpesError WebhookNotFound = new("npes.webhook.not_found", 404, "No webhook is registered.");
}
