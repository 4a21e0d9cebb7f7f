using Dapper;
using Npes.Core.Parties;
using Npgsql;

namespace Npes.Letters.Tests;

/// <summary>Parties for letters' tests, written as the host's party store writes them (the store itself belongs to the host).</summary>
internal static class TestParties
{
    public static async Task<Party> OrganisationAsync(NpgsqlDataSource dataSource, string name, string unp)
    {
        var party = new Party(Guid.NewGuid(), PartyKind.Organisation, name, null, unp);
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into parties (id, kind, identity_key, display_name, personal_number, unp, created_at, updated_at)
            values (@Id, 'organisation', @IdentityKey, @DisplayName, null, @Unp, now(), now())
            """,
            new { party.Id, party.IdentityKey, party.DisplayName, party.Unp });
        return party;
    }
}
