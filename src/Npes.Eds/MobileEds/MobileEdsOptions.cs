namespace Npes.Eds.MobileEds;

/// <summary>Configuration section <c>Npes:MobileEds</c>.</summary>
public sealed class MobileEdsOptions : Npes.Core.Options.IValidatedOptions
{
    public const string Section = "Npes:MobileEds";

    /// <summary>Base URL of the mobile signing service (the simulator's protocol, docs/mobile-eds.md); unset disables mobile EDS.</summary>
    public Uri? Url { get; set; }

    /// <summary>Timeout of one HTTP call to the service (not of the holder's answer, which is polled).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted from the service.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    public IEnumerable<string> Validate()
    {
        if (Url is not null && (!Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https")))
        {
            yield return "Npes:MobileEds:Url must be an absolute http or https URL.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            yield return "Npes:MobileEds:Timeout must be between 0 and 1 minute.";
        }

        if (MaxResponseBytes is < 1024 or > 1024 * 1024)
        {
            yield return "Npes:MobileEds:MaxResponseBytes must be between 1 KiB and 1 MiB.";
        }
    }
}
