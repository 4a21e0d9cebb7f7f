using Npes.Core.Options;

namespace Npes.Storage;

/// <summary>Configuration section <c>Npes:Storage</c>. The connection string itself is <c>ConnectionStrings:Npes</c>.</summary>
public sealed class StorageOptions : IValidatedOptions
{
    public const string Section = "Npes:Storage";

    /// <summary>Folder of the private PostgreSQL cluster used when no connection string is configured.</summary>
    public string? DataRoot { get; set; }

    /// <summary>Folder of initdb and pg_ctl; empty to search PATH and Debian's folders.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>How often the private cluster's postmaster is checked (and restarted when it died).</summary>
    public TimeSpan SuperviseInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Retry-After (seconds) given with 503 npes.unavailable while the database cannot be reached.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 5;

    /// <summary>Apply pending migrations at start. Unset: yes for the private cluster, no for a configured server.</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>Document master keys by id (base64 of 32 bytes). Keep old ids while letters wrapped by them exist.</summary>
    public IDictionary<string, string> MasterKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The master key that wraps new letters' keys; may be omitted when only one key is configured.</summary>
    public string? ActiveMasterKey { get; set; }

    /// <remarks>Keys are checked for form here; without any, the private development cluster makes its own.</remarks>
    public IEnumerable<string> Validate()
    {
        if (SuperviseInterval < TimeSpan.FromMilliseconds(100) || SuperviseInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:SuperviseInterval must be between 00:00:00.1 and 00:01:00.";
        }

        if (UnavailableRetryAfterSeconds is < 1 or > 300)
        {
            yield return $"{Section}:UnavailableRetryAfterSeconds must be between 1 and 300.";
        }

        foreach (var (id, text) in MasterKeys)
        {
            var key = new byte[64];
            if (!Convert.TryFromBase64String(text ?? string.Empty, key, out var length) || length != 32)
            {
                yield return $"{Section}:MasterKeys:{id} must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`).";
            }
        }

        if (ActiveMasterKey is not null && !MasterKeys.ContainsKey(ActiveMasterKey))
        {
            yield return $"{Section}:ActiveMasterKey '{ActiveMasterKey}' is not one of {Section}:MasterKeys.";
        }

        if (ActiveMasterKey is null && MasterKeys.Count > 1)
        {
            yield return $"{Section}:ActiveMasterKey must name the key that wraps new letters' keys when several are configured.";
        }
    }
}
