using Microsoft.Extensions.Options;
using Npes.Core.Mailboxes;

namespace Npes.Server.Addressing;

/// <summary>
/// Keeps this server's recipient directory current: loads it at start, then applies the directory's change log as soon
/// as PostgreSQL notifies a change (LISTEN npes_mailbox_directory), and at least every poll interval
/// (<c>Npes:Addressing:DirectoryPollInterval</c>, one second by default) in case a notification is lost. This is no
/// durable work: if the server stops, nothing is owed; resolutions catch up by themselves before they answer.
/// </summary>
internal sealed partial class MailboxDirectoryWatcher(
    DirectoryRecipientResolver resolver, IMailboxDirectoryLog log, IOptions<AddressApiOptions> options, ILogger<MailboxDirectoryWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _poll = options.Value.DirectoryPollInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await log.WatchAsync(resolver.RefreshAsync, _poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away or the connection broke: resolutions catch up by themselves meanwhile.
                LogWatchFailed(logger, e, RetryDelay);
                try
                {
                    await Task.Delay(RetryDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching the recipient directory failed; trying again in {Delay}")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, TimeSpan delay);
}
