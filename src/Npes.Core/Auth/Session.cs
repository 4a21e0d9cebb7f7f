namespace Npes.Core.Auth;

/// <summary>A logged-in party: the bearer token's hash, never the token itself, is stored.</summary>
public sealed record Session(byte[] TokenHash, Guid PartyId, string CertificateThumbprint, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>Persistence of sessions.</summary>
public interface ISessionStore
{
    Task AddAsync(Session session, CancellationToken cancellationToken);

    /// <summary>The session whose token hashes to <paramref name="tokenHash"/>, if it has not expired at <paramref name="now"/>.</summary>
    Task<Session?> FindActiveAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
