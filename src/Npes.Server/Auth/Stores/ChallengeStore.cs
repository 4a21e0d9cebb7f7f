using Dapper;
using Npes.Core.Auth;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Server.Auth;

internal sealed class ChallengeStore(NpgsqlDataSource dataSource) : IChallengeStore
{
    public async Task AddAsync(LoginChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into auth_challenges (id, origin, nonce, certificate_thumbprint, created_at, expires_at)
            values (@Id, @Origin, @Nonce, @CertificateThumbprint, @CreatedAt, @ExpiresAt)
            """,
            new { challenge.Id, challenge.Origin, challenge.Nonce, challenge.CertificateThumbprint, CreatedAt = Time.ToDb(challenge.CreatedAt), ExpiresAt = Time.ToDb(challenge.ExpiresAt) },
            cancellationToken: cancellationToken));
    }

    public async Task<LoginChallenge?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string Origin, byte[] Nonce, string Thumbprint, DateTime CreatedAt, DateTime ExpiresAt, DateTime? UsedAt)>(new CommandDefinition(
            "select id, origin, nonce, certificate_thumbprint, created_at, expires_at, used_at from auth_challenges where id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return rows.Select(r => new LoginChallenge(r.Id, r.Origin, r.Nonce, r.Thumbprint, Time.FromDb(r.CreatedAt), Time.FromDb(r.ExpiresAt), Time.FromDb(r.UsedAt))).SingleOrDefault();
    }

    public async Task<bool> ConsumeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update auth_challenges set used_at = @now where id = @id and used_at is null",
            new { id, now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from auth_challenges where expires_at < @before", new { before = Time.ToDb(before) }, cancellationToken: cancellationToken));
    }
}
