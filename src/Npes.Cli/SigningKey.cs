using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds;
using Npes.Eds.Cms;
using Npes.Eds.Pkcs11;
using Npes.Eds.Trust;

namespace Npes.Cli;

/// <summary>
/// An EDS key — a PKCS#12 file, a certificate with its password-protected key container (bign), or a key on a PKCS#11
/// token — signing through the EDS provider that handles the certificate; the key never leaves this process, a key
/// imported into a provider's key store never leaves the provider, and a key on a token never leaves the token.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    public const long MaxFileBytes = 1024 * 1024;

    private const string PasswordHint = "give --password or set NPES_P12_PASSWORD";

    private readonly ServiceProvider _services;
    private readonly IEdsProvider _provider;
    private readonly Pkcs11TokenKey? _tokenKey;

    private SigningKey(X509Certificate2 certificate, ServiceProvider services, IEdsProvider provider, Pkcs11TokenKey? tokenKey = null)
    {
        Certificate = certificate;
        _services = services;
        _provider = provider;
        _tokenKey = tokenKey;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate in base64 DER, as the API expects it.</summary>
    public string CertificateBase64 => Convert.ToBase64String(Certificate.RawData);

    /// <summary>Opens a PKCS#12 file holding the key and its certificate.</summary>
    /// <param name="password">The file's password; null for a file without one.</param>
    public static SigningKey Open(FileInfo file, string? password)
    {
        var certificate = LoadPkcs12(file, password);
        var services = CreateServices();
        var provider = services.GetRequiredService<IEdsProviderRegistry>().Find(certificate);
        if (provider is null)
        {
            certificate.Dispose();
            services.Dispose();
            throw new CliException("No EDS provider handles the key in this file.");
        }

        return new SigningKey(certificate, services, provider);
    }

    /// <summary>
    /// Opens a key container (<paramref name="keyFile"/>, e.g. a bign <c>NAME.key</c>) with the certificate it belongs
    /// to (<paramref name="certificateFile"/>, PEM or DER; in PEM the first certificate): the provider that handles the
    /// certificate imports the key into its key store, which signs with it from then on.
    /// </summary>
    public static SigningKey Open(FileInfo keyFile, FileInfo certificateFile, string? password)
    {
        CheckExists(keyFile);
        CheckExists(certificateFile);
        var certificate = LoadCertificate(certificateFile);
        var services = CreateServices();
        try
        {
            var provider = services.GetRequiredService<IEdsProviderRegistry>().Find(certificate)
                ?? throw new CliException($"No EDS provider handles the key of the certificate in {certificateFile.Name}.") { ExitCode = 2 };
            if (provider is not IEdsKeyStore store)
            {
                throw new CliException(
                    $"{certificateFile.Name} is a certificate of the '{provider.Id}' EDS provider, whose keys come in PKCS#12 files: log in with --p12 FILE instead of --key and --certificate.")
                { ExitCode = 2 };
            }

            ImportKey(store, certificate, keyFile, certificateFile, password);
            return new SigningKey(certificate, services, provider);
        }
        catch
        {
            certificate.Dispose();
            services.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the key on a PKCS#11 token that <paramref name="reference"/> names, logging in with <paramref name="pin"/>
    /// (the caller wipes it); a token failure becomes its message and exit code (<see cref="TokenFailures"/>).
    /// </summary>
    public static SigningKey OpenToken(Pkcs11KeyReference reference, ReadOnlySpan<char> pin, Pkcs11Options options)
    {
        var services = CreateServices();
        try
        {
            var key = Pkcs11TokenKey.Open(reference, pin, services.GetRequiredService<IEdsProviderRegistry>(), options);
            return new SigningKey(key.Certificate, services, key, key);
        }
        catch (EdsTokenException e)
        {
            services.Dispose();
            throw TokenFailures.ToCliException(e);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    public byte[] Sign(byte[] data)
    {
        try
        {
            return _provider.Sign(Certificate, data);
        }
        catch (EdsTokenException e)
        {
            throw TokenFailures.ToCliException(e);
        }
    }

    /// <summary>A detached CMS signature over <paramref name="content"/> in the certificate's own algorithms (bign or ECDSA/RSA).</summary>
    public byte[] SignDetachedCms(byte[] content)
    {
        try
        {
            return SignerCms.SignDetached(content, Certificate, _provider, DateTimeOffset.UtcNow);
        }
        catch (EdsTokenException e)
        {
            throw TokenFailures.ToCliException(e);
        }
        catch (EdsException e)
        {
            throw new CliException("Cannot sign: " + e.Message, e);
        }
    }

    public void Dispose()
    {
        _tokenKey?.Dispose(); // logs out of the token
        if (_provider is IEdsKeyStore store)
        {
            store.RemoveKey(Certificate); // wipes the imported key now, not only when the provider goes
        }

        Certificate.Dispose();
        _services.Dispose();
    }

    private static ServiceProvider CreateServices() =>
        new ServiceCollection()
            .AddLogging()
            .AddEds(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

    private static void CheckExists(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2 };
        }
    }

    private static X509Certificate2 LoadPkcs12(FileInfo file, string? password)
    {
        CheckExists(file);
        if (file.Length > MaxFileBytes)
        {
            throw new CliException($"{file.Name} is larger than 1 MB; that is not a PKCS#12 key file.") { ExitCode = 2 };
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(file.FullName, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new CliException($"{file.Name} holds no private key.");
            }

            return certificate;
        }
        catch (CryptographicException e)
        {
            if (IsPem(File.ReadAllBytes(file.FullName)))
            {
                throw new CliException($"{file.Name} is a PEM file, not PKCS#12: a key container is given with --key FILE together with --certificate FILE.", e) { ExitCode = 2 };
            }

            throw new CliException($"Cannot open {file.Name}: wrong password or not a PKCS#12 file{(password is null ? $" ({PasswordHint})" : string.Empty)}.", e);
        }
    }

    /// <summary>The first certificate of a PEM file, or the certificate of a DER file.</summary>
    private static X509Certificate2 LoadCertificate(FileInfo file)
    {
        if (file.Length > MaxFileBytes)
        {
            throw new CliException($"{file.Name} is larger than 1 MB; that is not a certificate file.") { ExitCode = 2 };
        }

        IReadOnlyList<X509Certificate2> certificates;
        try
        {
            certificates = TrustMaterial.ReadCertificates(file.FullName);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"{file.Name} is not a PEM or DER certificate (a PKCS#12 file is given alone with --p12).", e) { ExitCode = 2 };
        }

        foreach (var other in certificates.Skip(1))
        {
            other.Dispose();
        }

        return certificates[0];
    }

    private static void ImportKey(IEdsKeyStore store, X509Certificate2 certificate, FileInfo keyFile, FileInfo certificateFile, string? password)
    {
        if (keyFile.Length > MaxFileBytes)
        {
            throw new CliException($"{keyFile.Name} is larger than 1 MB; that is not a key container.") { ExitCode = 2 };
        }

        var container = File.ReadAllBytes(keyFile.FullName);
        try
        {
            if (IsPkcs12(container))
            {
                throw new CliException($"{keyFile.Name} is a PKCS#12 file, not a key container: log in with --p12 {keyFile.Name} alone.") { ExitCode = 2 };
            }

            if (string.IsNullOrEmpty(password))
            {
                throw new CliException($"{keyFile.Name} is protected by a password: {PasswordHint}.") { ExitCode = 2 };
            }

            store.ImportKey(certificate, container, password);
        }
        catch (EdsException e) when (e.InnerException is CryptographicException)
        {
            // The container authenticates what it wraps: a wrong password and a damaged file look the same.
            throw new CliException($"Cannot open {keyFile.Name}: wrong password or damaged key container.", e);
        }
        catch (Exception e) when (e is EdsException or ArgumentException)
        {
            throw new CliException($"Cannot use {keyFile.Name} with {certificateFile.Name}: {e.Message}", e) { ExitCode = 2 };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(container);
        }
    }

    private static bool IsPem(ReadOnlySpan<byte> content) => content.IndexOf("-----BEGIN "u8) >= 0;

    private static bool IsPkcs12(byte[] content)
    {
        if (IsPem(content))
        {
            return false;
        }

        try
        {
            _ = Pkcs12Info.Decode(content, out _, skipCopy: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
