using System.Security.Cryptography.X509Certificates;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.Trust;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests.GostEds;

/// <summary>The GOST hierarchy of the sample PKI; renewal shared with bign is in <see cref="KeyFileSamplePkiTests"/>.</summary>
public sealed class GostSamplePkiTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Ensure_GostHierarchy_HasTheDocumentedParameterSetsAndSignatures()
    {
        // Arrange
        using var pki = new SamplePkiFixture();
        using var root = pki.Crt(SamplePki.GostRootCa);
        using var issuing = pki.Crt(SamplePki.GostIssuingCa);
        using var organisation = pki.Crt(SamplePki.GostOrganisation);

        // Act
        var keys = new[] { root, issuing, organisation }.Select(c => GostCertificates.TryGetPublicKey(c, out var key) ? key.Set.Oid : null).ToList();
        var crl = TrustMaterial.Create([root], crls: [File.ReadAllBytes(pki.File(SamplePki.GostCrlFile))]).Crls.Single();

        // Assert: a 512-bit root, a CryptoPro-A issuing CA, a tc26 256 paramSetA organisation
        Assert.Equal([GostOids.Tc26Gost512A, GostOids.CryptoProA, GostOids.Tc26Gost256A], keys);
        Assert.Equal(GostOids.SignWithDigest512, root.SignatureAlgorithm.Value);
        Assert.Equal(GostOids.SignWithDigest512, issuing.SignatureAlgorithm.Value);
        Assert.Equal(GostOids.SignWithDigest256, organisation.SignatureAlgorithm.Value);
        Assert.True(SignedObjects.IsSignedBy(root.RawDataMemory, root));
        Assert.True(SignedObjects.IsSignedBy(issuing.RawDataMemory, root));
        Assert.True(SignedObjects.IsSignedBy(organisation.RawDataMemory, issuing));
        Assert.True(crl.IsSignedBy(issuing));
        Assert.False(crl.IsSignedBy(root));
    }

    [Fact]
    public void Ensure_GostOrganisation_CarriesRussianOrganisationIdentity()
    {
        using var pki = new SamplePkiFixture();
        using var organisation = pki.Crt(SamplePki.GostOrganisation);

        var subject = organisation.SubjectName;

        Assert.Equal("RU", DistinguishedNames.First(subject, DistinguishedNames.Country));
        Assert.Equal("ООО «Евразийский Пример»", DistinguishedNames.First(subject, DistinguishedNames.Organization));
        Assert.Equal("ООО «Евразийский Пример»", DistinguishedNames.First(subject, DistinguishedNames.CommonName));
        Assert.Equal("VATRU-7701234560", DistinguishedNames.First(subject, DistinguishedNames.OrganizationIdentifier));
        Assert.Equal("7701234560", DistinguishedNames.First(subject, SamplePki.InnLeOid));
        Assert.Equal("1027700123450", DistinguishedNames.First(subject, SamplePki.OgrnOid));
    }

    [Fact]
    public void Ensure_GostCrlNearItsNextUpdate_RenewedWithTheNextNumber()
    {
        // Arrange: the CRLs live a year and are renewed when less than 30 days remain
        using var dir = new TempDirectory();
        SamplePki.Ensure(dir.Path, new FixedTimeProvider(Now));
        var later = Now.AddDays(340);

        // Act
        var report = SamplePki.Ensure(dir.Path, new FixedTimeProvider(later));
        CertificateRevocationListBuilder.LoadPem(File.ReadAllText(dir.File(SamplePki.GostCrlFile)), out var number);
        var crl = RevocationList.Parse(PemDer(dir.File(SamplePki.GostCrlFile)), "gost");

        // Assert
        Assert.Contains(SamplePki.GostCrlFile, report.Written);
        Assert.Contains("gost-issuing-ca.crt", report.Kept);
        Assert.Equal(2, (int)number);
        Assert.True(crl.NextUpdate > later.AddDays(300));
        Assert.True(crl.IsSignedBy(X509Certificate2.CreateFromPem(File.ReadAllText(dir.File("gost-issuing-ca.crt")))));
    }

    [Fact]
    public void Ensure_Readme_ListsGostFiles()
    {
        using var pki = new SamplePkiFixture();

        var readme = File.ReadAllText(pki.File("README.md"));

        Assert.Contains("`gost-org-1.key` | Its private key: GOST key container (PEM)", readme, StringComparison.Ordinal);
        Assert.Contains("`gost-issuing-ca.crl` | CRL of the GOST issuing CA", readme, StringComparison.Ordinal);
        Assert.Contains("aes256-CBC", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_GostCertificatesAndCrl_ReadableByOpenSsl()
    {
        // Arrange
        using var pki = new SamplePkiFixture();

        // Act: OpenSSL (no gost engine) parses and names the algorithms; it cannot verify them
        var organisation = OpenSsl.Run(pki.Path, "x509", "-in", "gost-org-1.crt", "-noout", "-text");
        var root = OpenSsl.Run(pki.Path, "x509", "-in", "gost-root-ca.crt", "-noout", "-text");
        var crl = OpenSsl.Run(pki.Path, "crl", "-in", "gost-issuing-ca.crl", "-noout", "-text");

        // Assert
        Assert.True(organisation.ExitCode == 0, organisation.Output);
        Assert.Contains("Signature Algorithm: GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)", organisation.Output, StringComparison.Ordinal);
        Assert.Contains("Public Key Algorithm: GOST R 34.10-2012 with 256 bit modulus", organisation.Output, StringComparison.Ordinal);
        Assert.True(root.ExitCode == 0, root.Output);
        Assert.Contains("Public Key Algorithm: GOST R 34.10-2012 with 512 bit modulus", root.Output, StringComparison.Ordinal);
        Assert.True(crl.ExitCode == 0, crl.Output);
        Assert.Contains("GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)", crl.Output, StringComparison.Ordinal);
    }

    private static byte[] PemDer(string path)
    {
        var text = File.ReadAllText(path);
        return Convert.FromBase64String(text[System.Security.Cryptography.PemEncoding.Find(text).Base64Data]);
    }
}
