using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npes.Eds.BignEds;
using Npes.Eds.Trust;

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
            var tsa = sp.GetRequiredService<ITimestampAuthority>();
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            switch (options.KeyType)
            {
                case OperatorKeyType.X509:
                    var key = LoadKey(options.SigningKey, options.SigningKeyPassword, "Npes:Operator:SigningKey", out var chain);
                    return new EvidenceSigner(key, chain, tsa, time);
                case OperatorKeyType.Bign:
                    var provider = sp.GetService<BignEdsProvider>()
                        ?? throw new InvalidOperationException("Npes:Operator:KeyType is Bign but the bign EDS provider is not registered (AddEds).");
                    return LoadBignSigner(options, provider, tsa, time);
                default:
                    throw new InvalidOperationException($"Npes:Operator:KeyType '{options.KeyType}' is neither X509 nor Bign.");
            }
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

    /// <summary>
    /// The bign operator signer: its certificate (and chain) from <see cref="OperatorOptions.SigningCertificate"/>, its key
    /// from the container <see cref="OperatorOptions.SigningKey"/>, imported into the bign provider and kept there.
    /// </summary>
    internal static BignEvidenceSigner LoadBignSigner(OperatorOptions options, BignEdsProvider provider, ITimestampAuthority tsa, TimeProvider time)
    {
        const string KeySetting = "Npes:Operator:SigningKey";
        const string CertificateSetting = "Npes:Operator:SigningCertificate";
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException($"{KeySetting} is not configured: with KeyType Bign, name the bign key container (PEM ENCRYPTED PRIVATE KEY) of the operator key, and {KeySetting}Password.");
        }

        if (string.IsNullOrEmpty(options.SigningKeyPassword))
        {
            throw new InvalidOperationException($"{KeySetting}Password is not configured: a bign key container is always password-protected.");
        }

        if (string.IsNullOrWhiteSpace(options.SigningCertificate))
        {
            throw new InvalidOperationException($"{CertificateSetting} is not configured: with KeyType Bign, name the PEM file of the operator's bign certificate, followed by its CA certificates.");
        }

        IReadOnlyList<X509Certificate2> certificates;
        try
        {
            certificates = TrustMaterial.ReadCertificates(options.SigningCertificate);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{CertificateSetting}: {e.Message}", e);
        }

        var certificate = certificates[0];
        byte[] container;
        try
        {
            var file = new FileInfo(options.SigningKey);
            if (!file.Exists || file.Length > BignKeyContainer.MaxContainerBytes)
            {
                throw new InvalidOperationException($"{KeySetting}: {options.SigningKey} {(file.Exists ? $"is larger than {BignKeyContainer.MaxContainerBytes} bytes; that is not a bign key container" : "does not exist")}.");
            }

            container = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{KeySetting}: cannot read {options.SigningKey}: {e.Message}", e);
        }

        try
        {
            provider.ImportKey(certificate, container, options.SigningKeyPassword);
        }
        catch (Exception e) when (e is EdsException or ArgumentException)
        {
            throw new InvalidOperationException($"{KeySetting}: {options.SigningKey} cannot be used with {options.SigningCertificate}: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(container);
        }

        return new BignEvidenceSigner(certificate, [.. certificates.Skip(1)], provider, tsa, time);
    }
}
