using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Cms;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.Trust;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests;

public sealed class SignerCmsTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private const string BignWithHbelt = "1.2.112.0.2.0.34.101.45.12";
    private static readonly byte[] Content = "манифест отправителя"u8.ToArray();

    [Fact]
    public void SignDetached_BignCertificateWithImportedKey_BignCmsThatVerifies()
    {
        // Arrange
        using var signer = pki.Crt(SamplePki.BignOrganisation);
        using var provider = new BignEdsProvider();
        provider.ImportKey(signer, pki.Key(SamplePki.BignOrganisation), SamplePki.DemoPassword);

        // Act
        var cms = SignerCms.SignDetached(Content, signer, provider, DateTimeOffset.UtcNow);

        // Assert
        var result = Verifier().Verify(cms, Content, requireTimestamp: false);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(signer.Thumbprint, result.Signer!.Thumbprint);
        Assert.Equal(BignWithHbelt, SignatureAlgorithmOf(cms));
        Assert.False(Verifier().Verify(cms, "другой манифест"u8.ToArray(), requireTimestamp: false).IsValid);
    }

    [Fact]
    public void SignDetached_GostCertificateWithImportedKey_GostCmsThatVerifies()
    {
        using var signer = pki.Crt(SamplePki.GostOrganisation);
        using var provider = new GostEdsProvider();
        provider.ImportKey(signer, pki.Key(SamplePki.GostOrganisation), SamplePki.DemoPassword);

        var cms = SignerCms.SignDetached(Content, signer, provider, DateTimeOffset.UtcNow);

        var result = Verifier().Verify(cms, Content, requireTimestamp: false);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(signer.Thumbprint, result.Signer!.Thumbprint);
        Assert.Equal(GostOids.PublicKey256, SignatureAlgorithmOf(cms));
        Assert.False(Verifier().Verify(cms, "другой манифест"u8.ToArray(), requireTimestamp: false).IsValid);
    }

    [Fact]
    public void SignDetached_EcdsaPkcs12Certificate_CmsThatVerifies()
    {
        using var signer = X509CertificateLoader.LoadPkcs12FromFile(pki.File("org-1.p12"), SamplePki.DemoPassword, X509KeyStorageFlags.EphemeralKeySet);

        var cms = SignerCms.SignDetached(Content, signer, new X509EdsProvider(), DateTimeOffset.UtcNow);

        var result = Verifier().Verify(cms, Content, requireTimestamp: false);
        Assert.True(result.IsValid, result.Failure);
        Assert.NotEqual(BignWithHbelt, SignatureAlgorithmOf(cms));
    }

    [Fact]
    public void SignDetached_NullArgument_Throws()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();

        Assert.Equal("content", Assert.Throws<ArgumentNullException>(() => SignerCms.SignDetached(null!, signer, provider, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => SignerCms.SignDetached(Content, null!, provider, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("provider", Assert.Throws<ArgumentNullException>(() => SignerCms.SignDetached(Content, signer, null!, DateTimeOffset.UtcNow)).ParamName);
    }

    [Fact]
    public void SignDetached_ProviderDoesNotHandleCertificate_ThrowsNamingBoth()
    {
        using var signer = pki.Crt("citizen-1");
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<ArgumentException>(() => SignerCms.SignDetached(Content, signer, provider, DateTimeOffset.UtcNow));

        Assert.Equal("provider", error.ParamName);
        Assert.Contains("'bign' does not handle certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignDetached_EcdsaCertificateWithoutPrivateKey_Throws()
    {
        using var signer = pki.Crt("citizen-1");

        var error = Assert.Throws<ArgumentException>(() => SignerCms.SignDetached(Content, signer, new X509EdsProvider(), DateTimeOffset.UtcNow));

        Assert.Equal("signer", error.ParamName);
        Assert.Contains("carries no private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignDetached_BignKeyNotImported_ThrowsEdsException()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<EdsException>(() => SignerCms.SignDetached(Content, signer, provider, DateTimeOffset.UtcNow));

        Assert.Contains("No bign private key has been imported", error.Message, StringComparison.Ordinal);
    }

    private CmsVerifier Verifier() => new(new ChainValidator(pki.Trust()));

    private static string? SignatureAlgorithmOf(byte[] cms)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        return signed.SignerInfos[0].SignatureAlgorithm.Value;
    }
}
