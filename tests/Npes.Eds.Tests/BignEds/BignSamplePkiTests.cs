using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Pki;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

/// <summary>The bign hierarchy of the sample PKI; renewal shared with GOST is in <see cref="KeyFileSamplePkiTests"/>.</summary>
public sealed class BignSamplePkiTests
{
    private static readonly string[] BignLeaves = [SamplePki.BignCitizen, SamplePki.BignOrganisation, SamplePki.BignOperatorService, SamplePki.BignTsa];

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
    public void Ensure_BignTsa_ForTimeStampingOnlyIssuedByBignIssuingCa()
    {
        // Arrange
        using var pki = new SamplePkiFixture();
        using var tsa = pki.Crt(SamplePki.BignTsa);
        using var issuing = pki.Crt(SamplePki.BignIssuingCa);

        // Act
        var eku = Assert.Single(tsa.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        var usage = Assert.Single(tsa.Extensions.OfType<X509KeyUsageExtension>());

        // Assert
        Assert.True(eku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, usage.KeyUsages);
        Assert.True(SignedObjects.IsSignedBy(tsa.RawDataMemory, issuing));
        Assert.Equal("1.2.112.0.2.0.34.101.45.2.1", tsa.PublicKey.Oid.Value);
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
