using System.Globalization;
using Microsoft.Extensions.Options;

namespace Npes.Storage.Jobs;

/// <summary>This process's name in the cluster: configured (<c>Npes:Jobs:NodeName</c>), or host, process id and a random part.</summary>
public sealed class NodeIdentity(IOptions<JobsOptions> options)
{
    public string Name { get; } = string.IsNullOrWhiteSpace(options.Value.NodeName)
        ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}")
        : options.Value.NodeName;
}
