using Dapper;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Letters.Mailboxes;
using Npes.Server.Auth;
using Npes.Testing;
using Npgsql;

namespace Npes.Server.Tests;

/// <summary>The directory change log written by the triggers of migration 0009, and its reader.</summary>
public sealed class MailboxDirectoryLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ConfirmAsync_Address_OneAddedChangeAtTheNewVersion()
    {
        await using var db = await Db.CreateAsync();
        var (mailbox, addressId) = await db.RegisterAsync("Иванов Иван Иванович", "220030, г. Минск, ул. Немига, д. 3, кв. 7");
        var before = await db.Mailboxes.DirectoryVersionAsync(CancellationToken.None);

        await db.Mailboxes.ConfirmWithoutCodeAsync(addressId, Now, CancellationToken.None);
        var changes = await db.Log.ChangesAsync(before, 100, CancellationToken.None);

        var change = Assert.Single(changes);
        Assert.Equal((before + 1, DirectoryChangeKind.Added, addressId), (change.Version, change.Kind, change.AddressId));
        Assert.Equal(new DirectoryAddress(addressId, mailbox, PartyKind.Person, "Иванов Иван Иванович", "220030, г. Минск, ул. Немига, д. 3, кв. 7", null), change.Entry);
        Assert.Equal(before + 1, await db.Mailboxes.DirectoryVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Confirm_RolledBack_NoChangeAndNoNewVersion()
    {
        await using var db = await Db.CreateAsync();
        var (_, addressId) = await db.RegisterAsync("Иванов Иван Иванович", "г. Минск, ул. Немига, 3-7");

        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("update mailbox_addresses set confirmed = true where id = @addressId", new { addressId }, transaction);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await db.Log.ChangesAsync(0, 100, CancellationToken.None));
        Assert.Equal(0, await db.Mailboxes.DirectoryVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UpsertAsync_OwnerRenamed_ReplacesEntriesOfConfirmedAddressesOnly()
    {
        await using var db = await Db.CreateAsync();
        var owner = await db.Parties.UpsertAsync(PartyKind.Organisation, "ООО «Ромашка»", null, "100693551", Now, CancellationToken.None);
        var mailbox = await db.Mailboxes.CreateAsync(owner.Id, [PostalAddressText.Parse("г. Минск, ул. Сурганова, 57Б, оф. 12"), PostalAddressText.Parse("г. Брест, ул. Ленина, 5")], Now, CancellationToken.None);
        await db.Mailboxes.ConfirmWithoutCodeAsync(mailbox!.Addresses[0].Id, Now, CancellationToken.None);

        await db.Parties.UpsertAsync(PartyKind.Organisation, "ООО «Ромашка»", null, "100693551", Now, CancellationToken.None);
        var afterSameName = await db.Mailboxes.DirectoryVersionAsync(CancellationToken.None);
        await db.Parties.UpsertAsync(PartyKind.Organisation, "ООО «Ромашка-Сервис»", null, "100693551", Now, CancellationToken.None);
        var changes = await db.Log.ChangesAsync(afterSameName, 100, CancellationToken.None);

        Assert.Equal(1, afterSameName);
        var change = Assert.Single(changes);
        Assert.Equal((DirectoryChangeKind.Added, mailbox.Addresses[0].Id, "ООО «Ромашка-Сервис»", "100693551"), (change.Kind, change.AddressId, change.Entry!.Name, change.Entry.Unp));
    }

    [Fact]
    public async Task Delete_MailboxWithConfirmedAddress_Removed()
    {
        await using var db = await Db.CreateAsync();
        var (mailbox, addressId) = await db.RegisterAsync("Иванов Иван Иванович", "г. Минск, ул. Немига, 3-7");
        await db.Mailboxes.ConfirmWithoutCodeAsync(addressId, Now, CancellationToken.None);

        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("delete from mailboxes where id = @mailbox", new { mailbox });
        }

        var changes = await db.Log.ChangesAsync(1, 100, CancellationToken.None);
        Assert.Equal((2L, DirectoryChangeKind.Removed, addressId, (DirectoryAddress?)null), (changes[0].Version, changes[0].Kind, changes[0].AddressId, changes[0].Entry));
    }

    [Fact]
    public async Task Confirm_ManyAtOnce_VersionsWithoutGapsInCommitOrder()
    {
        await using var db = await Db.CreateAsync();
        var addresses = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            addresses.Add((await db.RegisterAsync($"Житель {i} Иван", $"г. Минск, ул. Немига, 3-{i + 1}")).AddressId);
        }

        await Task.WhenAll(addresses.Select(id => db.Mailboxes.ConfirmWithoutCodeAsync(id, Now, CancellationToken.None)));
        var changes = await db.Log.ChangesAsync(0, 100, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), changes.Select(c => c.Version));
        Assert.Equal(addresses.Order(), changes.Select(c => c.AddressId).Order());
    }

    [Fact]
    public async Task ReadSnapshotAsync_ConfirmedAddresses_WithTheirVersion()
    {
        await using var db = await Db.CreateAsync();
        var (_, confirmed) = await db.RegisterAsync("Иванов Иван Иванович", "г. Минск, ул. Немига, 3-7");
        await db.RegisterAsync("Петров Пётр Петрович", "г. Минск, ул. Немига, 3-8");
        await db.Mailboxes.ConfirmWithoutCodeAsync(confirmed, Now, CancellationToken.None);
        var read = new List<DirectoryAddress>();

        var version = await db.Log.ReadSnapshotAsync(read.Add, CancellationToken.None);

        Assert.Equal(1, version);
        Assert.Equal([confirmed], read.Select(a => a.AddressId));
    }

    [Fact]
    public async Task WatchAsync_Confirmation_Notified()
    {
        await using var db = await Db.CreateAsync();
        var (_, addressId) = await db.RegisterAsync("Иванов Иван Иванович", "г. Минск, ул. Немига, 3-7");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var checks = 0;
        var notified = new TaskCompletionSource();
        var watching = db.Log.WatchAsync(
            async ct =>
            {
                if (Interlocked.Increment(ref checks) > 1 && await db.Mailboxes.DirectoryVersionAsync(ct) > 0)
                {
                    notified.TrySetResult();
                }
            },
            TimeSpan.FromHours(1),
            stop.Token);
        while (Volatile.Read(ref checks) == 0)
        {
            await Task.Delay(10);
        }

        await db.Mailboxes.ConfirmWithoutCodeAsync(addressId, Now, CancellationToken.None);
        await notified.Task.WaitAsync(stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    private sealed class Db : IAsyncDisposable
    {
        private Db(NpgsqlDataSource dataSource)
        {
            DataSource = dataSource;
            Parties = new PartyStore(dataSource);
            Mailboxes = new MailboxStore(dataSource, Parties);
            Log = new MailboxDirectoryLog(dataSource);
        }

        public NpgsqlDataSource DataSource { get; }

        public PartyStore Parties { get; }

        public MailboxStore Mailboxes { get; }

        public MailboxDirectoryLog Log { get; }

        public static async Task<Db> CreateAsync() => new(NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync()));

        public async Task<(Guid Mailbox, Guid AddressId)> RegisterAsync(string name, string address)
        {
            var owner = await Parties.UpsertAsync(PartyKind.Person, name, "3" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant(), null, Now, CancellationToken.None);
            var mailbox = await Mailboxes.CreateAsync(owner.Id, [PostalAddressText.Parse(address)], Now, CancellationToken.None);
            return (mailbox!.Id, mailbox.Addresses[0].Id);
        }

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();
    }
}
