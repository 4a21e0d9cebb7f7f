using Npes.Core.Auth;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Letters.Mailboxes;
using Npes.Server.Auth;
using Npes.Testing;
using Npgsql;

namespace Npes.Server.Tests;

public sealed class StoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ConsumeAsync_SecondUse_ReturnsFalse()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var store = new ChallengeStore(dataSource);
        var challenge = new LoginChallenge(Guid.NewGuid(), "http://localhost", [1, 2, 3], "ab", Now, Now.AddMinutes(2), null);
        await store.AddAsync(challenge, CancellationToken.None);

        var first = await store.ConsumeAsync(challenge.Id, Now.AddSeconds(5), CancellationToken.None);
        var second = await store.ConsumeAsync(challenge.Id, Now.AddSeconds(6), CancellationToken.None);
        var stored = await store.FindAsync(challenge.Id, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(Now.AddSeconds(5), stored!.UsedAt);
        Assert.Equal(challenge.ToBeSigned, stored.ToBeSigned);
    }

    [Fact]
    public async Task UpsertAsync_SamePersonTwice_KeepsOnePartyWithNewestName()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var store = new PartyStore(dataSource);

        var first = await store.UpsertAsync(PartyKind.Person, "Иванов Иван", "3140582A001PB1", null, Now, CancellationToken.None);
        var second = await store.UpsertAsync(PartyKind.Person, "Иванов Иван Иванович", "3140582A001PB1", null, Now, CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("Иванов Иван Иванович", (await store.FindAsync(first.Id, CancellationToken.None))!.DisplayName);
    }

    [Fact]
    public async Task CreateAsync_SecondMailboxForSameOwner_ReturnsNullAndKeepsFirst()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var parties = new PartyStore(dataSource);
        var store = new MailboxStore(dataSource, parties);
        var owner = await parties.UpsertAsync(PartyKind.Organisation, "ОАО «Белтелеком»", null, "100289066", Now, CancellationToken.None);

        var created = await store.CreateAsync(owner.Id, [PostalAddressText.Parse("г. Минск, ул. Энгельса, 6"), PostalAddressText.Parse("220030 Минск")], Now, CancellationToken.None);
        var again = await store.CreateAsync(owner.Id, [PostalAddressText.Parse("elsewhere 1")], Now, CancellationToken.None);
        var found = await store.FindByOwnerAsync(owner.Id, CancellationToken.None);

        Assert.NotNull(created);
        Assert.Null(again);
        Assert.Equal(["г. Минск, ул. Энгельса, 6", "220030 Минск"], found!.Addresses.Select(a => a.Text));
        Assert.Equal("г минск ул энгельса 6", found.Addresses[0].Normalized);
        Assert.All(found.Addresses, a => Assert.False(a.Confirmed));
    }

    [Fact]
    public async Task FindActiveAsync_ExpiredSession_ReturnsNull()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var parties = new PartyStore(dataSource);
        var store = new SessionStore(dataSource);
        var owner = await parties.UpsertAsync(PartyKind.Person, "Петрова Анна", "4250793B002PB3", null, Now, CancellationToken.None);
        var session = new Session([9, 9, 9], owner.Id, "thumb", ["citizen"], Now, Now.AddMinutes(15));
        await store.AddAsync(session, CancellationToken.None);

        var active = await store.FindActiveAsync([9, 9, 9], Now.AddMinutes(14), CancellationToken.None);
        var expired = await store.FindActiveAsync([9, 9, 9], Now.AddMinutes(16), CancellationToken.None);

        Assert.Equal(["citizen"], active!.Roles);
        Assert.Null(expired);
    }
}
