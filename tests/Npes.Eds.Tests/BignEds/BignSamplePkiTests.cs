using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Pki;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

public sealed class BignSamplePkiTests
{
    private static readonly string[] BignLeaves = [SamplePki.BignCitizen, SamplePki.BignOrganisation, SamplePki.BignOperatorService];

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Ensure_BignLeaves_ValidateToBignRootWithBignCrl()
    {
        // Arrange
        using var pki = new SamplePkiFixture();
        var validator = new ChainValidator(pki.Trust());

        // Act
        var results = BignLeaves.ToDictionary(e => e, e => validator.Validate(pki.Crt(e), [], CertificatePurpose.Signature, Now.AddMinutes(1)));

        // Assert
        foreach (var (entity, result) in results)
        {
            Assert.True(result.IsValid, $"{entity}: {result.Detail}");
            Assert.Equal(3, result.Chain.Count);
            Assert.Equal(pki.Crt(SamplePki.BignRootCa).Thumbprint, result.Chain[^1].Thumbprint);
        }
    }

    [Fact]
    public void Ensure_BignCertificatesAndCrl_AreBignSigned()
    {
        // Arrange
        using var pki = new SamplePkiFixture();
        using var root = pki.Crt(SamplePki.BignRootCa);
        using var issuing = pki.Crt(SamplePki.BignIssuingCa);

        // Act
        var crl = TrustMaterial.Create([root], crls: [File.ReadAllBytes(pki.File(SamplePki.BignCrlFile))]).Crls.Single();

        // Assert
        Assert.Equal("1.2.112.0.2.0.34.101.45.12", issuing.SignatureAlgorithm.Value);
        Assert.True(SignedObjects.IsSignedBy(root.RawDataMemory, root));
        Assert.True(SignedObjects.IsSignedBy(issuing.RawDataMemory, root));
        Assert.True(crl.IsSignedBy(issuing));
        Assert.False(crl.IsSignedBy(root));
    }

    [Fact]
    public void Ensure_BignKeyFiles_OpenWithDemoPasswordAndMatchTheirCertificates()
    {
        // Arrange
        using var pki = new SamplePkiFixture();
        using var provider = new BignEdsProvider();

        // Act & Assert
        foreach (var entity in BignLeaves.Concat([SamplePki.BignRootCa, SamplePki.BignIssuingCa]))
        {
            using var certificate = pki.Crt(entity);
            provider.ImportKey(certificate, pki.Key(entity), SamplePki.DemoPassword);
            var signature = provider.Sign(certificate, "проверка"u8);
            Assert.True(provider.Verify(certificate, "проверка"u8, signature), entity);
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(pki.File(entity + ".key")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ensure_BignKeyFiles_AreOwnerOnly()
    {
        using var pki = new SamplePkiFixture();

        var mode = File.GetUnixFileMode(pki.File(SamplePki.BignCitizen + ".key"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void Ensure_DirectoryFromBeforeBign_AddsBignFilesAndKeepsEcdsaFilesUnchanged()
    {
        // Arrange: a directory as an earlier version wrote it (no bign files)
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        foreach (var file in Directory.GetFiles(dir.Path, "bign-*"))
        {
            File.Delete(file);
        }

        var before = Directory.GetFiles(dir.Path).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now.AddHours(1)));

        // Assert
        Assert.All(report.Written, f => Assert.StartsWith("bign-", f, StringComparison.Ordinal));
        Assert.Equal(12, report.Written.Count);
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(dir.File(file.Key))));
    }

    [Fact]
    public void Ensure_CorruptedBignKey_RewritesOnlyThatEntity()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        File.WriteAllText(dir.File("bign-org-1.key"), "not a key");

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        Assert.Equal(["bign-org-1.crt", "bign-org-1.key"], report.Written.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ensure_BignRootKeyMissing_ReissuesTheBignHierarchyOnly()
    {
        // Arrange
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        File.Delete(dir.File("bign-root-ca.key"));

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));

        // Assert
        Assert.Equal(12, report.Written.Count); // 5 entities × 2 files, the CRL and the chain file
        Assert.Contains("bign-chain.pem", report.Written);
        Assert.All(report.Written, f => Assert.StartsWith("bign-", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Ensure_Readme_ListsBignFiles()
    {
        using var pki = new SamplePkiFixture();

        var readme = File.ReadAllText(pki.File("README.md"));

        Assert.Contains("`bign-citizen-1.key`", readme, StringComparison.Ordinal);
        Assert.Contains("`bign-issuing-ca.crl`", readme, StringComparison.Ordinal);
        Assert.Contains("belt-keywrap256", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_BignCertificate_ReadableByOpenSslAsX509()
    {
        // Arrange
        using var pki = new SamplePkiFixture();

        // Act: OpenSSL parses the structure and prints the STB OIDs (it does not know the algorithms)
        var (exitCode, output) = OpenSsl.Run(pki.Path, "x509", "-in", "bign-citizen-1.crt", "-noout", "-text");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("1.2.112.0.2.0.34.101.45.12", output, StringComparison.Ordinal);
        Assert.Contains("1.2.112.0.2.0.34.101.45.2.1", output, StringComparison.Ordinal);
    }
}
