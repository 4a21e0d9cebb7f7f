using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

/// <summary>The operator's bign evidence signer; the CMS checks shared by bign and GOST are in <see cref="AlgorithmCmsTests"/>.</summary>
public sealed class BignCmsTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private static readonly byte[] Content = "Заказное письмо №1: содержание"u8.ToArray();

    [Fact]
    public async Task EvidenceSigner_BignOperatorKeyConfigured_SignsTimestampedBignCms()
    {
        // Arrange
        using var services = Services(KeyType: "Bign", WithCertificate: true);
        var signer = services.GetRequiredService<IEvidenceSigner>();
        var verifier = services.GetRequiredService<CmsVerifier>();

        // Act
        var detached = await signer.SignAsync(Content, detached: true, CancellationToken.None);
        var attached = await signer.SignAsync(Content, detached: false, CancellationToken.None);
        var detachedResult = verifier.Verify(detached, Content, requireTimestamp: true);
        var attachedResult = verifier.Verify(attached, null, requireTimestamp: true);

        // Assert
        Assert.IsType<BignEvidenceSigner>(signer);
        Assert.Equal(pki.Crt(SamplePki.BignOperatorService).Thumbprint, signer.Certificate.Thumbprint);
        Assert.True(detachedResult.IsValid, detachedResult.Failure);
        Assert.True(attachedResult.IsValid, attachedResult.Failure);
        Assert.NotNull(detachedResult.TimestampedAt);
        Assert.Equal(Content, attachedResult.Content);
    }

    [Fact]
    public async Task EvidenceSigner_DefaultKeyType_StillSignsEcdsaCms()
    {
        using var services = Services(KeyType: null, WithCertificate: false, SigningKey: pki.File("operator-service.p12"));
        var signer = services.GetRequiredService<IEvidenceSigner>();

        var cms = await signer.SignAsync(Content, detached: true, CancellationToken.None);
        var result = services.GetRequiredService<CmsVerifier>().Verify(cms, Content, requireTimestamp: true);

        Assert.IsType<EvidenceSigner>(signer);
        Assert.True(result.IsValid, result.Failure);
    }

    [Fact]
    public async Task EvidenceSigner_DefaultKeyType_CmsVerifiesWithOpenSsl()
    {
        // Arrange
        using var services = Services(KeyType: null, WithCertificate: false, SigningKey: pki.File("operator-service.p12"));
        var cms = await services.GetRequiredService<IEvidenceSigner>().SignAsync(Content, detached: true, CancellationToken.None);
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("receipt.p7s"), cms);
        File.WriteAllBytes(dir.File("content.bin"), Content);

        // Act
        var (exitCode, output) = OpenSsl.Run(
            dir.Path, "cms", "-verify", "-binary", "-inform", "DER", "-in", "receipt.p7s", "-content", "content.bin",
            "-CAfile", pki.File("root-ca.crt"), "-certfile", pki.File(SamplePki.ChainFile), "-purpose", "any", "-out", "/dev/null");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification successful", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EvidenceSigner_BignWithoutCertificate_ThrowsNamingTheSetting()
    {
        using var services = Services(KeyType: "Bign", WithCertificate: false);

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IEvidenceSigner>());

        Assert.Contains("Npes:Operator:SigningCertificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvidenceSigner_BignWrongPassword_ThrowsNamingTheKeySetting()
    {
        using var services = Services(KeyType: "Bign", WithCertificate: true, Password: "wrong");

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IEvidenceSigner>());

        Assert.Contains("Npes:Operator:SigningKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvidenceSigner_BignKeyOfOtherCertificate_Throws()
    {
        using var services = Services(KeyType: "Bign", WithCertificate: true, SigningKey: pki.File(SamplePki.BignCitizen + ".key"));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IEvidenceSigner>());

        Assert.Contains("not the key of certificate", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Services(string? KeyType, bool WithCertificate, string? Password = SamplePki.DemoPassword, string? SigningKey = null)
    {
        var settings = pki.Settings();
        settings["Npes:Operator:SigningKey"] = SigningKey ?? pki.File(SamplePki.BignOperatorService + ".key");
        settings["Npes:Operator:SigningKeyPassword"] = Password;
        if (KeyType is not null)
        {
            settings["Npes:Operator:KeyType"] = KeyType;
        }

        if (WithCertificate)
        {
            settings["Npes:Operator:SigningCertificate"] = pki.File(SamplePki.BignOperatorService + ".crt");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddEds(configuration).BuildServiceProvider();
    }
}
