using System.Globalization;
using System.Text;

namespace Npes.Core.Auth;

/// <summary>
/// A single-use login challenge bound to one certificate. The client signs <see cref="ToBeSigned"/>
/// exactly, with the key of that certificate.
/// </summary>
public sealed record LoginChallenge(Guid Id, byte[] Nonce, string CertificateThumbprint, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt)
{
    /// <summary>
    /// The statement the client signs: readable on a phone screen, and naming the challenge, the nonce,
    /// the certificate and the expiry so that it cannot be used for anything else.
    /// </summary>
    public byte[] ToBeSigned => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"NPES login challenge v1\nchallenge: {Id:D}\nnonce: {Convert.ToBase64String(Nonce)}\ncertificate: {CertificateThumbprint}\nexpires: {ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n"));
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
