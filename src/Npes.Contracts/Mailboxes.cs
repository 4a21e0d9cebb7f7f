namespace Npes.Contracts;

/// <summary>Registers the caller's mailbox at one or more postal addresses.</summary>
/// <param name="Addresses">Postal addresses as written on an envelope (1 to 5, each at most 500 characters).</param>
public sealed record RegisterMailboxRequest(IReadOnlyList<string>? Addresses);

/// <summary>A postal address of a mailbox.</summary>
/// <param name="Id">Address id.</param>
/// <param name="Text">As entered.</param>
/// <param name="Normalized">Normalised form used for matching.</param>
/// <param name="Confirmed">Whether the owner has confirmed it with the code sent on paper; letters reach the mailbox only then.</param>
/// <param name="ConfirmationLetterId">The paper letter carrying the latest confirmation code.</param>
public sealed record MailboxAddressDto(Guid Id, string Text, string Normalized, bool Confirmed, Guid? ConfirmationLetterId);

/// <summary>The code from the paper letter.</summary>
public sealed record ConfirmAddressRequest(string? Code);

/// <summary>An e-mailbox and its owner.</summary>
public sealed record MailboxDto(Guid Id, PartyDto Owner, IReadOnlyList<MailboxAddressDto> Addresses, DateTimeOffset CreatedAt);
