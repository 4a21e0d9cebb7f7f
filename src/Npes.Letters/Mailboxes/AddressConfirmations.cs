using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npes.Core.Addressing;
using Npes.Core.Errors;
using Npes.Core.Mailboxes;
using Npes.Letters.Sending;

namespace Npes.Letters.Mailboxes;

/// <summary>
/// A mailbox address counts only once its owner proves they receive paper mail there: NPES sends an 8-digit code
/// on paper, through its own paper leg, to that address; entering it confirms the address. Until then letters to
/// the address go on paper. Only the code's hash is stored; five wrong codes lock the address until a new code.
/// </summary>
internal sealed class AddressConfirmations(IMailboxStore mailboxes, SubmitLetter letters, TimeProvider time)
{
    public const int MaxAttempts = 5;
    private const string Subject = "Код подтверждения адреса электронного почтового ящика";

    /// <summary>Sends a fresh code on paper to the address (replacing any earlier code).</summary>
    public async Task<Guid> SendCodeAsync(Mailbox mailbox, MailboxAddress address, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            {mailbox.Owner.DisplayName}

            Код подтверждения адреса: {code}

            Этот адрес указан для электронного почтового ящика NPES:
            {address.Text}

            Введите код в своём электронном почтовом ящике (или: npes mailbox confirm --address {address.Id:D} --code {code}),
            чтобы письма по этому адресу приходили в ящик. Если вы не регистрировали ящик, ничего не делайте.
            """);
        var sent = await letters.SendOperatorPaperLetterAsync(
            new RecipientQuery(mailbox.Owner.DisplayName, address.Text, mailbox.Owner.Unp),
            Subject,
            "kod-podtverzhdeniya.txt",
            text,
            "Address confirmation code for a new mailbox address; it goes on paper to that address only.",
            cancellationToken);
        await mailboxes.AttachConfirmationAsync(address.Id, Hash(address.Id, code), sent.Id, cancellationToken);
        return sent.Id;
    }

    public async Task ConfirmAsync(Guid ownerPartyId, Guid addressId, string? code, CancellationToken cancellationToken)
    {
        var candidate = code?.Trim() ?? string.Empty;
        if (candidate.Length != 8 || !candidate.All(char.IsAsciiDigit))
        {
            throw new NpesException(NpesErrors.ConfirmationCodeWrong, "The code has 8 digits.");
        }

        var expected = Hash(addressId, candidate);
        var outcome = await mailboxes.ConfirmAsync(ownerPartyId, addressId, stored => CryptographicOperations.FixedTimeEquals(stored, expected), MaxAttempts, time.GetUtcNow(), cancellationToken);
        switch (outcome)
        {
            case AddressConfirmation.Confirmed or AddressConfirmation.AlreadyConfirmed:
                return;
            case AddressConfirmation.WrongCode:
                throw new NpesException(NpesErrors.ConfirmationCodeWrong, "The code is not the one sent on paper to this address.");
            case AddressConfirmation.TooManyAttempts:
                throw new NpesException(NpesErrors.ConfirmationLocked, $"{MaxAttempts} wrong codes: request a new code (POST …/addresses/{{id}}/code).");
            case AddressConfirmation.NotFound:
                throw new NpesException(NpesErrors.AddressNotFound, "Your mailbox has no such address waiting for confirmation.");
            default:
                throw new ArgumentOutOfRangeException(nameof(code), outcome, "Unknown confirmation outcome.");
        }
    }

    private static byte[] Hash(Guid addressId, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(addressId.ToString("D") + ":" + code));
}
