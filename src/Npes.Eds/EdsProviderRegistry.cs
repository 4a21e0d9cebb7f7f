using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Npes.Eds;

/// <summary>The registered providers, narrowed to <see cref="EdsOptions.Providers"/> when that list is not empty.</summary>
internal sealed class EdsProviderRegistry : IEdsProviderRegistry
{
    public EdsProviderRegistry(IEnumerable<IEdsProvider> providers, IOptions<EdsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);

        var registered = providers.ToList();
        var enabled = options.Value.Providers;
        if (enabled.Count == 0)
        {
            Providers = registered;
            return;
        }

        var known = registered.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = enabled.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{EdsOptions.Section}:Providers names unknown EDS provider(s) '{string.Join("', '", unknown)}'; "
                + $"registered: '{string.Join("', '", known)}'.");
        }

        Providers = registered.Where(p => enabled.Contains(p.Id, StringComparer.Ordinal)).ToList();
    }

    public IReadOnlyList<IEdsProvider> Providers { get; }

    public IEdsProvider? Find(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Providers.FirstOrDefault(p => p.Supports(certificate));
    }
}
