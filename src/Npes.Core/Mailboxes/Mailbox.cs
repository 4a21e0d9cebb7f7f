using Npes.Core.Parties;

namespace Npes.Core.Mailboxes;

/// <summary>An e-mailbox: the digital twin of the postbox at its owner's postal addresses.</summary>
public sealed record Mailbox(Guid Id, Party Owner, IReadOnlyList<MailboxAddress> Addresses, DateTimeOffset CreatedAt);

/// <summary>
/// One postal address of a mailbox, as its owner entered it and in normalised form. An address is
/// unconfirmed until its owner proves it with the code sent on paper to that address.
/// </summary>
public sealed record MailboxAddress(Guid Id, string Text, string Normalized, bool Confirmed, DateTimeOffset CreatedAt, Guid? ConfirmationLetterId = null);
