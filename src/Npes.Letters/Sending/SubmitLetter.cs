using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Addressing;
using Npes.Core.Errors;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Eds;
using Npes.Eds.Cms;
using Npes.Letters.Store;
using Npes.Storage.Documents;

namespace Npes.Letters.Sending;

/// <summary>A file part of a submission, as received.</summary>
internal sealed record UploadedDocument(string? FileName, string? ContentType, byte[] Content);

/// <summary>
/// Accepts a letter: validates everything first (nothing is stored on refusal), resolves the recipient, assigns
/// the S10 id, signs the acceptance receipt, and stores letter, encrypted documents, receipt, evidence and —
/// when no mailbox matches — the paper-leg queue row, in one transaction.
/// </summary>
internal sealed partial class SubmitLetter(
    ILetterStore letters,
    IPartyStore parties,
    IRecipientResolver resolver,
    IEvidenceSigner signer,
    CmsVerifier cmsVerifier,
    IEdsProviderRegistry providers,
    SealedDocuments sealing,
    IOptions<LettersOptions> options,
    TimeProvider time,
    ILogger<SubmitLetter> logger)
{
    public const int MaxNameLength = 300;
    public const int MaxSubjectLength = 200;

    /// <param name="knownSender">The sender's party when the caller has it already (the bearer authentication loads it); else it is looked up.</param>
    public async Task<(bool Created, SubmitLetterResponse Response)> HandleAsync(
        Guid senderPartyId,
        Party? knownSender,
        SubmitLetterRequest? request,
        IReadOnlyList<UploadedDocument> uploads,
        byte[]? senderSignature,
        string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (recipient, kind, subject, policy) = Validate(request);
        var documents = InspectDocuments(uploads, settings);
        if (idempotencyKey is not null && !IdempotencyKeyPattern().IsMatch(idempotencyKey))
        {
            throw new NpesException(NpesErrors.ValidationFailed, "The Idempotency-Key header must be 1 to 100 visible ASCII characters.");
        }

        var requestSha256 = RequestDigest(recipient, kind, subject, policy, documents);
        if (idempotencyKey is not null && await letters.FindByIdempotencyKeyAsync(senderPartyId, idempotencyKey, cancellationToken) is { } earlier)
        {
            return (false, await RepeatAsync(earlier, requestSha256, cancellationToken));
        }

        var sender = (knownSender?.Id == senderPartyId ? knownSender : await parties.FindAsync(senderPartyId, cancellationToken))
            ?? throw new NpesException(NpesErrors.Unauthenticated, "The sender's party no longer exists.");
        if (senderSignature is not null)
        {
            CheckSenderSignature(senderSignature, sender, new SenderManifest(recipient, kind, subject, documents.Select(d => (d.Name, d.Sha256)).ToList()));
        }

        var resolution = await resolver.ResolveAsync(recipient, cancellationToken);
        return await AcceptAsync(
            sender, recipient, kind, subject, documents, policy, senderSignature, idempotencyKey, requestSha256,
            resolution.MailboxId, resolution.Outcome.Name(), resolution.Reason, cancellationToken);
    }

    /// <summary>
    /// A simple letter from the postal operator itself, straight to the paper leg — e.g. the one-time code that
    /// confirms a mailbox address, which must reach the postbox at that address and nowhere else.
    /// </summary>
    public async Task<SubmitLetterResponse> SendOperatorPaperLetterAsync(RecipientQuery recipient, string subject, InspectedDocument document, string reason, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sender = await parties.UpsertAsync(PartyIdentity.System(settings.OperatorUnp), settings.OperatorName, time.GetUtcNow(), cancellationToken);
        var (_, response) = await AcceptAsync(
            sender, recipient, LetterKinds.Simple, subject, [document], null, null, null, null, null, "operator_paper", reason, cancellationToken);
        return response;
    }

    private async Task<(bool Created, SubmitLetterResponse Response)> AcceptAsync(
        Party sender,
        RecipientQuery recipient,
        string kind,
        string subject,
        List<InspectedDocument> documents,
        PolicyDto? policy,
        byte[]? senderSignature,
        string? idempotencyKey,
        byte[]? requestSha256,
        Guid? mailboxId,
        string outcome,
        string reason,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var serial = await letters.NextSerialAsync(cancellationToken);
        var s10 = S10.Create(settings.S10Series, serial, settings.S10Country);
        var now = CanonicalJson.Truncate(time.GetUtcNow());
        var letterId = Guid.CreateVersion7(now);

        var manifest = new LetterManifest(
            letterId,
            s10,
            kind,
            subject,
            new ManifestSender(sender.Id, sender.Kind == PartyKind.Person ? "person" : "organisation", sender.DisplayName, sender.PersonalNumber, sender.Unp),
            recipient,
            documents.Select(d => new ManifestDocument(d.Name, d.MediaType, d.Content.Length, d.Sha256)).ToList(),
            policy?.PrintIfNotClaimedDays,
            policy?.AcceptWindowDays,
            now,
            senderSignature is null ? null : SHA256.HashData(senderSignature)).Encode();
        var receipt = await signer.SignAsync(manifest, detached: false, cancellationToken);

        var sealedSet = sealing.Seal(letterId, documents.Select(d => d.Content).ToList());
        var sealedDocuments = documents.Select((d, i) => new StoredDocument(i, d.Name, d.MediaType, d.Content.Length, d.Sha256, sealedSet.Parts[i])).ToList();

        var matched = mailboxId is not null;
        var manifestSha256 = CanonicalJson.Hex(SHA256.HashData(manifest));
        List<EventDraft> events =
        [
            new(EvidenceTypes.SubmissionAcceptance, new Dictionary<string, string>
            {
                ["s10"] = s10,
                ["manifestSha256"] = manifestSha256,
                ["sender"] = sender.IdentityKey,
            }),
            matched
                ? new(EvidenceTypes.ContentConsignment, new Dictionary<string, string>
                {
                    ["mailbox"] = mailboxId!.Value.ToString("D"),
                    ["reason"] = reason,
                })
                : new(EvidenceTypes.RelayToNonERDS, new Dictionary<string, string>
                {
                    ["outcome"] = outcome,
                    ["reason"] = reason,
                }),
        ];
        var acceptWindow = policy?.AcceptWindowDays ?? settings.DefaultAcceptWindowDays;
        var letter = new StoredLetter(
            letterId,
            s10,
            sender.Id,
            kind,
            subject,
            recipient,
            mailboxId,
            outcome,
            reason,
            matched ? LetterStatus.Consigned : LetterStatus.AwaitingPrint,
            manifest,
            sealedSet.Key.KeyId,
            sealedSet.Key.Wrapped,
            senderSignature,
            policy?.PrintIfNotClaimedDays,
            policy?.AcceptWindowDays,
            matched && kind == LetterKinds.Registered ? now.AddDays(acceptWindow) : null,
            now,
            null,
            idempotencyKey,
            requestSha256);

        var (created, storedId) = await letters.SubmitAsync(
            new NewLetter(letter, sealedDocuments, receipt, events),
            now,
            cancellationToken);
        if (!created)
        {
            // Lost a race with an identical submission under the same key: answer with the winner.
            var winner = await letters.FindAsync(storedId, cancellationToken) ?? throw new InvalidOperationException("The winning letter vanished.");
            return (false, await RepeatAsync(winner, requestSha256!, cancellationToken));
        }

        LogAccepted(logger, s10, letter.RoutingOutcome);
        return (true, new SubmitLetterResponse(letterId, s10, letter.Status.ToWire(), new RoutingDto(letter.RoutingOutcome, letter.RoutingReason), Convert.ToBase64String(receipt)));
    }

    private async Task<SubmitLetterResponse> RepeatAsync(StoredLetter earlier, byte[] requestSha256, CancellationToken cancellationToken)
    {
        if (earlier.RequestSha256 is null || !CryptographicOperations.FixedTimeEquals(earlier.RequestSha256, requestSha256))
        {
            throw new NpesException(NpesErrors.IdempotencyConflict, $"The Idempotency-Key was already used for letter {earlier.S10} with a different content; use a new key for a new letter.");
        }

        var receipts = await letters.ReceiptsAsync(earlier.Id, cancellationToken);
        return new SubmitLetterResponse(earlier.Id, earlier.S10, earlier.Status.ToWire(), new RoutingDto(earlier.RoutingOutcome, earlier.RoutingReason), Convert.ToBase64String(receipts[ReceiptKinds.Acceptance]));
    }

    public const int MaxSenderSignatureBytes = 64 * 1024;

    /// <summary>The optional sender signature: a detached CMS over the sender manifest, by the sender's own trusted certificate.</summary>
    private void CheckSenderSignature(byte[] cms, Party sender, SenderManifest signed)
    {
        if (cms.Length > MaxSenderSignatureBytes)
        {
            throw new NpesException(NpesErrors.SenderSignatureInvalid, $"The sender signature is larger than {MaxSenderSignatureBytes} bytes.");
        }

        var verification = cmsVerifier.Verify(cms, signed.Encode(), requireTimestamp: false);
        if (!verification.IsValid)
        {
            throw new NpesException(NpesErrors.SenderSignatureInvalid, "The sender signature is not a valid detached CMS over the sender manifest: " + verification.Failure);
        }

        var identity = providers.Find(verification.Signer!)?.Describe(verification.Signer!);
        var isSender = sender.Kind == PartyKind.Person
            ? identity?.Kind == Npes.Eds.SignerKind.Person && identity.PersonalNumber == sender.PersonalNumber
            : identity?.Kind == Npes.Eds.SignerKind.Organisation && identity.Unp == sender.Unp;
        if (!isSender)
        {
            throw new NpesException(NpesErrors.SenderSignatureInvalid, "The sender signature was made with a certificate that does not name the sender.");
        }
    }

    private static (RecipientQuery Recipient, string Kind, string Subject, PolicyDto? Policy) Validate(SubmitLetterRequest? request)
    {
        if (request is null)
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, "The multipart part 'letter' (JSON: recipient, kind, subject, policy) is missing.");
        }

        var name = request.Recipient?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, $"'recipient.name' must be 1 to {MaxNameLength} printable characters.");
        }

        PostalAddressText address;
        try
        {
            address = PostalAddressText.Parse(request.Recipient?.Address);
        }
        catch (NpesException e)
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, "'recipient.address': " + e.Detail, e);
        }

        var unp = request.Recipient?.Unp?.Trim();
        if (unp is { Length: 0 })
        {
            unp = null;
        }

        if (unp is not null && !UnpPattern().IsMatch(unp))
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, "'recipient.unp' must be the 9 digits of a УНП.");
        }

        if (!LetterKinds.IsKnown(request.Kind))
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, "'kind' must be 'simple' or 'registered'.");
        }

        var subject = request.Subject?.Trim();
        if (string.IsNullOrEmpty(subject) || subject.Length > MaxSubjectLength || subject.Any(char.IsControl))
        {
            throw new NpesException(NpesErrors.LetterMetadataInvalid, $"'subject' must be 1 to {MaxSubjectLength} printable characters.");
        }

        if (request.Policy is { } policy)
        {
            if (policy.AcceptWindowDays is < 1 or > 90)
            {
                throw new NpesException(NpesErrors.LetterMetadataInvalid, "'policy.acceptWindowDays' must be between 1 and 90.");
            }

            if (policy.PrintIfNotClaimedDays is < 1 or > 90)
            {
                throw new NpesException(NpesErrors.LetterMetadataInvalid, "'policy.printIfNotClaimedDays' must be between 1 and 90.");
            }

            if (request.Kind == LetterKinds.Simple && policy.AcceptWindowDays is not null)
            {
                throw new NpesException(NpesErrors.LetterMetadataInvalid, "'policy.acceptWindowDays' applies to registered letters only.");
            }
        }

        return (new RecipientQuery(name, address.Text, unp), request.Kind!, subject, request.Policy);
    }

    private static List<InspectedDocument> InspectDocuments(IReadOnlyList<UploadedDocument> uploads, LettersOptions settings)
    {
        if (uploads.Count == 0 || uploads.Count > settings.MaxDocuments)
        {
            throw new NpesException(NpesErrors.DocumentsCount, $"A letter has 1 to {settings.MaxDocuments} documents (multipart parts named 'document'); this one has {uploads.Count}.");
        }

        var oversized = uploads.FirstOrDefault(u => u.Content.LongLength > settings.MaxDocumentBytes);
        if (oversized is not null)
        {
            throw new NpesException(NpesErrors.DocumentTooLarge, $"'{Path.GetFileName(oversized.FileName)}' exceeds {settings.MaxDocumentBytes} bytes.");
        }

        if (uploads.Sum(u => u.Content.LongLength) > settings.MaxTotalBytes)
        {
            throw new NpesException(NpesErrors.DocumentTooLarge, $"The documents together exceed {settings.MaxTotalBytes} bytes.");
        }

        var documents = uploads.Select(u => DocumentInspector.Inspect(u.FileName, u.ContentType, u.Content)).ToList();
        var duplicate = documents.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new NpesException(NpesErrors.DocumentInvalid, $"Two documents are named '{duplicate.Key}'; names must differ.");
        }

        return documents;
    }

    /// <summary>What makes two submissions "the same body" for idempotency: everything the sender chose.</summary>
    private static byte[] RequestDigest(RecipientQuery recipient, string kind, string subject, PolicyDto? policy, IReadOnlyList<InspectedDocument> documents) =>
        SHA256.HashData(CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", recipient.Name);
            w.WriteString("address", recipient.Address);
            w.WriteString("unp", recipient.Unp);
            w.WriteString("kind", kind);
            w.WriteString("subject", subject);
            w.WriteString("print", policy?.PrintIfNotClaimedDays?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("window", policy?.AcceptWindowDays?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartArray("documents");
            foreach (var document in documents)
            {
                w.WriteStringValue(document.Name + "/" + document.MediaType + "/" + CanonicalJson.Hex(document.Sha256));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));

    // Only the S10 id and the routing outcome: never names, addresses or content.
    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted letter {S10}; routing {Outcome}")]
    private static partial void LogAccepted(ILogger logger, string s10, string outcome);

    [GeneratedRegex("^[0-9]{9}$")]
    private static partial Regex UnpPattern();

    [GeneratedRegex("^[\\x21-\\x7E]{1,100}$")]
    private static partial Regex IdempotencyKeyPattern();
}
