using Npes.Core.Errors;
using Npes.Contracts;
using Npes.Core.Mailboxes;

namespace Npes.Letters.Mailboxes;

/// <summary>Registers the caller's mailbox; the owner is the logged-in party, never a field of the request.</summary>
internal sealed class RegisterMailbox(IMailboxStore mailboxes, AddressConfirmations confirmations, TimeProvider time)
{
    public const int MaxAddresses = 5;

    public async Task<Mailbox> HandleAsync(Guid callerPartyId, RegisterMailboxRequest request, CancellationToken cancellationToken)
    {
        var raw = request.Addresses ?? [];
        if (raw.Count == 0)
        {
            throw new NpesException(NpesErrors.AddressInvalid, "Give at least one postal address in 'addresses'.");
        }

        if (raw.Count > MaxAddresses)
        {
            throw new NpesException(NpesErrors.AddressesTooMany, $"A mailbox may have at most {MaxAddresses} postal addresses.");
        }

        var addresses = raw.Select(PostalAddressText.Parse).ToList();
        var duplicates = addresses.GroupBy(a => a.Normalized, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.First().Text).ToList();
        if (duplicates.Count > 0)
        {
            throw new NpesException(NpesErrors.AddressInvalid, "The same postal address is given twice: " + duplicates[0]);
        }

        var mailbox = await mailboxes.CreateAsync(callerPartyId, addresses, time.GetUtcNow(), cancellationToken)
            ?? throw new NpesException(NpesErrors.MailboxExists, "You already have a mailbox; GET /api/v1/mailboxes/me shows it.");

        // Each address gets its confirmation code on paper; a failure here leaves the address unconfirmed, and
        // the owner can ask for a new code.
        foreach (var address in mailbox.Addresses)
        {
            await confirmations.SendCodeAsync(mailbox, address, resend: false, cancellationToken);
        }

        return await mailboxes.FindByOwnerAsync(callerPartyId, cancellationToken) ?? mailbox;
    }
}
