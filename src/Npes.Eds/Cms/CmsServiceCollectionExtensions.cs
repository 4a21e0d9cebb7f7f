using Npes.Core.Options;
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
        services.AddValidatedOptions<OperatorOptions>(configuration, OperatorOptions.Section);
        services.AddValidatedOptions<TsaOptions>(configuration, TsaOptions.Section);
        services.AddValidatedOptions<EvidenceOptions>(configuration, EvidenceOptions.Section);
        services.TryAddSingleton(sp =>
        {
            // A host that signs evidence always counts its own signing certificate as the operator's, and it must carry the policy.
            X509Certificate2? own = null;
            if (!string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<OperatorOptions>>().Value.SigningKey))
            {
                own = sp.GetRequiredService<IEvidenceSigner>().Certificate;
            }

            var identity = OperatorIdentity.Load(sp.GetRequiredService<IOptions<EvidenceOptions>>().Value, Directory.GetCurrentDirectory(), own);
            if (own is not null && !identity.HasPolicy(own))
            {
                throw new InvalidOperationException(
                    $"Npes:Operator:SigningKey: the operator certificate '{own.Subject}' lacks the operator certificate policy {identity.PolicyOid} ({EvidenceOptions.Section}:OperatorPolicyOid); every verifier would refuse the evidence it signs.");
            }

            return identity;
        });
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

            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            switch (options.KeyType)
            {
                case ServiceKeyType.X509:
                    var key = LoadKey(options.Key, options.KeyPassword, "Npes:Tsa:Key", out _);
                    return new BuiltInTimestampAuthority(key, options.PolicyOid, time);
                case ServiceKeyType.Bign:
                    return LoadBignTsa(options, BignProvider(sp, "Npes:Tsa:KeyType"), time);
                default:
                    throw new InvalidOperationException($"Npes:Tsa:KeyType '{options.KeyType}' is neither X509 nor Bign.");
            }
        });
        services.TryAddSingleton<IEvidenceSigner>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OperatorOptions>>().Value;
            var tsa = sp.GetRequiredService<ITimestampAuthority>();
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            switch (options.KeyType)
            {
                case ServiceKeyType.X509:
                    var key = LoadKey(options.SigningKey, options.SigningKeyPassword, "Npes:Operator:SigningKey", out var chain);
                    return new EvidenceSigner(key, chain, tsa, time);
                case ServiceKeyType.Bign:
                    return LoadBignSigner(options, BignProvider(sp, "Npes:Operator:KeyType"), tsa, time);
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
        var key = new BignKeySettings("Npes:Operator:SigningKey", options.SigningKey, options.SigningKeyPassword, "Npes:Operator:SigningCertificate", options.SigningCertificate, "operator");
        var certificates = ReadBignCertificates(key);
        ImportBignKey(key, certificates[0], provider);
        return new BignEvidenceSigner(certificates[0], [.. certificates.Skip(1)], provider, tsa, time);
    }

    /// <summary>
    /// The built-in bign TSA: its certificate (and chain) from <see cref="TsaOptions.Certificate"/>, which must be for
    /// time-stamping only, its key from the container <see cref="TsaOptions.Key"/>, imported into the bign provider and
    /// kept there.
    /// </summary>
    internal static BignTimestampAuthority LoadBignTsa(TsaOptions options, BignEdsProvider provider, TimeProvider time)
    {
        var key = new BignKeySettings("Npes:Tsa:Key", options.Key, options.KeyPassword, "Npes:Tsa:Certificate", options.Certificate, "TSA");
        var certificates = ReadBignCertificates(key);
        if (!TimestampTokens.HasTimeStampingUsage(certificates[0]))
        {
            throw new InvalidOperationException(
                $"{key.CertificateSetting}: the TSA certificate {certificates[0].Subject} in {key.CertificatePath} must have {TimestampTokens.TimeStampingRule}.");
        }

        ImportBignKey(key, certificates[0], provider);
        return new BignTimestampAuthority(certificates[0], [.. certificates.Skip(1)], provider, options.PolicyOid, time);
    }

    private static BignEdsProvider BignProvider(IServiceProvider services, string keyTypeSetting) =>
        services.GetService<BignEdsProvider>()
        ?? throw new InvalidOperationException($"{keyTypeSetting} is Bign but the bign EDS provider is not registered (AddEds).");

    /// <summary>The holder's certificates from its PEM file: its own first, then its CA certificates.</summary>
    private static IReadOnlyList<X509Certificate2> ReadBignCertificates(BignKeySettings key)
    {
        if (string.IsNullOrWhiteSpace(key.KeyPath))
        {
            throw new InvalidOperationException($"{key.KeySetting} is not configured: with KeyType Bign, name the bign key container (PEM ENCRYPTED PRIVATE KEY) of the {key.Holder} key, and {key.KeySetting}Password.");
        }

        if (string.IsNullOrEmpty(key.Password))
        {
            throw new InvalidOperationException($"{key.KeySetting}Password is not configured: a bign key container is always password-protected.");
        }

        if (string.IsNullOrWhiteSpace(key.CertificatePath))
        {
            throw new InvalidOperationException($"{key.CertificateSetting} is not configured: with KeyType Bign, name the PEM file of the {key.Holder}'s bign certificate, followed by its CA certificates.");
        }

        try
        {
            return TrustMaterial.ReadCertificates(key.CertificatePath);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{key.CertificateSetting}: {e.Message}", e);
        }
    }

    /// <summary>Imports the key container into the bign provider for <paramref name="certificate"/>; the container bytes are wiped.</summary>
    private static void ImportBignKey(BignKeySettings key, X509Certificate2 certificate, BignEdsProvider provider)
    {
        byte[] container;
        try
        {
            var file = new FileInfo(key.KeyPath!);
            if (!file.Exists || file.Length > BignKeyContainer.MaxContainerBytes)
            {
                throw new InvalidOperationException($"{key.KeySetting}: {key.KeyPath} {(file.Exists ? $"is larger than {BignKeyContainer.MaxContainerBytes} bytes; that is not a bign key container" : "does not exist")}.");
            }

            container = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key.KeySetting}: cannot read {key.KeyPath}: {e.Message}", e);
        }

        try
        {
            provider.ImportKey(certificate, container, key.Password);
        }
        catch (Exception e) when (e is EdsException or ArgumentException)
        {
            throw new InvalidOperationException($"{key.KeySetting}: {key.KeyPath} cannot be used with {key.CertificatePath}: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(container);
        }
    }

    /// <summary>Where a bign service key is configured: the key container, its password and the certificate file, with their setting names.</summary>
    private sealed record BignKeySettings(string KeySetting, string? KeyPath, string? Password, string CertificateSetting, string? CertificatePath, string Holder)
    {
        /// <summary>Never the password.</summary>
        public override string ToString() => $"{KeySetting} = {KeyPath}, {CertificateSetting} = {CertificatePath}";
    }
}
