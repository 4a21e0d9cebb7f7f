using Dapper;
using Npes.Core.Auth;
using Npgsql;

namespace Npes.Storage.Stores;

internal sealed class SessionStore(NpgsqlDataSource dataSource) : ISessionStore
{
    public async Task AddAsync(Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into sessions (token_hash, party_id, certificate_thumbprint, roles, created_at, expires_at)
            values (@TokenHash, @PartyId, @CertificateThumbprint, @Roles, @CreatedAt, @ExpiresAt)
            """,
            new
            {
                session.TokenHash,
                session.PartyId,
                session.CertificateThumbprint,
                Roles = session.Roles.ToArray(),
                CreatedAt = Time.ToDb(session.CreatedAt),
                ExpiresAt = Time.ToDb(session.ExpiresAt),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<Session?> FindActiveAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(byte[] TokenHash, Guid PartyId, string Thumbprint, string[] Roles, DateTime CreatedAt, DateTime ExpiresAt)>(new CommandDefinition(
            """
            select token_hash, party_id, certificate_thumbprint, roles, created_at, expires_at
            from sessions where token_hash = @tokenHash and expires_at > @now
            """,
            new { tokenHash, now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new Session(r.TokenHash, r.PartyId, r.Thumbprint, r.Roles, Time.FromDb(r.CreatedAt), Time.FromDb(r.ExpiresAt))).SingleOrDefault();
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from sessions where expires_at < @before", new { before = Time.ToDb(before) }, cancellationToken: cancellationToken));
    }
}
