using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npes.Core.Addressing;
using Npes.Core.Errors;
using Npes.Core.Mailboxes;
using Npes.Letters.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Npes.Letters.Mailboxes;

/// <summary>
/// A mailbox address counts only once its owner proves they receive paper mail there: NPES sends an 8-digit code
/// on paper, through its own paper leg, to that address; entering it confirms the address. Until then letters to
/// the address go on paper. Only the code's hash is stored. Each code costs a printed letter, so new codes are
/// limited per address and per mailbox in a period (<see cref="ConfirmationCodeOptions"/>), and wrong codes are
/// counted in a window that a new code does not reset.
/// </summary>
internal sealed partial class AddressConfirmations(
    IMailboxStore mailboxes, SubmitLetter letters, ConfirmationCodeLog codes, IOptions<ConfirmationCodeOptions> options, TimeProvider time, ILogger<AddressConfirmations> logger)
{
    private const string Subject = "Код подтверждения адреса электронного почтового ящика";

    /// <summary>
    /// Sends a fresh code on paper to the address (replacing any earlier code). A <paramref name="resend"/> counts
    /// against the limits and is refused with <see cref="NpesErrors.ConfirmationResendLimit"/> — nothing printed —
    /// once they are reached; <see cref="ResendLimitException.RetryAt"/> says when the next is possible.
    /// </summary>
    public async Task<Guid> SendCodeAsync(Mailbox mailbox, MailboxAddress address, bool resend, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var reservation = await codes.ReserveAsync(mailbox.Id, address.Id, resend, time.GetUtcNow(), limits, cancellationToken);
        if (reservation.Id is not { } reservationId)
        {
            LogResendRefused(logger, mailbox.Id, address.Id, reservation.AddressResends, reservation.MailboxResends);
            throw new ResendLimitException(
                string.Create(CultureInfo.InvariantCulture, $"{reservation.Refusal}; the next is possible after {reservation.RetryAt:yyyy-MM-dd'T'HH:mm:ss'Z'}."),
                reservation.RetryAt!.Value);
        }

        var purpose = resend
            ? string.Create(CultureInfo.InvariantCulture, $"Address confirmation code, resend {reservation.AddressResends} of {limits.MaxResendsPerAddress} for this address and {reservation.MailboxResends} of {limits.MaxResendsPerMailbox} for its mailbox in {limits.ResendPeriod.TotalDays:0.##} days; it goes on paper to that address only.")
            : "Address confirmation code for a new mailbox address; it goes on paper to that address only.";
        Guid letterId;
        try
        {
            letterId = await SendLetterAsync(mailbox, address, purpose, cancellationToken);
        }
        catch
        {
            await codes.ReleaseAsync(reservationId, CancellationToken.None);
            throw;
        }

        await codes.AttachLetterAsync(reservationId, letterId, cancellationToken);
        LogCodeSent(logger, mailbox.Id, address.Id, letterId, resend, reservation.AddressResends, reservation.MailboxResends);
        return letterId;
    }

    private async Task<Guid> SendLetterAsync(Mailbox mailbox, MailboxAddress address, string purpose, CancellationToken cancellationToken)
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
            purpose,
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
        var limits = options.Value;
        var outcome = await mailboxes.ConfirmAsync(
            ownerPartyId, addressId, stored => CryptographicOperations.FixedTimeEquals(stored, expected), limits.MaxAttempts, limits.AttemptWindow, time.GetUtcNow(), cancellationToken);
        switch (outcome)
        {
            case AddressConfirmation.Confirmed or AddressConfirmation.AlreadyConfirmed:
                return;
            case AddressConfirmation.WrongCode:
                throw new NpesException(NpesErrors.ConfirmationCodeWrong, "The code is not the one sent on paper to this address.");
            case AddressConfirmation.TooManyAttempts:
                throw new NpesException(NpesErrors.ConfirmationLocked, string.Create(
                    CultureInfo.InvariantCulture, $"{limits.MaxAttempts} wrong codes within {limits.AttemptWindow.TotalHours:0.##} hours of the first: try again after that window (a new code does not lift the lock)."));
            case AddressConfirmation.NotFound:
                throw new NpesException(NpesErrors.AddressNotFound, "Your mailbox has no such address waiting for confirmation.");
            default:
                throw new ArgumentOutOfRangeException(nameof(code), outcome, "Unknown confirmation outcome.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Confirmation code for address {AddressId} of mailbox {MailboxId} sent in letter {LetterId} (resend: {Resend}; resends in the period: {AddressResends} for the address, {MailboxResends} for the mailbox)")]
    private static partial void LogCodeSent(ILogger logger, Guid mailboxId, Guid addressId, Guid letterId, bool resend, int addressResends, int mailboxResends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "New confirmation code for address {AddressId} of mailbox {MailboxId} refused: resend limit ({AddressResends} for the address, {MailboxResends} for the mailbox in the period)")]
    private static partial void LogResendRefused(ILogger logger, Guid mailboxId, Guid addressId, int addressResends, int mailboxResends);

    private static byte[] Hash(Guid addressId, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(addressId.ToString("D") + ":" + code));
}

/// <summary>A new code was refused by the resend limits; nothing was printed.</summary>
internal sealed class ResendLimitException(string detail, DateTimeOffset retryAt) : Exception(detail)
{
    public DateTimeOffset RetryAt { get; } = retryAt;
}
