using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests.GostEds;

/// <summary>The GOST provider specifically; what it shares with the bign provider is in <see cref="SoftwareKeyProviderTests"/>.</summary>
public sealed class GostEdsProviderTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    [Fact]
    public void Supports_GostCertificates_TrueAndOtherProvidersDecline()
    {
        // Arrange
        using var organisation = pki.Crt(SamplePki.GostOrganisation);
        using var root = pki.Crt(SamplePki.GostRootCa);
        using var ecdsa = pki.Crt("org-1");
        using var bign = pki.Crt(SamplePki.BignOrganisation);
        using var provider = new GostEdsProvider();
        using var bignProvider = new BignEdsProvider();

        // Act & Assert
        Assert.True(provider.Supports(organisation));
        Assert.True(provider.Supports(root)); // 512-bit
        Assert.False(provider.Supports(ecdsa));
        Assert.False(provider.Supports(bign));
        Assert.False(new X509EdsProvider().Supports(organisation));
        Assert.False(bignProvider.Supports(organisation));
    }

    [Fact]
    public void RegistryFind_GostCertificate_SelectsGostProvider()
    {
        // Arrange
        using var services = new ServiceCollection().AddEds(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var registry = services.GetRequiredService<IEdsProviderRegistry>();
        using var gost = pki.Crt(SamplePki.GostOrganisation);
        using var bign = pki.Crt(SamplePki.BignOrganisation);
        using var ecdsa = pki.Crt("org-1");

        // Act
        var forGost = registry.Find(gost);

        // Assert
        Assert.Equal("gost", forGost?.Id);
        Assert.Same(services.GetRequiredService<GostEdsProvider>(), forGost);
        Assert.Equal("bign", registry.Find(bign)?.Id);
        Assert.Equal("x509", registry.Find(ecdsa)?.Id);
    }

    [Fact]
    public void RegistryFind_GostNotEnabled_NoProvider()
    {
        // Arrange: Npes:Eds:Providers narrows the registry to x509 and bign
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Npes:Eds:Providers:0"] = "x509",
            ["Npes:Eds:Providers:1"] = "bign",
        }).Build();
        using var services = new ServiceCollection().AddEds(configuration).BuildServiceProvider();
        using var gost = pki.Crt(SamplePki.GostOrganisation);

        // Act & Assert
        Assert.Null(services.GetRequiredService<IEdsProviderRegistry>().Find(gost));
    }

    [Fact]
    public void Sign_ImportedKey_VerifiesAsStreebogAndGost()
    {
        // Arrange
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();
        provider.ImportKey(certificate, pki.Key(SamplePki.GostOrganisation), SamplePki.DemoPassword);
        var data = "манифест письма"u8.ToArray();

        // Act
        var signature = provider.Sign(certificate, data);

        // Assert
        Assert.Equal(64, signature.Length);
        Assert.True(provider.Verify(certificate, data, signature));
        Assert.True(GostCertificates.TryGetPublicKey(certificate, out var publicKey));
        Assert.True(publicKey.VerifyHash(GostParameterSet.Tc26Gost256A.Hash(data), signature));
    }

    [Fact]
    public void Sign_512BitRootKey_Gives128ByteSignature()
    {
        using var root = pki.Crt(SamplePki.GostRootCa);
        using var provider = new GostEdsProvider();
        provider.ImportKey(root, pki.Key(SamplePki.GostRootCa), SamplePki.DemoPassword);

        var signature = provider.Sign(root, "data"u8);

        Assert.Equal(128, signature.Length);
        Assert.True(provider.Verify(root, "data"u8, signature));
    }

    [Fact]
    public void Verify_BignCertificate_ThrowsEdsNamingWhatIsSupported()
    {
        using var bign = pki.Crt(SamplePki.BignCitizen);
        using var provider = new GostEdsProvider();

        var error = Assert.Throws<EdsException>(() => provider.Verify(bign, "data"u8, new byte[48]));

        Assert.Contains("GOST provider does not support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportKey_KeyOfAnotherCertificate_ThrowsEdsAndWipesIt()
    {
        // Arrange
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();
        var key = GostKeyContainer.Decrypt(pki.Key(SamplePki.GostIssuingCa), SamplePki.DemoPassword);

        // Act
        var error = Assert.Throws<EdsException>(() => provider.ImportKey(certificate, key));

        // Assert
        Assert.Contains("not the key of certificate", error.Message, StringComparison.Ordinal);
        Assert.False(provider.HasKey(certificate));
        Assert.Throws<ObjectDisposedException>(() => key.SignData("x"u8));
    }

    [Fact]
    public void ImportKey_BignKeyFileForGostCertificate_ThrowsEds()
    {
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();

        Assert.Throws<EdsException>(() => provider.ImportKey(certificate, pki.Key(SamplePki.BignOrganisation), SamplePki.DemoPassword));
    }

    [Fact]
    public void ImportKey_SecondTime_ReplacesAndWipesTheFirst()
    {
        // Arrange
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();
        var first = GostKeyContainer.Decrypt(pki.Key(SamplePki.GostOrganisation), SamplePki.DemoPassword);
        var second = GostKeyContainer.Decrypt(pki.Key(SamplePki.GostOrganisation), SamplePki.DemoPassword);
        provider.ImportKey(certificate, first);

        // Act
        provider.ImportKey(certificate, second);

        // Assert
        Assert.Throws<ObjectDisposedException>(() => first.SignData("x"u8));
        Assert.True(provider.Verify(certificate, "x"u8, provider.Sign(certificate, "x"u8)));
    }

    [Fact]
    public void ImportKeyOfKeyObject_NullArguments_ThrowArgumentNull()
    {
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);

        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.ImportKey(null!, key)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => provider.ImportKey(certificate, (GostPrivateKey)null!)).ParamName);
    }

    [Fact]
    public void Describe_SampleOrganisation_NamesItUnderTheGostProvider()
    {
        // Arrange
        using var certificate = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();

        // Act
        var identity = provider.Describe(certificate);

        // Assert: the holder is read as for every provider; an ИНН is not a УНП, so the kind stays Unknown
        Assert.Equal("gost", identity.ProviderId);
        Assert.Equal("ООО «Евразийский Пример»", identity.DisplayName);
        Assert.Equal(SignerKind.Unknown, identity.Kind);
        Assert.Null(identity.Unp);
        Assert.Contains("VATRU-" + SamplePki.GostOrganisationInn, identity.Subject, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), identity.Thumbprint);
    }
}
