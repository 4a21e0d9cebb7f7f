using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Core.Letters;
using Npes.Core.Time;
using Npes.Notifications.Contacts;
using Npes.Notifications.Content;
using Npes.Notifications.Sending;
using Npes.Storage.Jobs;

namespace Npes.Notifications.Outbox;

/// <summary>
/// Sends due notices (a recurring duty on the job server): outside the quiet hours of the operator's time zone, only
/// while the letter still waits unopened in the mailbox and the contact point is confirmed and takes notices.
/// A failed attempt is retried with backoff; a refusal for good, or the last attempt, ends the notice as failed.
/// Each notice that ends sent or failed is recorded in the letter's evidence (NotificationSent, NotificationFailed)
/// in the same transaction as its row.
/// </summary>
internal sealed partial class NoticeDispatcher(
    NoticeStore store,
    NoticeSender sender,
    NoticeTemplates templates,
    INotificationEvidence evidence,
    OperatorCalendar calendar,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<NoticeDispatcher> logger) : IRecurringDuty
{
    public const string Id = "notifications-dispatch";
    private const int BatchSize = 50;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken) => await DispatchDueAsync(cancellationToken);

    /// <summary>Sends everything due now (none in the quiet hours); returns how many notices were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (!IsQuiet(time.GetUtcNow()))
        {
            var now = time.GetUtcNow();
            var batch = await store.ClaimDueAsync(now, now + Lease, BatchSize, cancellationToken);
            foreach (var notice in batch)
            {
                if (await HandleAsync(notice, cancellationToken))
                {
                    sent++;
                }
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        return sent;
    }

    /// <summary>Whether <paramref name="instant"/> falls in the quiet hours, local to the operator.</summary>
    public bool IsQuiet(DateTimeOffset instant)
    {
        var settings = options.Value;
        var local = TimeOnly.FromTimeSpan(calendar.Local(instant).TimeOfDay);
        return settings.QuietFrom != settings.QuietUntil && local.IsBetween(settings.QuietFrom, settings.QuietUntil);
    }

    /// <summary>Delay before attempt n+1: 1, 5, 15 min, 1 h, then every 3 h.</summary>
    public static TimeSpan Backoff(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(5),
        3 => TimeSpan.FromMinutes(15),
        4 => TimeSpan.FromHours(1),
        _ => TimeSpan.FromHours(3),
    };

    private async Task<bool> HandleAsync(DueNotice notice, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (notice.LetterStatus != LetterStatuses.Consigned || notice.LetterRead)
        {
            await store.CancelAsync(notice.Id, "the letter was opened, decided or left the mailbox", now, cancellationToken);
            return false;
        }

        if (!notice.ContactActive || notice.Channel is null || notice.Address is null || notice.Language is null)
        {
            await store.CancelAsync(notice.Id, "the contact point was removed or takes no notices", now, cancellationToken);
            return false;
        }

        if (!sender.Supports(notice.Channel))
        {
            await store.CancelAsync(notice.Id, $"no {notice.Channel} notices are configured", now, cancellationToken);
            return false;
        }

        var registered = notice.LetterKind == LetterKinds.Registered;
        var settings = options.Value;
        var showSender = (registered ? settings.SenderNameRegistered : settings.SenderNameSimple) == SenderNamePolicy.Shown;
        var content = templates.Letter(
            notice.Language,
            notice.Kind,
            registered,
            notice.S10,
            notice.AcceptDeadline is { } deadline ? calendar.Local(deadline) : null,
            showSender ? notice.SenderName : null);
        var result = await sender.SendAsync(
            notice.Channel,
            new OutgoingMessage(notice.Address, notice.Language, content.Subject, content.Text, content.Html, content.Sms, notice.Id),
            cancellationToken);

        var finalFailure = result.Outcome == SendOutcome.Permanent
            || (result.Outcome == SendOutcome.Transient && notice.Attempts >= settings.MaxAttempts);
        if (result.Outcome == SendOutcome.Transient && !finalFailure)
        {
            var next = time.GetUtcNow() + Backoff(notice.Attempts);
            await store.RetryLaterAsync(notice.Id, next, result.Error!, cancellationToken);
            LogRetry(logger, notice.Id, notice.Attempts, result.Error!, next);
            return false;
        }

        var masked = ContactPoints.Mask(notice.Channel, notice.Address);
        var finishedAt = time.GetUtcNow();
        var details = new Dictionary<string, string>
        {
            ["channel"] = notice.Channel,
            ["destination"] = masked,
            ["notice"] = notice.Kind,
            ["attempts"] = notice.Attempts.ToString(CultureInfo.InvariantCulture),
            ["note"] = "a notice to the recipient's contact point; not a delivery of the letter",
        };
        if (finalFailure)
        {
            details["reason"] = result.Error!;
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await NoticeStore.FinishAsync(connection, transaction, notice.Id, finalFailure ? "failed" : "sent", notice.Channel, masked, result.MessageId, result.Error, finishedAt, cancellationToken);
        await evidence.RecordAsync(transaction, notice.LetterId, finalFailure ? EvidenceTypes.NotificationFailed : EvidenceTypes.NotificationSent, details, finishedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (finalFailure)
        {
            LogFailed(logger, notice.Id, notice.S10, notice.Channel, result.Error!);
        }

        return !finalFailure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {Id} attempt {Attempt} failed ({Error}); next attempt at {Next}")]
    private static partial void LogRetry(ILogger logger, Guid id, int attempt, string error, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {Id} of letter {S10} by {Channel} failed for good: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid id, string s10, string channel, string error);
}
