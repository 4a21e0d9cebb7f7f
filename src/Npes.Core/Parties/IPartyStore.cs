namespace Npes.Core.Parties;

/// <summary>Persistence of parties.</summary>
public interface IPartyStore
{
    /// <summary>Creates the party or refreshes its display name; returns the stored party.</summary>
    Task<Party> UpsertAsync(PartyIdentity identity, string displayName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>As <see cref="UpsertAsync(PartyIdentity, string, DateTimeOffset, CancellationToken)"/> for a party named by a national identifier under the national policy.</summary>
    Task<Party> UpsertAsync(PartyKind kind, string displayName, string? personalNumber, string? unp, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Party?> FindAsync(Guid id, CancellationToken cancellationToken);
}
