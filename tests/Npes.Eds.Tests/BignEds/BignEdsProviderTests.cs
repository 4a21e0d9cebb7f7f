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
    public void Verify_TamperedDataOrSignature_False()
    {
        // Arrange
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();
        provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword);
        var signature = provider.Sign(certificate, "data"u8);
        var flipped = (byte[])signature.Clone();
        flipped[20] ^= 0x01;

        // Act & Assert
        Assert.False(provider.Verify(certificate, "Data"u8, signature));
        Assert.False(provider.Verify(certificate, "data"u8, flipped));
        Assert.False(provider.Verify(certificate, "data"u8, signature.AsSpan(0, 47)));
        Assert.False(provider.Verify(certificate, "data"u8, []));
    }

    [Fact]
    public void Verify_OtherCertificate_False()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        using var other = pki.Crt(SamplePki.BignOrganisation);
        using var provider = new BignEdsProvider();
        provider.ImportKey(signer, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword);

        var signature = provider.Sign(signer, "data"u8);

        Assert.False(provider.Verify(other, "data"u8, signature));
    }

    [Fact]
    public void Sign_NoImportedKey_ThrowsEds()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));

        Assert.Contains("No bign private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_RemovedKey_ThrowsEds()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();
        provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword);

        Assert.True(provider.HasKey(certificate));
        Assert.True(provider.RemoveKey(certificate));
        Assert.False(provider.HasKey(certificate));
        Assert.False(provider.RemoveKey(certificate));
        Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
    }

    [Fact]
    public void SignAndVerify_EcdsaCertificate_ThrowsEds()
    {
        using var certificate = pki.Crt("citizen-1");
        using var provider = new BignEdsProvider();

        Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
        Assert.Throws<EdsException>(() => provider.Verify(certificate, "data"u8, new byte[48]));
    }

    [Fact]
    public void ImportKey_KeyOfAnotherCertificate_ThrowsEds()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<EdsException>(() => provider.ImportKey(certificate, pki.Key(SamplePki.BignOrganisation), SamplePki.DemoPassword));

        Assert.Contains("not the key of certificate", error.Message, StringComparison.Ordinal);
        Assert.False(provider.HasKey(certificate));
    }

    [Fact]
    public void ImportKey_WrongPassword_ThrowsEds()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();

        Assert.Throws<EdsException>(() => provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), "wrong"));
    }

    [Fact]
    public void ImportKey_EcdsaCertificate_ThrowsArgument()
    {
        using var certificate = pki.Crt("citizen-1");
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword));

        Assert.Equal("certificate", error.ParamName);
    }

    [Fact]
    public void ImportKey_EmptyPassword_ThrowsArgument()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), ""));

        Assert.Equal("password", error.ParamName);
    }

    [Fact]
    public void NullCertificate_ThrowsArgumentNull()
    {
        using var provider = new BignEdsProvider();

        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.Supports(null!)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => provider.Sign(null!, "x"u8)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => provider.Verify(null!, "x"u8, [])).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.Describe(null!)).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => provider.ImportKey(null!, [], "x")).ParamName);
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

    [Fact]
    public void Dispose_WipesKeys()
    {
        using var certificate = pki.Crt(SamplePki.BignCitizen);
        var provider = new BignEdsProvider();
        provider.ImportKey(certificate, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword);

        provider.Dispose();

        Assert.False(provider.HasKey(certificate));
        Assert.Throws<EdsException>(() => provider.Sign(certificate, "data"u8));
    }
}
