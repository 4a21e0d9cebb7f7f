namespace Npes.Core.Mailboxes;

/// <summary>Persistence of mailboxes and their addresses.</summary>
public interface IMailboxStore
{
    /// <summary>Creates the party's mailbox; returns null when the party already has one.</summary>
    Task<Mailbox?> CreateAsync(Guid ownerPartyId, IReadOnlyList<PostalAddressText> addresses, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Mailbox?> FindByOwnerAsync(Guid ownerPartyId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the paper letter that carries an address's confirmation code, and the code's hash. The count of wrong
    /// codes is kept: a new code does not reset it.
    /// </summary>
    Task AttachConfirmationAsync(Guid addressId, byte[] codeSha256, Guid letterId, CancellationToken cancellationToken);

    /// <summary>
    /// Confirms the owner's address when <paramref name="isCode"/> accepts the stored code hash; counts wrong codes in
    /// a window of <paramref name="attemptWindow"/> from the first, refuses after <paramref name="maxAttempts"/> of
    /// them until the window has passed. Bumps the directory version on success.
    /// </summary>
    Task<AddressConfirmation> ConfirmAsync(
        Guid ownerPartyId, Guid addressId, Func<byte[], bool> isCode, int maxAttempts, TimeSpan attemptWindow, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks an address confirmed without a code (demo seeding and migrations of trusted data only).</summary>
    Task ConfirmWithoutCodeAsync(Guid addressId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The directory version: the number of the last row of the directory's change log (<see cref="IMailboxDirectoryLog"/>),
    /// which moves whenever a confirmed address or its owner changes.
    /// </summary>
    Task<long> DirectoryVersionAsync(CancellationToken cancellationToken);
}

/// <summary>The outcome of entering an address confirmation code.</summary>
public enum AddressConfirmation
{
    Confirmed = 0,
    AlreadyConfirmed,
    WrongCode,
    TooManyAttempts,
    NotFound,
}
