using Npes.Core.Options;
using Npes.Storage.Jobs;

namespace Npes.Webhooks;

/// <summary>Configuration section <c>Npes:Webhooks</c>.</summary>
internal sealed class WebhookOptions : IValidatedOptions
{
    public const string Section = "Npes:Webhooks";

    /// <summary>Refuse http:// endpoints.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Allow endpoints on loopback and private networks (tests, on-premises receivers).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts before a delivery is given up (it stays visible with its last error).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Time allowed for one POST, connection included: short, so a slow endpoint costs only its own turn.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Subscribers served at the same time (each by one worker: one delivery at a time per subscriber).</summary>
    public int MaxParallelSubscribers { get; set; } = 16;

    /// <summary>Consecutive failed attempts after which a subscriber is disabled (about 15 hours with the backoff).</summary>
    public int DisableAfterFailures { get; set; } = 20;

    public IEnumerable<string> Validate()
    {
        if (MaxAttempts is < 1 or > 100)
        {
            yield return "Npes:Webhooks:MaxAttempts must be between 1 and 100.";
        }

        if (Every.Cron(PollInterval) is null)
        {
            yield return "Npes:Webhooks:PollInterval must divide a minute, an hour or a day (e.g. 00:00:02).";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
        {
            yield return "Npes:Webhooks:Timeout must be between 0 and 30 seconds.";
        }

        if (MaxParallelSubscribers is < 1 or > 256)
        {
            yield return "Npes:Webhooks:MaxParallelSubscribers must be between 1 and 256.";
        }

        if (DisableAfterFailures is < 1 or > 1000)
        {
            yield return "Npes:Webhooks:DisableAfterFailures must be between 1 and 1000.";
        }
    }
}
