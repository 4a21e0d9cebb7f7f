using System.Data.Common;

namespace Npes.Core.Letters;

/// <summary>
/// The seam through which the notifications feature records that a notice of a letter was sent (or finally failed):
/// an evidence event appended to the letter's chain inside the caller's transaction, through the letters feature's
/// evidence log. A notice is not a delivery: the letter's status is never changed.
/// </summary>
public interface INotificationEvidence
{
    /// <summary>
    /// Appends <see cref="EvidenceTypes.NotificationSent"/> or <see cref="EvidenceTypes.NotificationFailed"/> with
    /// <paramref name="details"/> (channel, masked destination, notice kind) to the letter's chain.
    /// </summary>
    Task RecordAsync(DbTransaction transaction, Guid letterId, string type, IReadOnlyDictionary<string, string> details, DateTimeOffset now, CancellationToken cancellationToken);
}
