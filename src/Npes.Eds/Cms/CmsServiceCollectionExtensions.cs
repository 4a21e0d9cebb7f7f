using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Npes.Eds.Cms;

internal static class CmsServiceCollectionExtensions
{
    /// <summary>
    /// The CMS verifier, and — resolved only by hosts that sign — the operator's evidence signer and the TSA.
    /// A host that resolves the signer without configuring a key gets a message naming the settings.
    /// </summary>
    public static IServiceCollection AddCms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.Section));
        services.AddOptions<TsaOptions>().Bind(configuration.GetSection(TsaOptions.Section));
        services.TryAddSingleton<CmsVerifier>();
        services.TryAddSingleton<Bundles.BundleVerifier>();
        services.TryAddSingleton<Bundles.EvidenceLogVerifier>();
        services.TryAddSingleton<ITimestampAuthority>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TsaOptions>>().Value;
            if (options.Url is not null)
            {
                return new HttpTimestampAuthority(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, options.Url);
            }

            var key = LoadKey(options.Key, options.KeyPassword, "Npes:Tsa:Key", out _);
            return new BuiltInTimestampAuthority(key, options.PolicyOid, sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        services.TryAddSingleton<IEvidenceSigner>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OperatorOptions>>().Value;
            var key = LoadKey(options.SigningKey, options.SigningKeyPassword, "Npes:Operator:SigningKey", out var chain);
            return new EvidenceSigner(key, chain, sp.GetRequiredService<ITimestampAuthority>(), sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return services;
    }

    /// <summary>Loads the one certificate with a private key from a PKCS#12 file, and the CA certificates beside it.</summary>
    internal static X509Certificate2 LoadKey(string? path, string? password, string setting, out X509Certificate2Collection chain)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException($"{setting} is not configured: name the PKCS#12 file of the key (and {setting}Password).");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: cannot open {path} (missing file, wrong password, or not PKCS#12).", e);
        }

        var keys = all.Where(c => c.HasPrivateKey).ToList();
        if (keys.Count != 1)
        {
            throw new InvalidOperationException($"{setting}: {path} must hold exactly one private key; it holds {keys.Count}.");
        }

        chain = [.. all.Where(c => !c.HasPrivateKey)];
        return keys[0];
    }
}
