using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests;

/// <summary>
/// The path building <see cref="ChainValidator"/> does itself, for certificates OpenSSL cannot read: every rule, for
/// bign (STB 34.101.45) and GOST R 34.10-2012 hierarchies alike.
/// </summary>
public sealed class OwnPathChainValidatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<string> Families() => ["bign", "gost"];

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_LeafOfConfiguredCa_ValidWithBuiltPath(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Valid, result.Status);
        Assert.Equal([leaf.Thumbprint, pki.Issuing.Thumbprint, pki.Root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_IntermediateSuppliedByClient_Valid(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(TrustMaterial.Create([pki.Root]));

        // Act
        var without = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);
        var with = validator.Validate(leaf, [X509CertificateLoader.LoadCertificate(pki.Issuing.RawData)], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, without.Status);
        Assert.Equal(ChainStatus.Valid, with.Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_ExpiredLeaf_Expired(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddYears(-2), notAfter: Now.AddDays(-1));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Expired, result.Status);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_ExpiredIssuingCa_Expired(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now, issuingNotAfter: Now.AddDays(30));
        using var leaf = pki.IssueLeaf(notAfter: Now.AddDays(40));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now.AddDays(35));

        // Assert
        Assert.Equal(ChainStatus.Valid, validator.Validate(leaf, [], CertificatePurpose.Signature, Now).Status);
        Assert.Equal(ChainStatus.Expired, result.Status);
        Assert.Contains("Issuing certificate", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_NotYetValidLeaf_NotYetValid(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddDays(1), notAfter: Now.AddYears(1));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.NotYetValid, result.Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_LeafOfImpostorRootWithSameName_Untrusted(string family)
    {
        // Arrange: another root with the trusted root's name but its own key
        using var trusted = KeyFileTestPki.Create(family, Now);
        using var impostor = KeyFileTestPki.Create(family, Now, rootName: trusted.RootName);
        using var leaf = impostor.IssueLeaf(issuer: impostor.Root);
        var validator = new ChainValidator(trusted.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("does not verify", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_IssuingCaOfImpostorRootSuppliedByClient_Untrusted(string family)
    {
        // Arrange: the impostor's issuing CA, supplied with the leaf, names a root we trust but is signed by another key
        using var trusted = KeyFileTestPki.Create(family, Now);
        using var impostor = KeyFileTestPki.Create(family, Now, rootName: trusted.RootName);
        using var leaf = impostor.IssueLeaf();
        var validator = new ChainValidator(trusted.Trust());

        // Act
        var result = validator.Validate(leaf, [impostor.Issuing], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("does not verify", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_LeafOfOtherPki_Untrusted(string family)
    {
        // Arrange
        using var trusted = KeyFileTestPki.Create(family, Now);
        using var other = KeyFileTestPki.Create(family, Now);
        using var leaf = other.IssueLeaf();
        var validator = new ChainValidator(trusted.Trust());

        // Act
        var result = validator.Validate(leaf, [other.Issuing, other.Root], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_TamperedLeafSignature_Untrusted(string family)
    {
        // Arrange: flip one bit of the signature at the end of the certificate
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf();
        var bytes = leaf.RawData;
        bytes[^5] ^= 0x01;
        using var tampered = X509CertificateLoader.LoadCertificate(bytes);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(tampered, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("signature", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_TamperedLeafSubject_Untrusted(string family)
    {
        // Arrange: change one letter of the subject inside the signed part
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf(subject: TestPki.Name("Иванов Иван"));
        var bytes = leaf.RawData;
        var at = bytes.AsSpan().IndexOf("Иванов"u8);
        bytes[at + 1] ^= 0x01;
        using var tampered = X509CertificateLoader.LoadCertificate(bytes);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(tampered, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_RevokedLeafInCrl_Revoked(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf();
        using var other = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust(pki.Crl([leaf])));

        // Act
        var revoked = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);
        var notRevoked = validator.Validate(other, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Revoked, revoked.Status);
        Assert.Contains(leaf.Subject, revoked.Detail, StringComparison.Ordinal);
        Assert.Equal(ChainStatus.Valid, notRevoked.Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_CrlSignedByOtherKey_Untrusted(string family)
    {
        // Arrange: a CRL naming the issuing CA but signed with the root's key
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf();
        var forged = pki.Crl([], signedWithKeyOf: pki.Root);
        var validator = new ChainValidator(pki.Trust(forged));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("not signed by that issuer's key", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_StaleCrl_Untrusted(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust(pki.Crl([], thisUpdate: Now.AddDays(-40), nextUpdate: Now.AddDays(-10))));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("stale", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_LeafWithoutSigningUsage_WrongKeyUsage(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf(usage: X509KeyUsageFlags.KeyEncipherment);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.WrongKeyUsage, result.Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_LeafIssuedByNonCa_Untrusted(string family)
    {
        // Arrange: the issuer's key signed the leaf, but the issuer is not a CA
        using var pki = KeyFileTestPki.Create(family, Now);
        using var notCa = pki.CreateCa(TestPki.Name("Not a CA " + Guid.NewGuid().ToString("N")), pki.Issuing, Now.AddDays(-1), Now.AddYears(1), isCa: false);
        using var leaf = pki.IssueLeaf(issuer: notCa);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [notCa], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("not a CA", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_UnknownCriticalExtension_Untrusted(string family)
    {
        // Arrange
        using var pki = KeyFileTestPki.Create(family, Now);
        using var leaf = pki.IssueLeaf(customise: r => r.CertificateExtensions.Add(new X509Extension("1.2.3.4.5", [0x05, 0x00], critical: true)));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("1.2.3.4.5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AllThreeHierarchiesConfigured_EachValid()
    {
        // Arrange: one trust configuration holding ECDSA, bign and GOST hierarchies
        var ecdsa = new TestPki(Now);
        using var bign = KeyFileTestPki.Create("bign", Now);
        using var gost = KeyFileTestPki.Create("gost", Now);
        using var ecdsaLeaf = ecdsa.IssueLeaf();
        using var bignLeaf = bign.IssueLeaf();
        using var gostLeaf = gost.IssueLeaf();
        var trust = TrustMaterial.Create([ecdsa.Root, bign.Root, gost.Root], [ecdsa.Issuing, bign.Issuing, gost.Issuing], [ecdsa.Crl(), bign.Crl(), gost.Crl()]);
        var validator = new ChainValidator(trust);

        // Act & Assert
        Assert.Equal(ChainStatus.Valid, validator.Validate(ecdsaLeaf, [], CertificatePurpose.Signature, Now).Status);
        Assert.Equal(ChainStatus.Valid, validator.Validate(bignLeaf, [], CertificatePurpose.Signature, Now).Status);
        Assert.Equal(ChainStatus.Valid, validator.Validate(gostLeaf, [], CertificatePurpose.Signature, Now).Status);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Validate_LeafUnderEcdsaCa_ValidThroughEcdsaLink(string family)
    {
        // Arrange: a bign- or GOST-keyed leaf signed by an ECDSA issuing CA is checked by our path building (ECDSA link)
        var ecdsa = new TestPki(Now);
        using var keys = KeyFileTestPki.Create(family, Now);
        var request = new CertificateRequest(TestPki.Name("Mixed " + Guid.NewGuid().ToString("N")), keys.NewLeafPublicKey(), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(KeyFileTestPki.SigningUsage, critical: true));
        using var issuerKey = ecdsa.Issuing.GetECDsaPrivateKey()!;
        using var leaf = request.Create(ecdsa.Issuing.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now.AddDays(-1), Now.AddYears(1), [0x41, 0x02]);
        var validator = new ChainValidator(ecdsa.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert: the mixed chain is supported
        Assert.True(result.Status == ChainStatus.Valid, result.Detail);
    }
}
