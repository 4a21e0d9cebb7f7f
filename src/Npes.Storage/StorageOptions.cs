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

    /// <summary>Apply pending migrations at start. Unset: yes for the private cluster, no for a configured server.</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>Document master keys by id (base64 of 32 bytes). Keep old ids while letters wrapped by them exist.</summary>
    public IDictionary<string, string> MasterKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The master key that wraps new letters' keys; may be omitted when only one key is configured.</summary>
    public string? ActiveMasterKey { get; set; }

    /// <remarks>Keys are checked for form here; without any, the private development cluster makes its own.</remarks>
    public IEnumerable<string> Validate()
    {
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
