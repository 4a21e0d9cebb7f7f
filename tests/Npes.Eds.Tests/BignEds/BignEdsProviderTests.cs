using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds.BignEds;
using Npes.Eds.Pki;
using Npes.Eds.Stb;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

/// <summary>The bign provider specifically; what it shares with the GOST provider is in <see cref="SoftwareKeyProviderTests"/>.</summary>
public sealed class BignEdsProviderTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    [Fact]
    public void Supports_BignCertificate_TrueAndX509ProviderDeclines()
    {
        // Arrange
        using var bign = pki.Crt(SamplePki.BignCitizen);
        using var ecdsa = pki.Crt("citizen-1");
        using var provider = new BignEdsProvider();

        // Act & Assert
        Assert.True(provider.Supports(bign));
        Assert.False(provider.Supports(ecdsa));
        Assert.False(new X509EdsProvider().Supports(bign));
    }

    [Fact]
    public void RegistryFind_ByPublicKeyAlgorithm_SelectsProvider()
    {
        // Arrange
        using var services = new ServiceCollection().AddEds(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var registry = services.GetRequiredService<IEdsProviderRegistry>();
        using var bign = pki.Crt(SamplePki.BignOrganisation);
        using var ecdsa = pki.Crt("org-1");

        // Act
        var forBign = registry.Find(bign);
        var forEcdsa = registry.Find(ecdsa);

        // Assert
        Assert.Equal("bign", forBign?.Id);
        Assert.Equal("x509", forEcdsa?.Id);
        Assert.Same(services.GetRequiredService<BignEdsProvider>(), forBign);
    }

    [Fact]
    public void Sign_ImportedKey_VerifiesAsBignWithHbelt()
    {
        // Arrange
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();
        provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword);
        var data = "вход в НПЭС"u8.ToArray();

        // Act
        var signature = provider.Sign(certificate, data);

        // Assert
        Assert.Equal(48, signature.Length);
        Assert.True(provider.Verify(certificate, data, signature));
        Assert.True(BignCertificates.TryGetPublicKey(certificate, out var publicKey));
        Assert.True(Bign.Verify(BeltHash.HashData(data), signature, publicKey));
    }

    [Fact]
    public void Describe_SampleBignHolders_PersonAndOrganisation()
    {
        // Arrange
        using var citizen = pki.Crt(SamplePki.BignCitizen);
        using var organisation = pki.Crt(SamplePki.BignOrganisation);
        using var provider = new BignEdsProvider();

        // Act
        var person = provider.Describe(citizen);
        var company = provider.Describe(organisation);

        // Assert
        Assert.Equal((SignerKind.Person, "Ковалёва Мария Андреевна", "4120687E004PB9", "bign"), (person.Kind, person.DisplayName, person.PersonalNumber, person.ProviderId));
        Assert.Equal((SignerKind.Organisation, "ООО «Нацкрипто Пример»", "192345678"), (company.Kind, company.DisplayName, company.Unp));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(citizen.RawData)), person.Thumbprint);
    }
}
