using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Core.Addressing;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Server.Addressing;
using Npes.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Npes.Server.Tests;

/// <summary>
/// The recipient directory of several servers on one PostgreSQL database: two real hosts are two nodes. A confirmed
/// address reaches both directories through the change log, without a rebuild; an address that leaves reaches no
/// mailbox anywhere from the moment its change commits.
/// </summary>
public sealed class DirectoryRecipientResolverTests(ITestOutputHelper output)
{
    private const string Address = "220030, г. Минск, ул. Интернациональная, д. 10, кв. 5";
    private static readonly RecipientQuery Ivan = new("Иванов Иван Иванович", Address, null);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Confirm_OnOneNode_BothNodesHoldItWithinASecondWithoutResolving()
    {
        await using var nodes = await Nodes.StartAsync();
        await nodes.WaitLoadedAsync();

        // The first change a server applies also compiles its code paths; the second shows the steady state.
        (string Name, string Address)[] recipients = [(Ivan.Name, Address), ("Петрова Анна Сергеевна", "220030, г. Минск, ул. Интернациональная, д. 10, кв. 6")];
        foreach (var (name, address) in recipients)
        {
            var (mailbox, addressId) = await nodes.RegisterAsync(name, address);
            await nodes.MailboxesA.ConfirmWithoutCodeAsync(addressId, DateTimeOffset.UtcNow, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            var version = await nodes.MailboxesA.DirectoryVersionAsync(CancellationToken.None);
            await WaitUntilAsync(() => nodes.A.AppliedVersion >= version && nodes.B.AppliedVersion >= version, TimeSpan.FromSeconds(10));
            var latency = clock.Elapsed;
            output.WriteLine($"confirmation of {name} → both nodes' directories: {latency.TotalMilliseconds:F1} ms");

            Assert.True(latency < Second, $"the nodes held the confirmation after {latency}");
            var query = new RecipientQuery(name, address, null);
            Assert.Equal(mailbox, (await nodes.A.ResolveAsync(query, CancellationToken.None)).MailboxId);
            Assert.Equal(mailbox, (await nodes.B.ResolveAsync(query, CancellationToken.None)).MailboxId);
        }
    }

    [Fact]
    public async Task Resolve_RightAfterConfirmation_AppliesTheChangeItself()
    {
        // The watchers poll rarely and their notifications are not waited for: the resolution catches up by itself.
        await using var nodes = await Nodes.StartAsync(TimeSpan.FromHours(1));
        await nodes.WaitLoadedAsync();
        var (mailbox, addressId) = await nodes.RegisterAsync(Ivan.Name, Address);
        var before = await nodes.B.ResolveAsync(Ivan, CancellationToken.None);

        await nodes.MailboxesA.ConfirmWithoutCodeAsync(addressId, DateTimeOffset.UtcNow, CancellationToken.None);
        var after = await nodes.B.ResolveAsync(Ivan, CancellationToken.None);

        Assert.Equal(ResolutionOutcome.NoMailbox, before.Outcome);
        Assert.Equal(mailbox, after.MailboxId);
    }

    [Fact]
    public async Task Remove_ConfirmedAddress_NoNodeReachesTheMailboxFromTheCommitOn()
    {
        await using var nodes = await Nodes.StartAsync();
        var (mailbox, addressId) = await nodes.RegisterAsync(Ivan.Name, Address);
        await nodes.MailboxesA.ConfirmWithoutCodeAsync(addressId, DateTimeOffset.UtcNow, CancellationToken.None);
        var matched = await nodes.B.ResolveAsync(Ivan, CancellationToken.None);

        await nodes.ExecuteAsync("update mailbox_addresses set confirmed = false where id = @addressId", new { addressId });
        var afterUnconfirm = await nodes.B.ResolveAsync(Ivan, CancellationToken.None);
        await nodes.ExecuteAsync("update mailbox_addresses set confirmed = true where id = @addressId", new { addressId });
        var reconfirmed = await nodes.A.ResolveAsync(Ivan, CancellationToken.None);
        await nodes.ExecuteAsync("delete from mailbox_addresses where id = @addressId", new { addressId });

        Assert.Equal(mailbox, matched.MailboxId);
        Assert.Null(afterUnconfirm.MailboxId);
        Assert.Equal(mailbox, reconfirmed.MailboxId);
        Assert.Null((await nodes.A.ResolveAsync(Ivan, CancellationToken.None)).MailboxId);
        Assert.Null((await nodes.B.ResolveAsync(Ivan, CancellationToken.None)).MailboxId);
    }

    [Fact]
    public async Task Rename_Owner_TheNewNameReachesTheMailboxAndTheOldNoLonger()
    {
        await using var nodes = await Nodes.StartAsync();
        var (mailbox, addressId) = await nodes.RegisterAsync(Ivan.Name, Address);
        await nodes.MailboxesA.ConfirmWithoutCodeAsync(addressId, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(mailbox, (await nodes.B.ResolveAsync(Ivan, CancellationToken.None)).MailboxId);

        await nodes.ExecuteAsync(
            "update parties set display_name = 'Петров Иван Иванович' where id = (select party_id from mailboxes where id = @mailbox)", new { mailbox });

        Assert.Null((await nodes.B.ResolveAsync(Ivan, CancellationToken.None)).MailboxId);
        Assert.Equal(mailbox, (await nodes.B.ResolveAsync(Ivan with { Name = "Петров Иван Иванович" }, CancellationToken.None)).MailboxId);
    }

    [Fact]
    public async Task Start_AddressesConfirmedBefore_InTheDirectoryFromTheSnapshot()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        Guid mailbox;
        await using (var first = await Nodes.StartAsync(connectionString: connectionString))
        {
            (mailbox, var addressId) = await first.RegisterAsync(Ivan.Name, Address);
            await first.MailboxesA.ConfirmWithoutCodeAsync(addressId, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        await using var later = await Nodes.StartAsync(connectionString: connectionString);
        await later.WaitLoadedAsync();

        Assert.Equal(mailbox, (await later.A.ResolveAsync(Ivan, CancellationToken.None)).MailboxId);
    }

    [Fact]
    public async Task Resolve_LogNoLongerHoldsTheNextChange_LoadsAnewAndStaysRight()
    {
        await using var nodes = await Nodes.StartAsync(TimeSpan.FromHours(1));
        await nodes.WaitLoadedAsync();
        var (mailbox, addressId) = await nodes.RegisterAsync(Ivan.Name, Address);
        await nodes.MailboxesA.ConfirmWithoutCodeAsync(addressId, DateTimeOffset.UtcNow, CancellationToken.None);

        // The rows node B has not applied yet are gone (as if pruned): B must start from a snapshot.
        await nodes.ExecuteAsync("delete from mailbox_directory_changes", new { });
        var resolution = await nodes.B.ResolveAsync(Ivan, CancellationToken.None);

        Assert.Equal(mailbox, resolution.MailboxId);
        Assert.Equal(await nodes.MailboxesA.DirectoryVersionAsync(CancellationToken.None), nodes.B.AppliedVersion);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < limit)
        {
            await Task.Delay(2);
        }
    }

    /// <summary>Two server hosts on one database, and the stores of the first.</summary>
    private sealed class Nodes : IAsyncDisposable
    {
        private readonly NpesApp _appA;
        private readonly NpesApp _appB;
        private readonly string _connectionString;

        private Nodes(NpesApp appA, NpesApp appB, string connectionString)
        {
            _appA = appA;
            _appB = appB;
            _connectionString = connectionString;
            A = (DirectoryRecipientResolver)appA.Services.GetRequiredService<IRecipientResolver>();
            B = (DirectoryRecipientResolver)appB.Services.GetRequiredService<IRecipientResolver>();
            MailboxesA = appA.Services.GetRequiredService<IMailboxStore>();
        }

        public DirectoryRecipientResolver A { get; }

        public DirectoryRecipientResolver B { get; }

        public IMailboxStore MailboxesA { get; }

        public static async Task<Nodes> StartAsync(TimeSpan? poll = null, string? connectionString = null)
        {
            connectionString ??= await TestPostgres.CreateDatabaseAsync();
            void Configure(Dictionary<string, string?> settings)
            {
                settings["ConnectionStrings:Npes"] = connectionString;
                if (poll is { } interval)
                {
                    settings["Npes:Addressing:DirectoryPollInterval"] = interval.ToString();
                }
            }

            return new Nodes(await NpesApp.StartAsync(Configure), await NpesApp.StartAsync(Configure), connectionString);
        }

        /// <summary>Waits until both watchers have loaded their directories.</summary>
        public Task WaitLoadedAsync() => WaitUntilAsync(() => A.AppliedVersion >= 0 && B.AppliedVersion >= 0, TimeSpan.FromSeconds(30));

        public async Task<(Guid Mailbox, Guid AddressId)> RegisterAsync(string name, string address)
        {
            var parties = _appA.Services.GetRequiredService<IPartyStore>();
            var owner = await parties.UpsertAsync(PartyKind.Person, name, "3" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant(), null, DateTimeOffset.UtcNow, CancellationToken.None);
            var mailbox = await MailboxesA.CreateAsync(owner.Id, [PostalAddressText.Parse(address)], DateTimeOffset.UtcNow, CancellationToken.None);
            return (mailbox!.Id, mailbox.Addresses[0].Id);
        }

        public async Task ExecuteAsync(string sql, object parameters)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.ExecuteAsync(sql, parameters);
        }

        public async ValueTask DisposeAsync()
        {
            await _appA.DisposeAsync();
            await _appB.DisposeAsync();
        }
    }
}
