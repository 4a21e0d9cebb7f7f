using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests;

public sealed class EdsServiceCollectionExtensionsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void AddEds_ConfiguredTrustAnchor_ValidatesLeafAndFindsProvider()
    {
        // Arrange
        using var dir = new TempDirectory();
        var pki = new TestPki(Now);
        File.WriteAllText(dir.File("root.crt"), pki.Root.ExportCertificatePem());
        File.WriteAllText(dir.File("issuing.crt"), pki.Issuing.ExportCertificatePem());
        File.WriteAllBytes(dir.File("issuing.crl"), pki.Crl());
        using var leaf = pki.IssueLeaf();
        using var services = Build(new()
        {
            ["Npes:Eds:TrustAnchors:0"] = dir.File("root.crt"),
            ["Npes:Eds:Intermediates:0"] = dir.File("issuing.crt"),
            ["Npes:Eds:Crls:0"] = dir.File("issuing.crl"), // configured trust requires revocation data
            ["Npes:Eds:Providers:0"] = "x509",
        });

        // Act
        var result = services.GetRequiredService<IChainValidator>().Validate(leaf, [], CertificatePurpose.Signature, Now);
        var provider = services.GetRequiredService<IEdsProviderRegistry>().Find(leaf);

        // Assert
        Assert.Equal(ChainStatus.Valid, result.Status);
        Assert.Equal("x509", provider?.Id);
        Assert.Equal(["x509"], services.GetRequiredService<IOptions<EdsOptions>>().Value.Providers);
    }

    [Fact]
    public async Task AddEds_MissingTrustAnchorFile_HostStartFailsNamingPath()
    {
        // Arrange
        using var dir = new TempDirectory();
        using var services = Build(new() { ["Npes:Eds:TrustAnchors:0"] = dir.File("absent.crt") });
        var check = services.GetServices<IHostedService>().Single();

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));

        // Assert
        Assert.Contains(dir.File("absent.crt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_NoProvidersConfigured_OffersAllBuiltIn()
    {
        // Arrange
        using var services = Build([]);

        // Act
        var registry = services.GetRequiredService<IEdsProviderRegistry>();

        // Assert
        Assert.Equal(["x509", "bign", "gost"], registry.Providers.Select(p => p.Id));
    }

    [Fact]
    public void Registry_UnknownProviderConfigured_ThrowsNamingIt()
    {
        // Arrange
        using var services = Build(new() { ["Npes:Eds:Providers:0"] = "mobile" });

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IEdsProviderRegistry>());

        // Assert
        Assert.Contains("'mobile'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ProvidersFiltered_OnlyConfiguredOnesRemain()
    {
        // Arrange
        var options = Options.Create(new EdsOptions());
        options.Value.Providers.Add("other");

        // Act
        var registry = new EdsProviderRegistry([new X509EdsProvider(), new OtherProvider()], options);

        // Assert
        Assert.Equal(["other"], registry.Providers.Select(p => p.Id));
    }

    [Fact]
    public void Registry_UnsupportedCertificate_FindReturnsNull()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedRsa(1024);
        var registry = new EdsProviderRegistry([new X509EdsProvider()], Options.Create(new EdsOptions()));

        // Act
        var provider = registry.Find(certificate);

        // Assert
        Assert.Null(provider);
    }

    [Fact]
    public void Registry_FindNull_ThrowsArgumentNull()
    {
        var registry = new EdsProviderRegistry([new X509EdsProvider()], Options.Create(new EdsOptions()));
        var error = Assert.Throws<ArgumentNullException>(() => registry.Find(null!));
        Assert.Equal("certificate", error.ParamName);
    }

    [Fact]
    public void AddEds_NullConfiguration_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddEds(null!));
        Assert.Equal("configuration", error.ParamName);
    }

    [Fact]
    public void AddEds_NullServices_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => EdsServiceCollectionExtensions.AddEds(null!, new ConfigurationBuilder().Build()));
        Assert.Equal("services", error.ParamName);
    }

    [Fact]
    public void Registry_NullProviders_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new EdsProviderRegistry(null!, Options.Create(new EdsOptions())));
        Assert.Equal("providers", error.ParamName);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddEds(configuration).BuildServiceProvider();
    }

    private sealed class OtherProvider : IEdsProvider
    {
        public string Id => "other";

        public bool Supports(X509Certificate2 certificate) => false;

        public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data) =>
            throw new NotSupportedException();

        public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
            throw new NotSupportedException();

        public SignerIdentity Describe(X509Certificate2 certificate) =>
            throw new NotSupportedException();
    }
}
