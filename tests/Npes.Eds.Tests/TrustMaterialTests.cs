using System.Security.Cryptography;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests;

public sealed class TrustMaterialTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Load_PemAndDerFiles_ReadsEveryCertificateAndCrl()
    {
        // Arrange
        using var dir = new TempDirectory();
        var pki = new TestPki(Now);
        File.WriteAllText(dir.File("anchors.pem"), pki.Root.ExportCertificatePem() + "\n");
        File.WriteAllBytes(dir.File("issuing.cer"), pki.Issuing.RawData);
        File.WriteAllText(dir.File("issuing.crl"), PemEncoding.WriteString("X509 CRL", pki.Crl()));
        File.WriteAllBytes(dir.File("root.crl"), pki.Crl(issuer: pki.Root));
        var options = new EdsOptions();
        options.TrustAnchors.Add("anchors.pem");
        options.Intermediates.Add(dir.File("issuing.cer"));
        options.Crls.Add("issuing.crl");
        options.Crls.Add("root.crl");

        // Act
        var trust = TrustMaterial.Load(options, dir.Path);

        // Assert
        Assert.Equal(pki.Root.Thumbprint, Assert.Single(trust.Anchors).Thumbprint);
        Assert.Equal(pki.Issuing.Thumbprint, Assert.Single(trust.Intermediates).Thumbprint);
        Assert.Equal(2, trust.CrlCount);
    }

    [Fact]
    public void Load_PemBundle_ReadsAllCertificates()
    {
        // Arrange
        using var dir = new TempDirectory();
        var pki = new TestPki(Now);
        File.WriteAllText(dir.File("bundle.pem"), pki.Issuing.ExportCertificatePem() + "\n" + pki.Root.ExportCertificatePem());
        var options = new EdsOptions();
        options.Intermediates.Add("bundle.pem");

        // Act
        var trust = TrustMaterial.Load(options, dir.Path);

        // Assert
        Assert.Equal(2, trust.Intermediates.Count);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingPathAndSetting()
    {
        // Arrange
        using var dir = new TempDirectory();
        var options = new EdsOptions();
        options.TrustAnchors.Add("missing-root.crt");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => TrustMaterial.Load(options, dir.Path));

        // Assert
        Assert.Contains(dir.File("missing-root.crt"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Npes:Eds:TrustAnchors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageCertificateFile_ThrowsNamingPath()
    {
        // Arrange
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("garbage.crt"), RandomNumberGenerator.GetBytes(300));
        var options = new EdsOptions();
        options.Intermediates.Add("garbage.crt");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => TrustMaterial.Load(options, dir.Path));

        // Assert
        Assert.Contains(dir.File("garbage.crt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PemWithoutCertificate_ThrowsNamingPath()
    {
        // Arrange
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("key.pem"), PemEncoding.WriteString("PUBLIC KEY", [1, 2, 3]));
        var options = new EdsOptions();
        options.TrustAnchors.Add("key.pem");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => TrustMaterial.Load(options, dir.Path));

        // Assert
        Assert.Contains("contains no certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageCrl_ThrowsNamingPath()
    {
        // Arrange
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("garbage.crl"), RandomNumberGenerator.GetBytes(500));
        var options = new EdsOptions();
        options.Crls.Add("garbage.crl");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => TrustMaterial.Load(options, dir.Path));

        // Assert
        Assert.Contains(dir.File("garbage.crl"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CrlLargerThanTenMegabytes_Refused()
    {
        // Arrange
        using var dir = new TempDirectory();
        using (var file = File.Create(dir.File("huge.crl")))
        {
            file.SetLength(TrustMaterial.MaxCrlFileBytes + 1);
        }

        var options = new EdsOptions();
        options.Crls.Add("huge.crl");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => TrustMaterial.Load(options, dir.Path));

        // Assert
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
        Assert.Contains(dir.File("huge.crl"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GarbageCrl_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => TrustMaterial.Create([], crls: [[1, 2, 3]]));
        Assert.Equal("der", error.ParamName);
    }

    [Fact]
    public void Create_NullAnchors_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => TrustMaterial.Create(null!));
        Assert.Equal("anchors", error.ParamName);
    }

    [Fact]
    public void Load_NullOptions_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => TrustMaterial.Load(null!, "."));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Load_BlankBaseDirectory_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => TrustMaterial.Load(new EdsOptions(), " "));
        Assert.Equal("baseDirectory", error.ParamName);
    }

    [Fact]
    public void Create_NullAmongAnchors_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => TrustMaterial.Create([null!]));
        Assert.Equal("anchors", error.ParamName);
    }

    [Fact]
    public void Create_NullCrl_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => TrustMaterial.Create([], crls: [null!]));
        Assert.Equal("crls", error.ParamName);
    }

    [Fact]
    public void ReadCertificates_BlankPath_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => TrustMaterial.ReadCertificates(""));
        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public void ReadCertificates_DerFile_ReturnsCertificate()
    {
        // Arrange
        using var dir = new TempDirectory();
        var pki = new TestPki(Now);
        File.WriteAllBytes(dir.File("root.der"), pki.Root.RawData);

        // Act
        var certificates = TrustMaterial.ReadCertificates(dir.File("root.der"));

        // Assert
        Assert.Equal(pki.Root.Thumbprint, Assert.Single(certificates).Thumbprint);
    }
}
