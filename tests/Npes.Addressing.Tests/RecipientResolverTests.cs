using Npes.Addressing.Mailboxes;
using Npes.Addressing.Matching;
using Npes.Addressing.Names;
using Npes.Core.Addressing;

namespace Npes.Addressing.Tests;

public sealed class RecipientResolverTests
{
    private static readonly Guid Ivanov = Guid.NewGuid();
    private static readonly Guid IvanovSon = Guid.NewGuid();
    private static readonly Guid Petrova = Guid.NewGuid();
    private static readonly Guid Bank = Guid.NewGuid();
    private static readonly Guid House5 = Guid.NewGuid();
    private static readonly Guid House5A = Guid.NewGuid();
    private static readonly Guid Korpus1 = Guid.NewGuid();
    private static readonly Guid BrestResident = Guid.NewGuid();

    private static readonly MailboxDirectory Directory = MailboxDirectory.Build(
    [
        new MailboxEntry(Ivanov, MailboxKind.Person, "Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null),
        new MailboxEntry(IvanovSon, MailboxKind.Person, "Иванов Игорь Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12", null),
        new MailboxEntry(Petrova, MailboxKind.Person, "Петрова Анна Сергеевна", "220030, г. Минск, пр-т Независимости, д. 4, кв. 14", null),
        new MailboxEntry(Bank, MailboxKind.Organisation, "ОАО «Белагропромбанк»", "220036, г. Минск, пр-т Жукова, 3", "100693551"),
        new MailboxEntry(House5, MailboxKind.Person, "Кузнецов Андрей Петрович", "г. Минск, ул. Ленина, д. 5", null),
        new MailboxEntry(House5A, MailboxKind.Person, "Кузнецова Ольга Николаевна", "г. Минск, ул. Ленина, д. 5А", null),
        new MailboxEntry(Korpus1, MailboxKind.Person, "Новик Сергей Михайлович", "г. Минск, ул. Сурганова, д. 5, корп. 1, кв. 20", null),
        new MailboxEntry(BrestResident, MailboxKind.Person, "Зайцев Максим Олегович", "224030, г. Брест, ул. Ленина, д. 5", null),
    ]);

    private readonly RecipientResolver _resolver = new(Directory);

    [Theory]
    [InlineData("Иванов Иван Иванович", "220030, г. Минск, пр-т Независимости, д. 4, кв. 12")]
    [InlineData("ivanov ivan", "Minsk, praspiekt Niezaliežnasci 4-12")]
    [InlineData("Іваноў Іван", "г. Мінск, пр-т Незалежнасці, 4, кв. 12")]
    [InlineData("Иван Иванович ИВАНОВ", "пр-т Независимотси 4 кв 12, Минск")]
    [InlineData("Иванову Ивану Ивановичу", "220030, пр-т Независимости 4-12")]
    [InlineData("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4, кв. 12, подъезд 2, этаж 3")]
    [InlineData("IVANOU IVAN", "Republic of Belarus, Minsk, Nezavisimosti ave. 4, apt. 12")]
    [InlineData("Иванов Иван Иванович", "220099, г. Минск, пр-т Независимости, 4-12")]
    public void Resolve_RecipientWrittenAnotherWay_Matched(string name, string address)
    {
        var resolution = _resolver.Resolve(new RecipientQuery(name, address, null));

        Assert.Equal((ResolutionOutcome.Matched, Ivanov), (resolution.Outcome, resolution.MailboxId!.Value));
    }

    [Theory]
    [InlineData("Иванов И.И.", "г. Минск, пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.SeveralCandidates)]
    [InlineData("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4, кв. 13", ResolutionOutcome.NoMailbox)]
    [InlineData("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Сидоров Пётр Петрович", "г. Минск, пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.NameMismatch)]
    [InlineData("Иванов Иван Иванович", "г. Брест, пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.NoMailbox)]
    [InlineData("Иванов Иван Иванович", "г. Минск, ул. Независимости, д. 4, кв. 12", ResolutionOutcome.NoMailbox)]
    [InlineData("Иванов Иван Иванович", "пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Иванов Иван Иванович", "224030, г. Минск, пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Иванов Иван Иванович", "г. Минск, пр-т Независимости, д. 4, подъезд 2", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Иванов Иван Иванович", "230025, г. Минск, пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Иванов Иван Иванович", "230025, Minsk, prasp. Niezalezhnastsi 4-12", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Иванов Иван Иванович", "123456, г. Минск, пр-т Независимости, д. 4, кв. 12", ResolutionOutcome.AmbiguousAddress)]
    [InlineData("Иванов Иван Иванович", "just some words", ResolutionOutcome.Unparseable)]
    [InlineData("Кузнецова Ольга Николаевна", "г. Минск, ул. Ленина, д. 5", ResolutionOutcome.NameMismatch)]
    [InlineData("Кузнецов Андрей Петрович", "г. Минск, ул. Ленина, д. 5Б", ResolutionOutcome.NoMailbox)]
    [InlineData("Новик Сергей Михайлович", "г. Минск, ул. Сурганова, д. 5, корп. 2, кв. 20", ResolutionOutcome.NoMailbox)]
    [InlineData("Новик Сергей Михайлович", "г. Минск, ул. Сурганова, д. 5, кв. 20", ResolutionOutcome.NoMailbox)]
    [InlineData("Зайцев Максим Олегович", "г. Минск, ул. Ленина, д. 5", ResolutionOutcome.NameMismatch)]
    [InlineData("Кузнецова Ольга Николаевна", "Minsk, vul. Lienina 5B", ResolutionOutcome.AmbiguousAddress)]
    public void Resolve_NotCertain_NoMailboxWithReason(string name, string address, ResolutionOutcome outcome)
    {
        var resolution = _resolver.Resolve(new RecipientQuery(name, address, null));

        Assert.Equal(outcome, resolution.Outcome);
        Assert.Null(resolution.MailboxId);
        Assert.False(string.IsNullOrWhiteSpace(resolution.Reason));
    }

    [Theory]
    [InlineData("Кузнецов Андрей Петрович", "г. Минск, ул. Ленина, д. 5", "5")]
    [InlineData("Кузнецова Ольга Николаевна", "г. Минск, ул. Ленина, д. 5а", "5А")]
    public void Resolve_HouseLetter_OnlyThatHouse(string name, string address, string house)
    {
        var resolution = _resolver.Resolve(new RecipientQuery(name, address, null));

        Assert.Equal(house == "5" ? House5 : House5A, resolution.MailboxId);
    }

    [Theory]
    [InlineData("ОАО «Белагропромбанк»", null)]
    [InlineData("Belagroprombank", null)]
    [InlineData("ОАО \"Белагропромбанк\"", null)]
    [InlineData("Белагропромбанк, УНП 100693551", null)]
    [InlineData("ОАО «Белагропромбанк»", "УНП 100 693 551")]
    [InlineData("Белагропромбанк (отделение)", "100693551")]
    public void Resolve_Organisation_Matched(string name, string? unp)
    {
        var resolution = _resolver.Resolve(new RecipientQuery(name, "г. Минск, пр-т Жукова, 3", unp));

        Assert.Equal(Bank, resolution.MailboxId);
    }

    [Theory]
    [InlineData("ОАО «Белагропромбанк»", "100693552", ResolutionOutcome.NameMismatch)]
    [InlineData("Какое-то другое название", "100693551", ResolutionOutcome.NameMismatch)]
    [InlineData("ОАО «Белагропромбанк»", "100325912", ResolutionOutcome.NameMismatch)]
    [InlineData("ОАО «Белагропромбанк»", "10069355", ResolutionOutcome.NameMismatch)]
    [InlineData("ООО «Белагропромбанк»", null, ResolutionOutcome.NameMismatch)]
    [InlineData("Беларусбанк", null, ResolutionOutcome.NameMismatch)]
    public void Resolve_OrganisationOtherUnpOrName_NoMatch(string name, string? unp, ResolutionOutcome outcome)
    {
        var resolution = _resolver.Resolve(new RecipientQuery(name, "г. Минск, пр-т Жукова, 3", unp));

        Assert.Equal(outcome, resolution.Outcome);
    }

    [Fact]
    public async Task ResolveAsync_ThroughThePort_SameDecision()
    {
        var resolution = await ((IRecipientResolver)_resolver).ResolveAsync(new RecipientQuery("Петрова Анна", "Минск, Независимости 4-14", null), CancellationToken.None);

        Assert.Equal(Petrova, resolution.MailboxId);
    }

    [Fact]
    public void Build_AddressWithoutHouse_Rejected()
    {
        using var directory = MailboxDirectory.Build([new MailboxEntry(Guid.NewGuid(), MailboxKind.Person, "Иванов Иван", "г. Минск, ул. Ленина", null)]);

        Assert.Equal(0, directory.Count);
        Assert.Contains("house", Assert.Single(directory.Rejected).Reason, StringComparison.Ordinal);
    }
}
