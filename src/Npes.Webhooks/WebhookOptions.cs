namespace Npes.Webhooks;

/// <summary>Configuration section <c>Npes:Webhooks</c>.</summary>
internal sealed class WebhookOptions
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
}
