using Dapper;
using Npes.Core.Parties;
using Npes.Storage.Sql;
using Npgsql;

namespace Npes.Server.Auth;

internal sealed class PartyStore(NpgsqlDataSource dataSource) : IPartyStore
{
    public Task<Party> UpsertAsync(PartyKind kind, string displayName, string? personalNumber, string? unp, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(PartyIdentity.National(kind, personalNumber, unp), displayName, now, cancellationToken);

    public async Task<Party> UpsertAsync(PartyIdentity identity, string displayName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var kind = identity.Kind;
        var personalNumber = kind == PartyKind.Person && identity.IdentifierKind == IdentifierKinds.BelarusPersonalNumber ? identity.Identifier : null;
        var unp = kind == PartyKind.Organisation && identity.IdentifierKind == IdentifierKinds.BelarusUnp ? identity.Identifier : null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<PartyRow>(new CommandDefinition(
            """
            insert into parties (id, kind, identity_key, display_name, personal_number, unp, created_at, updated_at)
            values (@Id, @Kind, @IdentityKey, @DisplayName, @PersonalNumber, @Unp, @Now, @Now)
            on conflict (identity_key) do update set display_name = excluded.display_name, updated_at = excluded.updated_at
            returning id, kind, display_name as DisplayName, personal_number as PersonalNumber, unp
            """,
            new
            {
                Id = Guid.CreateVersion7(now),
                Kind = KindToDb(kind),
                IdentityKey = identity.Key,
                DisplayName = displayName,
                PersonalNumber = personalNumber,
                Unp = unp,
                Now = Time.ToDb(now),
            },
            cancellationToken: cancellationToken));
        return row.ToParty();
    }

    public async Task<Party?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PartyRow>(new CommandDefinition(
            "select id, kind, display_name as DisplayName, personal_number as PersonalNumber, unp from parties where id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToParty();
    }

    internal static string KindToDb(PartyKind kind) => kind switch
    {
        PartyKind.Person => "person",
        PartyKind.Organisation => "organisation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown party kind."),
    };

    internal sealed class PartyRow
    {
        public Guid Id { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string DisplayName { get; init; } = string.Empty;

        public string? PersonalNumber { get; init; }

        public string? Unp { get; init; }

        public Party ToParty() => new(
            Id,
            Kind == "person" ? PartyKind.Person : PartyKind.Organisation,
            DisplayName,
            PersonalNumber,
            Unp);
    }
}
