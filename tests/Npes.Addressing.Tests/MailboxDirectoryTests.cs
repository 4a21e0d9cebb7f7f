using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Names;
using Npes.Core.Addressing;

namespace Npes.Addressing.Tests;

public sealed class MailboxDirectoryTests
{
    private static readonly RecipientQuery Ivanov = new("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4, кв. 12", null);

    [Fact]
    public void Add_NewEntry_ResolvedAtOnce()
    {
        using var directory = MailboxDirectory.Build(Array.Empty<DirectoryEntry>());
        var resolver = new RecipientResolver(directory);
        var mailbox = Guid.NewGuid();
        var before = resolver.Resolve(Ivanov);

        var rejected = directory.Add(Guid.NewGuid(), new MailboxEntry(mailbox, MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null));

        Assert.Null(rejected);
        Assert.Equal(ResolutionOutcome.NoMailbox, before.Outcome);
        Assert.Equal(mailbox, resolver.Resolve(Ivanov).MailboxId);
        Assert.Equal(1, directory.Count);
    }

    [Fact]
    public void Remove_Entry_NoLongerResolved()
    {
        var entryId = Guid.NewGuid();
        using var directory = MailboxDirectory.Build([new DirectoryEntry(entryId, new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null))]);
        var resolver = new RecipientResolver(directory);

        Assert.True(directory.Remove(entryId));

        Assert.Null(resolver.Resolve(Ivanov).MailboxId);
        Assert.False(directory.Remove(entryId));
        Assert.Equal(0, directory.Count);
    }

    [Fact]
    public void Add_SameEntryIdAgain_ReplacesTheAddress()
    {
        var entryId = Guid.NewGuid();
        var mailbox = Guid.NewGuid();
        using var directory = MailboxDirectory.Build([new DirectoryEntry(entryId, new MailboxEntry(mailbox, MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null))]);
        var resolver = new RecipientResolver(directory);

        directory.Add(entryId, new MailboxEntry(mailbox, MailboxKind.Person, "Иванов Иван Иванович", "224030, г. Брест, ул. Ленина, д. 5", null));

        Assert.Null(resolver.Resolve(Ivanov).MailboxId);
        Assert.Equal(mailbox, resolver.Resolve(new RecipientQuery("Иванов Иван Иванович", "г. Брест, ул. Ленина, 5", null)).MailboxId);
        Assert.Equal(1, directory.Count);
    }

    [Fact]
    public void Add_UnusableAddress_RejectedAndEarlierEntryOfThatIdGone()
    {
        var entryId = Guid.NewGuid();
        using var directory = MailboxDirectory.Build([new DirectoryEntry(entryId, new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null))]);

        var rejected = directory.Add(entryId, new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Иванов Иван Иванович", "г. Минск, пр-т Независимости", null));

        Assert.Contains("house", rejected!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, directory.Count);
    }

    [Fact]
    public void Add_CompactHouseWithTwoReadings_Rejected()
    {
        using var directory = MailboxDirectory.Build(Array.Empty<DirectoryEntry>());

        var rejected = directory.Add(Guid.NewGuid(), new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Сокол Ирина Петровна", "г. Минск, ул. Ложинская, 65-1-2", null));

        Assert.Contains("two ways", rejected!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_LastMailboxOfAPostcode_PostcodeNoLongerContradicts()
    {
        // Новоселки of Минский р-н registered 223051; once it leaves, 223051 is no longer another village's postcode.
        var other = Guid.NewGuid();
        using var directory = MailboxDirectory.Build(
        [
            new DirectoryEntry(other, new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Гайдук Степан Иванович", "223051, Минский р-н, д. Новоселки, ул. Центральная, д. 5", null)),
            new DirectoryEntry(Guid.NewGuid(), new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Бондарь Виталий Олегович", "Минский р-н, аг. Ждановичи, ул. Высокая, д. 12", null)),
        ]);
        var resolver = new RecipientResolver(directory);
        var query = new RecipientQuery("Бондарь Виталий Олегович", "223051, аг. Ждановичи, ул. Высокая, 12", null);
        var before = resolver.Resolve(query);

        directory.Remove(other);

        Assert.Equal(ResolutionOutcome.AmbiguousAddress, before.Outcome);
        Assert.Equal(ResolutionOutcome.Matched, resolver.Resolve(query).Outcome);
    }

    [Fact]
    public void AddAndRemove_ManyFlatsOfOneHouse_EachFlatItsOwnMailbox()
    {
        // Past a few occupants a house indexes them by unit; joining and leaving keep that index right.
        using var directory = MailboxDirectory.Build(Array.Empty<DirectoryEntry>());
        var resolver = new RecipientResolver(directory);
        var entries = Enumerable.Range(1, 40).Select(flat => (Flat: flat, Entry: Guid.NewGuid(), Mailbox: Guid.NewGuid())).ToList();
        foreach (var (flat, entry, mailbox) in entries)
        {
            directory.Add(entry, new MailboxEntry(mailbox, MailboxKind.Person, "Иванов Иван Иванович", $"г. Минск, пр-т Независимости, д. 4, кв. {flat}", null));
        }

        foreach (var (_, entry, _) in entries.Where(e => e.Flat % 2 == 0))
        {
            directory.Remove(entry);
        }

        foreach (var (flat, _, mailbox) in entries)
        {
            var resolution = resolver.Resolve(new RecipientQuery("Иванов Иван Иванович", $"г. Минск, пр-т Независимости, д. 4, кв. {flat}", null));
            Assert.Equal(flat % 2 == 0 ? null : mailbox, resolution.MailboxId);
        }

        Assert.Equal(ResolutionOutcome.AmbiguousAddress, resolver.Resolve(new RecipientQuery("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4", null)).Outcome);
        Assert.Equal(20, directory.Count);
    }

    [Fact]
    public async Task AddAndRemove_WhileResolving_EveryAnswerIsTheMailboxOrNone()
    {
        // Writers add and remove entries of other people while readers resolve one recipient over and over: a reader
        // sees each change whole, so its answer is always that recipient's mailbox (present throughout).
        var mailbox = Guid.NewGuid();
        using var directory = MailboxDirectory.Build([new DirectoryEntry(Guid.NewGuid(), new MailboxEntry(mailbox, MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null))]);
        var resolver = new RecipientResolver(directory);
        var writing = 2;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var answers = 0;
            do
            {
                Assert.Equal(mailbox, resolver.Resolve(Ivanov).MailboxId);
                answers++;
            }
            while (Volatile.Read(ref writing) > 0);

            return answers;
        })).ToList();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var id = Guid.NewGuid();
                directory.Add(id, new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Иванов Иван Иванович", $"г. Минск, пр-т Независимости, д. 4, кв. {13 + (i % 500)}", null));
                directory.Add(Guid.NewGuid(), new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Петров Пётр Петрович", $"г. Новоград{(char)('а' + (i % 30))}, ул. Новая, д. {i % 90 + 1}, кв. {i + 1}", null));
                directory.Remove(id);
            }

            Interlocked.Exchange(ref writing, 0);
        });

        await writer;
        var answers = await Task.WhenAll(readers);

        Assert.All(answers, a => Assert.True(a > 0));
        Assert.Equal(2001, directory.Count);
    }
}
