namespace Npes.Core.Auth;

/// <summary>
/// A single-use login challenge bound to one certificate and to the origin of the server that issued it. The client
/// signs <see cref="ToBeSigned"/> exactly (the canonical <see cref="LoginStatement"/>), with the key of that certificate.
/// </summary>
public sealed record LoginChallenge(Guid Id, string Origin, byte[] Nonce, string CertificateThumbprint, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt)
{
    /// <summary>The statement the client signs: purpose header, origin, challenge, nonce, certificate and expiry.</summary>
    public LoginStatement Statement => new(Origin, Id, Convert.ToBase64String(Nonce), CertificateThumbprint, ExpiresAt);

    /// <summary>The exact bytes the client signs.</summary>
    public byte[] ToBeSigned => Statement.Encode();
}

/// <summary>Persistence of login challenges.</summary>
public interface IChallengeStore
{
    Task AddAsync(LoginChallenge challenge, CancellationToken cancellationToken);

    Task<LoginChallenge?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Marks the challenge used; false when it was already used (a replay).</summary>
    Task<bool> ConsumeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes challenges that expired before <paramref name="before"/>.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
