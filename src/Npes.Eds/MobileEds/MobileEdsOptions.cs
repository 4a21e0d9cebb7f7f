namespace Npes.Eds.MobileEds;

/// <summary>Configuration section <c>Npes:MobileEds</c>.</summary>
public sealed class MobileEdsOptions
{
    public const string Section = "Npes:MobileEds";

    /// <summary>Base URL of the mobile signing service (the simulator's protocol, docs/mobile-eds.md); unset disables mobile EDS.</summary>
    public Uri? Url { get; set; }

    /// <summary>Timeout of one HTTP call to the service (not of the holder's answer, which is polled).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted from the service.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;
}
