using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds.BignEds;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Npes.Eds.Stb;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

public sealed class BignCmsTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private static readonly byte[] Content = "Заказное письмо №1: содержание"u8.ToArray();

    [Fact]
    public void Verify_DetachedBignCms_ValidWithSignerAndContent()
    {
        // Arrange
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: true);

        // Act
        var result = Verifier().Verify(cms, Content, requireTimestamp: false);

        // Assert
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(signer.Thumbprint, result.Signer!.Thumbprint);
        Assert.Equal(Content, result.Content);
    }

    [Fact]
    public void Verify_AttachedBignCms_ValidAndReturnsContent()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: false);

        var result = Verifier().Verify(cms, null, requireTimestamp: false);

        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(Content, result.Content);
    }

    [Fact]
    public void Sign_BignCms_HasTheStbProfile()
    {
        // Arrange
        using var signer = pki.Crt(SamplePki.BignCitizen);

        // Act
        var cms = new SignedCms();
        cms.Decode(SignAsCitizen(signer, detached: false));
        var signerInfo = cms.SignerInfos[0];

        // Assert: .NET reads the structure, with our algorithms and attributes
        Assert.Equal(StbOids.BeltHash, signerInfo.DigestAlgorithm.Value);
        Assert.Equal(StbOids.BignWithHbelt, signerInfo.SignatureAlgorithm.Value);
        Assert.Equal(48, signerInfo.GetSignature().Length);
        Assert.Equal(
            ["1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"],
            signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order(StringComparer.Ordinal));
        var digest = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == "1.2.840.113549.1.9.4");
        var messageDigest = new Pkcs9MessageDigest();
        messageDigest.CopyFrom(digest.Values[0]);
        Assert.Equal(BeltHash.HashData(Content), messageDigest.MessageDigest);
        Assert.Equal(signer.Thumbprint, signerInfo.Certificate!.Thumbprint);
    }

    [Fact]
    public void Verify_DetachedWithOtherContent_FailsOnMessageDigest()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: true);

        var result = Verifier().Verify(cms, "Заказное письмо №2"u8.ToArray(), requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("message digest", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedAttachedContent_Fails()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: false);
        var at = cms.AsSpan().IndexOf(Content);
        cms[at + 3] ^= 0x01;

        var result = Verifier().Verify(cms, null, requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("message digest", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedSignature_Fails()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: true);
        var signature = SignatureOf(cms);
        var at = cms.AsSpan().IndexOf(signature);
        cms[at + 40] ^= 0x80;

        var result = Verifier().Verify(cms, Content, requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("bign signature", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedSignedAttribute_Fails()
    {
        // Arrange: change the signing time (a signed attribute) by one digit
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: true, signingTime: new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var at = cms.AsSpan().IndexOf("300102030405Z"u8);
        cms[at + 12 - 1] = (byte)'6';

        // Act
        var result = Verifier().Verify(cms, Content, requireTimestamp: false);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains("bign signature", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedByUntrustedBignCertificate_FailsOnChain()
    {
        // Arrange: a bign signer of another PKI, with a valid signature
        using var other = new BignTestPki(DateTimeOffset.UtcNow);
        using var stranger = other.IssueLeaf();
        using var provider = new BignEdsProvider();
        provider.ImportKey(stranger, BignKeyContainer.Decrypt(BignKeyContainer.Encrypt(other.KeyOf(stranger), "x", BignKeyContainer.MinIterations), "x"));
        var cms = BignCms.Sign(Content, false, stranger, [other.Issuing], provider, DateTimeOffset.UtcNow).Encode();

        // Act
        var result = Verifier().Verify(cms, null, requireTimestamp: false);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains("not acceptable", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BignCmsWithoutTimestamp_FailsWhenTimestampRequired()
    {
        using var signer = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsCitizen(signer, detached: true);

        var result = Verifier().Verify(cms, Content, requireTimestamp: true);

        Assert.False(result.IsValid);
        Assert.Contains("no RFC 3161 timestamp", result.Failure, StringComparison.Ordinal);
    }

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

    [Fact]
    public void Sign_EcdsaSigner_ThrowsArgument()
    {
        using var ecdsa = pki.Crt("citizen-1");
        using var provider = new BignEdsProvider();

        var error = Assert.Throws<ArgumentException>(() => BignCms.Sign(Content, true, ecdsa, [], provider, DateTimeOffset.UtcNow));

        Assert.Equal("signer", error.ParamName);
    }

    [Fact]
    public void BignCms_ReadableByOpenSslCms()
    {
        // Arrange
        using var signer = pki.Crt(SamplePki.BignCitizen);
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("letter.p7m"), SignAsCitizen(signer, detached: false));

        // Act: OpenSSL parses the SignedData (it does not know bign, so it prints the OIDs)
        var (exitCode, output) = OpenSsl.Run(dir.Path, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "letter.p7m");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("1.2.112.0.2.0.34.101.45.12", output, StringComparison.Ordinal);
        Assert.Contains("1.2.112.0.2.0.34.101.31.81", output, StringComparison.Ordinal);
    }

    private byte[] SignAsCitizen(X509Certificate2 signer, bool detached, DateTimeOffset? signingTime = null)
    {
        using var provider = new BignEdsProvider();
        provider.ImportKey(signer, pki.Key(SamplePki.BignCitizen), SamplePki.DemoPassword);
        return BignCms.Sign(Content, detached, signer, [pki.Crt(SamplePki.BignIssuingCa)], provider, signingTime ?? DateTimeOffset.UtcNow).Encode();
    }

    private CmsVerifier Verifier() => new(new ChainValidator(pki.Trust()));

    private static byte[] SignatureOf(byte[] cms)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        return signed.SignerInfos[0].GetSignature();
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
