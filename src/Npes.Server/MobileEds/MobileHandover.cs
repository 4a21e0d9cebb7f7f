using Microsoft.Extensions.Options;
using Npes.Contracts;
using Npes.Core.Errors;
using Npes.Core.Letters;
using Npes.Core.Mailboxes;
using Npes.Letters;
using Npes.Letters.Inbox;
using Npes.Letters.Store;

namespace Npes.Server.MobileEds;

/// <summary>
/// Signing for a registered letter with mobile EDS: the accept statement is sent to the phone; once signed there, the
/// signature goes through the ordinary <see cref="DecideLetter"/> (statement, signature, chain, owner).
/// </summary>
internal sealed class MobileHandover(MobileSigning mobile, PendingMobileSignings pending, DecideLetter decide, IOptions<LettersOptions> options, TimeProvider time)
{
    public async Task<MobileStartResponse> StartAsync(StoredLetter letter, Guid partyId, MobileStartRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var phone = MobileSigning.Phone(request.Phone);
        await mobile.CheckLimitsAsync(context, phone, partyId, cancellationToken);
        if (letter.Kind != LetterKinds.Registered || letter.Status != LetterStatus.Consigned)
        {
            throw new NpesException(NpesErrors.AlreadyDecided, $"Letter {letter.S10} is {letter.Kind} and {letter.Status.ToWire()}: there is nothing to sign.");
        }

        var statement = decide.Statement(letter, HandoverStatement.Accept);
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.StatementLifetime;
        return await mobile.StartAsync(
            phone,
            Convert.FromBase64String(statement.ToBeSigned),
            code => $"Получение заказного письма {letter.S10}, код {code} / Sign for registered letter {letter.S10}, code {code}",
            (serviceId, code, secretHash) => new PendingMobileSigning(PendingMobileSigning.Handover, serviceId, phone, secretHash, code, null, partyId, letter.Id, statement.ToBeSigned, now, expiresAt),
            cancellationToken);
    }

    /// <summary>Null while the phone has not answered; the decision once signed. Another caller's or letter's request is unknown.</summary>
    public async Task<DecisionResponse?> PollAsync(StoredLetter letter, Mailbox mailbox, Guid partyId, MobilePollRequest request, CancellationToken cancellationToken)
    {
        var signing = await pending.FindAsync(request.RequestId, request.PollSecret, cancellationToken);
        if (signing.Purpose != PendingMobileSigning.Handover || signing.PartyId != partyId || signing.LetterId != letter.Id)
        {
            throw new NpesException(NpesErrors.MobileRequestUnknown, "No mobile signing request with this id is pending for this letter.");
        }

        var result = await mobile.PollAsync(request.RequestId!, signing, cancellationToken);
        return result is null
            ? null
            : await decide.HandleAsync(
                letter,
                mailbox,
                HandoverStatement.Accept,
                new DecisionRequest(signing.Statement!, Convert.ToBase64String(result.Signature!), Convert.ToBase64String(result.Certificate!), null),
                cancellationToken);
    }
}
