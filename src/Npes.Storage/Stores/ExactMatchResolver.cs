using Dapper;
using Npes.Core.Addressing;
using Npes.Core.Mailboxes;
using Npgsql;

namespace Npes.Storage.Stores;

/// <summary>
/// The first resolver: the normalised address text must equal a mailbox address exactly, and the name (or the
/// УНП, which outranks it) must match its owner. It never guesses: anything else is "no match" with a reason.
/// </summary>
internal sealed class ExactMatchResolver(NpgsqlDataSource dataSource) : IRecipientResolver
{
    public async Task<Resolution> ResolveAsync(RecipientQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var address = PostalAddressText.Normalize(query.Address);
        if (address.Length == 0)
        {
            return Resolution.None(ResolutionOutcome.Unparseable, "The address has no letters or digits.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var candidates = (await connection.QueryAsync<(Guid MailboxId, string Name, string Kind, string? Unp)>(new CommandDefinition(
            """
            select distinct m.id, p.display_name, p.kind, p.unp
            from mailbox_addresses a
            join mailboxes m on m.id = a.mailbox_id
            join parties p on p.id = m.party_id
            where a.normalized = @address
            """,
            new { address },
            cancellationToken: cancellationToken))).ToList();
        if (candidates.Count == 0)
        {
            return Resolution.None(ResolutionOutcome.NoMailbox, "No mailbox is registered at this address.");
        }

        if (!string.IsNullOrWhiteSpace(query.Unp))
        {
            var byUnp = candidates.Where(c => c.Unp == query.Unp.Trim()).ToList();
            return byUnp.Count == 1
                ? Resolution.Match(byUnp[0].MailboxId, "The УНП matches the organisation registered at this address.")
                : Resolution.None(ResolutionOutcome.NameMismatch, "No organisation with this УНП has a mailbox at this address.");
        }

        var name = PostalAddressText.Normalize(query.Name);
        var byName = candidates.Where(c => PostalAddressText.Normalize(c.Name) == name).ToList();
        return byName.Count switch
        {
            1 => Resolution.Match(byName[0].MailboxId, "The address and the recipient's name match one mailbox exactly."),
            0 => Resolution.None(ResolutionOutcome.NameMismatch, "A mailbox is registered at this address, but not in the recipient's name."),
            _ => Resolution.None(ResolutionOutcome.SeveralCandidates, "Several mailboxes at this address carry the recipient's name."),
        };
    }
}
