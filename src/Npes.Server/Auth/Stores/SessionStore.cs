using Dapper;
using Npes.Core.Auth;
using Npes.Core.Http;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Server.Auth;

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

    public async Task<ActiveSession?> FindActiveWithPartyAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionPartyRow>(new CommandDefinition(
            """
            select s.token_hash as TokenHash, s.party_id as PartyId, s.certificate_thumbprint as Thumbprint, s.roles as Roles,
                s.created_at as CreatedAt, s.expires_at as ExpiresAt,
                p.kind as Kind, p.display_name as DisplayName, p.personal_number as PersonalNumber, p.unp as Unp
            from sessions s join parties p on p.id = s.party_id
            where s.token_hash = @tokenHash and s.expires_at > @now
            """,
            new { tokenHash, now = Time.ToDb(now) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new ActiveSession(
            new Session(r.TokenHash, r.PartyId, r.Thumbprint, r.Roles, Time.FromDb(r.CreatedAt), Time.FromDb(r.ExpiresAt)),
            new PartyStore.PartyRow { Id = r.PartyId, Kind = r.Kind, DisplayName = r.DisplayName, PersonalNumber = r.PersonalNumber, Unp = r.Unp }.ToParty()))
            .SingleOrDefault();
    }

    public async Task<bool> RevokeAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from sessions where token_hash = @tokenHash", new { tokenHash }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from sessions where expires_at < @before", new { before = Time.ToDb(before) }, cancellationToken: cancellationToken));
    }

    private sealed class SessionPartyRow
    {
        public byte[] TokenHash { get; init; } = [];

        public Guid PartyId { get; init; }

        public string Thumbprint { get; init; } = string.Empty;

        public string[] Roles { get; init; } = [];

        public DateTime CreatedAt { get; init; }

        public DateTime ExpiresAt { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string DisplayName { get; init; } = string.Empty;

        public string? PersonalNumber { get; init; }

        public string? Unp { get; init; }
    }
}
