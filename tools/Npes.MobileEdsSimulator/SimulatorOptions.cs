namespace Npes.MobileEdsSimulator;

/// <summary>Configuration section <c>Simulator</c>.</summary>
internal sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Folder of the PKCS#12 key files (the sample PKI); relative to the working directory.</summary>
    public string KeyFolder { get; set; } = "certs-sample";

    /// <summary>Password of the key files.</summary>
    public string KeyPassword { get; set; } = "npes-demo";

    /// <summary>A request nobody answered within this time is expired.</summary>
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Registered phones: number → key file and policy.</summary>
    public IDictionary<string, PhoneOptions> Phones { get; } = new Dictionary<string, PhoneOptions>(StringComparer.Ordinal);
}

/// <summary>One phone with mobile EDS.</summary>
internal sealed class PhoneOptions
{
    /// <summary>PKCS#12 file in <see cref="SimulatorOptions.KeyFolder"/>, e.g. <c>citizen-1.p12</c>.</summary>
    public string Certificate { get; set; } = "";

    /// <summary>
    /// What the "holder" does: <c>approve</c> (at once), <c>refuse</c>, <c>timeout</c> (never answers),
    /// <c>approve-after:N</c> (confirms N seconds after the request) or <c>manual</c> (waits for
    /// <c>POST /requests/{id}/confirm|refuse</c>).
    /// </summary>
    public string Policy { get; set; } = "manual";
}
