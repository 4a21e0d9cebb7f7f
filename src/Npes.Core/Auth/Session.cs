namespace Npes.Core.Auth;

/// <summary>A logged-in party: the bearer token's hash, never the token itself, is stored.</summary>
public sealed record Session(byte[] TokenHash, Guid PartyId, string CertificateThumbprint, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>An active session together with the party it belongs to, as one lookup returns them.</summary>
public sealed record ActiveSession(Session Session, Npes.Core.Parties.Party Party);

/// <summary>Persistence of sessions.</summary>
public interface ISessionStore
{
    Task AddAsync(Session session, CancellationToken cancellationToken);

    /// <summary>The session whose token hashes to <paramref name="tokenHash"/>, if it has not expired at <paramref name="now"/>.</summary>
    Task<Session?> FindActiveAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>As <see cref="FindActiveAsync"/>, with the session's party, in one round trip (every API request asks this).</summary>
    Task<ActiveSession?> FindActiveWithPartyAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends the session now (logout); false when it was already gone.</summary>
    Task<bool> RevokeAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
