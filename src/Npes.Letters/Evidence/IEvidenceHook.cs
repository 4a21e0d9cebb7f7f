using Npes.Core.Evidence;
using Npgsql;

namespace Npes.Letters.Evidence;

/// <summary>An event being appended, with the facts of its letter that listeners need.</summary>
/// <param name="Record">The signed record.</param>
/// <param name="Hash">SHA-256 of the record's canonical bytes.</param>
/// <param name="SenderPartyId">The letter's sender.</param>
/// <param name="S10">The letter's S10 id.</param>
public sealed record AppendedEvent(EvidenceRecord Record, byte[] Hash, Guid SenderPartyId, string S10);

/// <summary>
/// Work that must start whenever evidence is written — a webhook delivery, a notice to the recipient — added to the
/// very batch, and so the very transaction, that appends the events (an outbox: the row that starts background work is
/// committed with the business change or not at all). Implementations add commands only; they never query or commit.
/// </summary>
public interface IEvidenceHook
{
    void AddCommands(NpgsqlBatch batch, IReadOnlyList<AppendedEvent> events);
}
