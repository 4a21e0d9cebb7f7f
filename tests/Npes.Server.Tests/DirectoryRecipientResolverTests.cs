using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Core.Addressing;
using Npes.Core.Mailboxes;
using Npes.Core.Parties;
using Npes.Server.Addressing;

namespace Npes.Server.Tests;

public sealed class DirectoryRecipientResolverTests
{
    private static readonly RecipientQuery Ivan = new(Letters.CitizenName, Letters.CitizenAddress, null);

    [Fact]
    public async Task Resolve_NewAddressConfirmed_UsesItOnceRebuilt()
    {
        var store = new DirectoryStore();
        var resolver = new DirectoryRecipientResolver(store, NullLogger<DirectoryRecipientResolver>.Instance);
        var before = await resolver.ResolveAsync(Ivan, CancellationToken.None);

        var mailbox = store.Confirm(Letters.CitizenName, Letters.CitizenAddress);
        var after = await resolver.ResolveAsync(Ivan, CancellationToken.None);

        Assert.Equal(ResolutionOutcome.NoMailbox, before.Outcome);
        Assert.Equal(mailbox, after.MailboxId);
    }

    [Fact]
    public async Task Resolve_RebuildSlowerThanTheWait_AnswersFromPreviousDirectoryThenCatchesUp()
    {
        var store = new DirectoryStore();
        var resolver = new DirectoryRecipientResolver(store, NullLogger<DirectoryRecipientResolver>.Instance);
        await resolver.ResolveAsync(Ivan, CancellationToken.None);
        var mailbox = store.Confirm(Letters.CitizenName, Letters.CitizenAddress);
        store.Hold = new TaskCompletionSource();

        var clock = Stopwatch.StartNew();
        var stale = await resolver.ResolveAsync(Ivan, CancellationToken.None);
        var waited = clock.Elapsed;
        store.Hold.SetResult();
        await Task.Delay(200);
        var fresh = await resolver.ResolveAsync(Ivan, CancellationToken.None);

        // Stale can only mean paper, never a wrong mailbox: addresses only ever join the directory.
        Assert.Equal(ResolutionOutcome.NoMailbox, stale.Outcome);
        Assert.InRange(waited, DirectoryRecipientResolver.FreshnessWait - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        Assert.Equal(mailbox, fresh.MailboxId);
    }

    /// <summary>The directory rows and version, as the mailbox store would give them; a rebuild can be held back.</summary>
    private sealed class DirectoryStore : IMailboxStore
    {
        private readonly List<DirectoryRow> _rows = [];
        private long _version;

        public TaskCompletionSource? Hold { get; set; }

        public Guid Confirm(string name, string address)
        {
            var id = Guid.NewGuid();
            lock (_rows)
            {
                _rows.Add(new DirectoryRow(id, PartyKind.Person, name, address, null));
                _version++;
            }

            return id;
        }

        public Task<long> DirectoryVersionAsync(CancellationToken cancellationToken) => Task.FromResult(Interlocked.Read(ref _version));

        public async Task<IReadOnlyList<DirectoryRow>> ConfirmedAddressesAsync(CancellationToken cancellationToken)
        {
            if (Hold is { } hold)
            {
                await hold.Task;
            }

            lock (_rows)
            {
                return _rows.ToList();
            }
        }

        public Task<Mailbox?> CreateAsync(Guid ownerPartyId, IReadOnlyList<PostalAddressText> addresses, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Mailbox?> FindByOwnerAsync(Guid ownerPartyId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AttachConfirmationAsync(Guid addressId, byte[] codeSha256, Guid letterId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AddressConfirmation> ConfirmAsync(Guid ownerPartyId, Guid addressId, Func<byte[], bool> isCode, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ConfirmWithoutCodeAsync(Guid addressId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
