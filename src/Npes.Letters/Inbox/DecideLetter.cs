using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npes.Core.Errors;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Contracts;
using Npes.Eds;
using Npes.Eds.Cms;
using Npes.Eds.Input;
using Npes.Letters.Lifecycle;
using Npes.Letters.Store;

namespace Npes.Letters.Inbox;

/// <summary>
/// The recipient signs for a registered letter (ConsignmentAcceptance + ContentHandover, delivery notice to the
/// sender) or refuses it (ConsignmentRejection, refusal notice). The statement must be the one issued for this
/// letter and fresh; the signature must verify; the certificate must be trusted and name the mailbox owner.
/// </summary>
internal sealed class DecideLetter(
    LetterLifecycle lifecycle,
    IEdsProviderRegistry providers,
    IChainValidator chains,
    IEvidenceSigner signer,
    IOptions<LettersOptions> options,
    TimeProvider time)
{
    public const int MaxStatementChars = 2048;

    public StatementDto Statement(StoredLetter letter, string decision)
    {
        var now = time.GetUtcNow();
        var statement = new HandoverStatement(decision, letter.Id, letter.S10, CanonicalJson.Hex(letter.ManifestSha256), TruncateToSeconds(now));
        return new StatementDto(decision, Convert.ToBase64String(statement.Encode()), statement.Time + options.Value.StatementLifetime);
    }

    public async Task<DecisionResponse> HandleAsync(StoredLetter letter, Mailbox mailbox, string decision, DecisionRequest request, CancellationToken cancellationToken)
    {
        if (letter.Kind != LetterKinds.Registered)
        {
            throw new NpesException(NpesErrors.ValidationFailed, "Only registered letters are signed for or refused; a simple letter is readable at once.");
        }

        var statementBytes = CertificateInput.DecodeBase64(request.Statement, "statement", MaxStatementChars, NpesErrors.StatementInvalid);
        var signature = CertificateInput.DecodeBase64(request.Signature, "signature", CertificateInput.MaxSignatureChars, NpesErrors.SignatureInvalid);
        using var certificate = CertificateInput.Parse(request.Certificate, "certificate");
        var chain = CertificateInput.ParseChain(request.Chain);
        try
        {
            return await DecideAsync(letter, mailbox, decision, statementBytes, signature, certificate, chain, cancellationToken);
        }
        finally
        {
            foreach (var extra in chain)
            {
                extra.Dispose();
            }
        }
    }

    private async Task<DecisionResponse> DecideAsync(
        StoredLetter letter,
        Mailbox mailbox,
        string decision,
        byte[] statementBytes,
        byte[] signature,
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> chain,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // Each signed statement carries its purpose in its first line: a login statement is never a handover or refusal.
        var statement = HandoverStatement.TryDecode(statementBytes)
            ?? throw (Npes.Core.Auth.LoginStatement.TryDecode(statementBytes) is not null
                ? new NpesException(NpesErrors.StatementPurpose, "'statement' is a login statement; a handover or refusal must sign the letter's handover statement.")
                : new NpesException(NpesErrors.StatementInvalid, "'statement' is not an NPES handover statement; sign the bytes from GET …/statement unchanged."));
        if (statement.Decision != decision || statement.LetterId != letter.Id || statement.S10 != letter.S10
            || statement.ManifestSha256 != CanonicalJson.Hex(letter.ManifestSha256))
        {
            throw new NpesException(NpesErrors.StatementInvalid, $"The statement is not the one for '{decision}' of letter {letter.S10}.");
        }

        if (statement.Time > now.AddMinutes(1) || now - statement.Time > options.Value.StatementLifetime)
        {
            throw new NpesException(NpesErrors.StatementInvalid, "The statement is stale; fetch a fresh one and sign it.");
        }

        if (letter.Status != LetterStatus.Consigned)
        {
            throw new NpesException(NpesErrors.AlreadyDecided, $"Letter {letter.S10} is {letter.Status.ToWire()}; it can no longer be signed for or refused.");
        }

        var provider = providers.Find(certificate)
            ?? throw new NpesException(NpesErrors.CertificateUnsupported, "No configured EDS provider handles this certificate's key algorithm.");
        if (!provider.Verify(certificate, statementBytes, signature))
        {
            throw new NpesException(NpesErrors.SignatureInvalid, "The signature over the statement does not verify with the certificate's public key.");
        }

        var validation = chains.Validate(certificate, chain, CertificatePurpose.Signature, now);
        if (!validation.IsValid)
        {
            throw new NpesException(ChainErrors.Of(validation.Status), validation.Detail);
        }

        var identity = provider.Describe(certificate);
        var owner = mailbox.Owner;
        var isOwner = owner.Kind == PartyKind.Person
            ? identity.Kind == SignerKind.Person && identity.PersonalNumber == owner.PersonalNumber
            : identity.Kind == SignerKind.Organisation && identity.Unp == owner.Unp;
        if (!isOwner)
        {
            throw new NpesException(NpesErrors.SignerNotRecipient, "The certificate names someone other than the owner of this mailbox.");
        }

        var accept = decision == HandoverStatement.Accept;
        var receiptKind = accept ? ReceiptKinds.Delivery : ReceiptKinds.Refusal;
        var notice = new DeliveryNotice(receiptKind, letter.Id, letter.S10, statement.ManifestSha256, statementBytes, signature, certificate.RawData, CanonicalJson.Truncate(now));
        var receipt = await signer.SignAsync(notice.Encode(), detached: false, cancellationToken);
        var signed = new Dictionary<string, string>
        {
            ["signer"] = identity.DisplayName,
            ["certificate"] = identity.Thumbprint,
            ["statementSha256"] = CanonicalJson.Hex(SHA256.HashData(statementBytes)),
            ["signatureSha256"] = CanonicalJson.Hex(SHA256.HashData(signature)),
        };
        IReadOnlyList<IReadOnlyDictionary<string, string>> events = accept
            ? [signed, new Dictionary<string, string> { ["mailbox"] = mailbox.Id.ToString("D") }]
            : [signed];
        var action = accept ? LetterAction.Handover : LetterAction.Refuse;
        if (!await lifecycle.TryApplyAsync(action, new LetterActionItem(letter.Id, events, receipt), now, cancellationToken))
        {
            throw new NpesException(NpesErrors.AlreadyDecided, $"Letter {letter.S10} was decided meanwhile.");
        }

        return new DecisionResponse(letter.Id, letter.S10, LetterTransitions.Of(action).To.ToWire());
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
