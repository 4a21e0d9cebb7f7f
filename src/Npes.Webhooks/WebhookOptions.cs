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

    /// <summary>Time allowed for one POST.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

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

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            yield return "Npes:Webhooks:Timeout must be between 0 and 1 minute.";
        }
    }
}
