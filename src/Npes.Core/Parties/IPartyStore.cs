namespace Npes.Core.Parties;

/// <summary>Persistence of parties.</summary>
public interface IPartyStore
{
    /// <summary>Creates the party or refreshes its display name; returns the stored party.</summary>
    Task<Party> UpsertAsync(PartyKind kind, string displayName, string? personalNumber, string? unp, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Party?> FindAsync(Guid id, CancellationToken cancellationToken);
}
