using Npes.Core.Auth;
using Npes.Storage.Jobs;

namespace Npes.Server.Auth;

/// <summary>Deletes expired challenges, sessions, rate-limit windows and mobile requests, hourly and once per cluster (they are refused anyway; this keeps tables small).</summary>
internal sealed partial class AuthHousekeeping(IChallengeStore challenges, ISessionStore sessions, Hosting.RateLimits limits, MobileEds.PendingMobileSignings mobile, TimeProvider time, ILogger<AuthHousekeeping> logger) : IRecurringDuty
{
    public const string Id = "auth-housekeeping";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddHours(-1);
        var purged = await challenges.PurgeAsync(cutoff, cancellationToken) + await sessions.PurgeAsync(cutoff, cancellationToken)
            + await limits.PurgeAsync(time.GetUtcNow(), cancellationToken) + await mobile.PurgeAsync(cutoff, cancellationToken);
        LogPurged(logger, purged);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} expired challenges, sessions, rate-limit windows and mobile requests")]
    private static partial void LogPurged(ILogger logger, int count);
}
