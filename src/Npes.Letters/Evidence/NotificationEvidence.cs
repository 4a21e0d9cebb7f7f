using System.Data.Common;
using Npes.Core.Letters;
using Npes.Letters.Store;
using Npgsql;

namespace Npes.Letters.Evidence;

/// <summary>
/// Appends the notices' events (sent, failed) to a letter's chain. They are outside the lifecycle table on purpose:
/// a notice says something was sent to the recipient's contact point, not that the letter was delivered, so the
/// status stays where it is.
/// </summary>
internal sealed class NotificationEvidence(EvidenceLog evidence) : INotificationEvidence
{
    public async Task RecordAsync(DbTransaction transaction, Guid letterId, string type, IReadOnlyDictionary<string, string> details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (type is not (EvidenceTypes.NotificationSent or EvidenceTypes.NotificationFailed))
        {
            throw new ArgumentException($"'{type}' is not a notification event.", nameof(type));
        }

        if (transaction is not NpgsqlTransaction { Connection: { } connection } npgsql)
        {
            throw new ArgumentException("The transaction must be an open PostgreSQL transaction of NPES' database.", nameof(transaction));
        }

        await evidence.AppendAsync(connection, npgsql, letterId, [new EventDraft(type, details)], now, cancellationToken);
    }
}
