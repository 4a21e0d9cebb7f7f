using Npes.Core.Auth;

namespace Npes.Server.Auth;

/// <summary>Deletes expired challenges and sessions once an hour (they are refused anyway; this keeps tables small).</summary>
internal sealed partial class AuthHousekeeping(IChallengeStore challenges, ISessionStore sessions, TimeProvider time, ILogger<AuthHousekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var cutoff = time.GetUtcNow().AddHours(-1);
                var purged = await challenges.PurgeAsync(cutoff, stoppingToken) + await sessions.PurgeAsync(cutoff, stoppingToken);
                LogPurged(logger, purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} expired challenges and sessions")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired challenges and sessions failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
