using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Eds.Cms;
using Npes.Letters.Lifecycle;
using Npes.Letters.Store;
using Npes.Storage.Jobs;

namespace Npes.Letters.Expiry;

/// <summary>
/// Registered letters not signed for within their accept window: AcceptanceRejectionExpiry, an expiry notice
/// for the sender, and — when the sender's policy asks for it — the paper leg (RelayToNonERDS). Works in bounded
/// batches; a letter decided meanwhile is simply skipped, so running twice does no harm. Simple letters whose
/// sender asked to "print if not claimed in N days" and which are still unread after N days go to paper too.
/// </summary>
internal sealed partial class ExpirySweeper(
    ILetterStore letters,
    LetterLifecycle lifecycle,
    IEvidenceSigner signer,
    TimeProvider time,
    ILogger<ExpirySweeper> logger) : IRecurringDuty
{
    private const int BatchSize = 100;

    public const string Id = "letters-expiry";

    public async Task RunAsync(CancellationToken cancellationToken) => LogSwept(logger, await SweepAsync(cancellationToken));

    /// <summary>Expires every due letter and sends unread simple letters on paper as their policy says; returns how many letters it moved.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        while (true)
        {
            var due = await letters.DueForExpiryAsync(time.GetUtcNow(), BatchSize, cancellationToken);
            foreach (var id in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await ExpireAsync(id, cancellationToken))
                {
                    expired++;
                }
            }

            if (due.Count < BatchSize)
            {
                break;
            }
        }

        while (true)
        {
            var unread = await letters.DueForPrintUnreadAsync(time.GetUtcNow(), BatchSize, cancellationToken);
            foreach (var id in unread)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await RelayUnreadAsync(id, cancellationToken))
                {
                    expired++;
                }
            }

            if (unread.Count < BatchSize)
            {
                return expired;
            }
        }
    }

    private async Task<bool> RelayUnreadAsync(Guid id, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is not { Status: LetterStatus.Consigned, Kind: LetterKinds.Simple, ReadAt: null, PrintIfNotClaimedDays: { } days })
        {
            return false;
        }

        var relay = new Dictionary<string, string>
        {
            ["outcome"] = "not_claimed",
            ["reason"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The recipient did not open the letter within {days} days; the sender's policy sends it on paper."),
        };
        return await lifecycle.TryApplyAsync(
            LetterAction.RelayUnclaimed,
            new LetterActionItem(letter.Id, [relay], PaperReason: "not opened within the sender's print-if-not-claimed days"),
            CanonicalJson.Truncate(time.GetUtcNow()),
            cancellationToken);
    }

    private async Task<bool> ExpireAsync(Guid id, CancellationToken cancellationToken)
    {
        var letter = await letters.FindAsync(id, cancellationToken);
        if (letter is null || letter.Status != LetterStatus.Consigned)
        {
            return false;
        }

        var now = CanonicalJson.Truncate(time.GetUtcNow());
        var toPaper = letter.PrintIfNotClaimedDays is not null;
        var notice = CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "npes-expiry-notice");
            w.WriteNumber("version", 1);
            w.WriteString("letterId", letter.Id.ToString("D"));
            w.WriteString("s10", letter.S10);
            w.WriteString("manifestSha256", CanonicalJson.Hex(letter.ManifestSha256));
            w.WriteString("acceptDeadline", CanonicalJson.Time(letter.AcceptDeadline!.Value));
            w.WriteBoolean("relayedToPaper", toPaper);
            w.WriteString("recordedAt", CanonicalJson.Time(now));
            w.WriteEndObject();
        });
        var receipt = await signer.SignAsync(notice, detached: false, cancellationToken);
        var expiry = new Dictionary<string, string> { ["acceptDeadline"] = CanonicalJson.Time(letter.AcceptDeadline!.Value) };
        var item = toPaper
            ? new LetterActionItem(
                letter.Id,
                [expiry, new Dictionary<string, string>
                {
                    ["outcome"] = "not_claimed",
                    ["reason"] = "The recipient did not sign for the letter in time; the sender's policy sends it on paper.",
                }],
                receipt,
                "not claimed within the accept window")
            : new LetterActionItem(letter.Id, [expiry], receipt);
        return await lifecycle.TryApplyAsync(toPaper ? LetterAction.ExpireToPaper : LetterAction.Expire, item, now, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expiry sweep moved {Count} letters")]
    private static partial void LogSwept(ILogger logger, int count);
}
