using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds;

namespace Npes.Cli;

/// <summary>An EDS key from a PKCS#12 file, signing through the EDS provider that handles it; the key never leaves this process.</summary>
internal sealed class SigningKey : IDisposable
{
    public const long MaxFileBytes = 1024 * 1024;

    private readonly ServiceProvider _services;
    private readonly IEdsProvider _provider;

    private SigningKey(X509Certificate2 certificate, ServiceProvider services, IEdsProvider provider)
    {
        Certificate = certificate;
        _services = services;
        _provider = provider;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate in base64 DER, as the API expects it.</summary>
    public string CertificateBase64 => Convert.ToBase64String(Certificate.RawData);

    /// <param name="password">The file's password; null for a file without one.</param>
    public static SigningKey Open(FileInfo file, string? password)
    {
        var certificate = Load(file, password);
        var services = new ServiceCollection()
            .AddLogging()
            .AddEds(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var provider = services.GetRequiredService<IEdsProviderRegistry>().Find(certificate);
        if (provider is null)
        {
            certificate.Dispose();
            services.Dispose();
            throw new CliException("No EDS provider handles the key in this file.");
        }

        return new SigningKey(certificate, services, provider);
    }

    public byte[] Sign(byte[] data) => _provider.Sign(Certificate, data);

    public void Dispose()
    {
        Certificate.Dispose();
        _services.Dispose();
    }

    private static X509Certificate2 Load(FileInfo file, string? password)
    {
        if (!file.Exists)
        {
            throw new CliException($"No such file: {file.FullName}") { ExitCode = 2 };
        }

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
            throw new CliException($"Cannot open {file.Name}: wrong password or not a PKCS#12 file{(password is null ? " (give --password or set NPES_P12_PASSWORD)" : string.Empty)}.", e);
        }
    }
}
