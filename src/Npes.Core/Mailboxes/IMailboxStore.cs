namespace Npes.Core.Mailboxes;

/// <summary>Persistence of mailboxes and their addresses.</summary>
public interface IMailboxStore
{
    /// <summary>Creates the party's mailbox; returns null when the party already has one.</summary>
    Task<Mailbox?> CreateAsync(Guid ownerPartyId, IReadOnlyList<PostalAddressText> addresses, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Mailbox?> FindByOwnerAsync(Guid ownerPartyId, CancellationToken cancellationToken);
}
