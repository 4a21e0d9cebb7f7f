using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests;

public sealed class ChainValidatorTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Validate_LeafOfConfiguredCa_ValidWithBuiltPath()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal([leaf.Thumbprint, pki.Issuing.Thumbprint, pki.Root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafOfOtherRoot_Untrusted()
    {
        // Arrange
        var trusted = new TestPki(Now);
        var other = new TestPki(Now);
        using var leaf = other.IssueLeaf();
        var validator = new ChainValidator(trusted.Trust());

        // Act
        var result = validator.Validate(leaf, [other.Issuing, other.Root], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OtherRootWithSameName_Untrusted()
    {
        // Arrange: an impostor root that copies the trusted root's name but not its key
        var trusted = new TestPki(Now);
        var impostor = new TestPki(Now, rootName: trusted.RootName);
        using var leaf = impostor.IssueLeaf(issuer: impostor.Root);
        var validator = new ChainValidator(trusted.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
    }

    [Fact]
    public void Validate_IntermediateSuppliedByClient_Valid()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(TrustMaterial.Create([pki.Root]));

        // Act
        var withoutIntermediate = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);
        var withIntermediate = validator.Validate(leaf, [TestPki.PublicOnly(pki.Issuing)], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, withoutIntermediate.Status);
        Assert.Equal(ChainStatus.Valid, withIntermediate.Status);
    }

    [Fact]
    public void Validate_NoAnchorsConfigured_Untrusted()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(TrustMaterial.Create([]));

        // Act
        var result = validator.Validate(leaf, [pki.Issuing, pki.Root], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("no trust anchors", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpiredLeaf_ExpiredNamingLeaf()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddDays(-30), notAfter: Now.AddDays(-1));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Expired, result.Status);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
        Assert.Equal(3, result.Chain.Count);
    }

    [Fact]
    public void Validate_ExpiredIssuingCa_ExpiredNamingIssuingCa()
    {
        // Arrange
        var pki = new TestPki(Now, issuingNotAfter: Now.AddDays(-1));
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Expired, result.Status);
        Assert.Contains(pki.Issuing.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafValidOnlyInFuture_NotYetValid()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddDays(1), notAfter: Now.AddDays(30));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.NotYetValid, result.Status);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidationTimeInPast_UsesThatTime()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddDays(-30), notAfter: Now.AddDays(-1));
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now.AddDays(-2));

        // Assert
        Assert.Equal(ChainStatus.Valid, result.Status);
    }

    [Fact]
    public void Validate_KeyEnciphermentOnlyLeaf_WrongKeyUsage()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(usage: X509KeyUsageFlags.KeyEncipherment);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.WrongKeyUsage, result.Status);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafWithoutKeyUsage_WrongKeyUsage()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(usage: null);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.WrongKeyUsage, result.Status);
    }

    [Fact]
    public void Validate_TlsServerOnlyLeaf_WrongKeyUsage()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(usage: X509KeyUsageFlags.DigitalSignature, extendedUsages: [ServerAuth]);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.WrongKeyUsage, result.Status);
        Assert.Contains("TLS server", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientAuthLeaf_Valid()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(extendedUsages: [ClientAuth, ServerAuth]);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Valid, result.Status);
    }

    [Fact]
    public void Validate_CaCertificate_WrongKeyUsage()
    {
        // Arrange
        var pki = new TestPki(Now);
        var validator = new ChainValidator(pki.Trust());

        // Act
        var result = validator.Validate(pki.Issuing, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.WrongKeyUsage, result.Status);
        Assert.Contains("CA certificate", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SerialListedInCrl_Revoked()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust(pki.Crl([leaf])));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Revoked, result.Status);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IssuingCaListedInRootCrl_Revoked()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust(pki.Crl(), pki.Crl([pki.Issuing], issuer: pki.Root)));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Revoked, result.Status);
        Assert.Contains(pki.Issuing.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CrlListingOtherSerial_Valid()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        using var other = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust(pki.Crl([other])));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Valid, result.Status);
    }

    [Fact]
    public void Validate_RevokedAndExpiredLeaf_ExpiredComesFirst()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddDays(-30), notAfter: Now.AddDays(-1));
        var validator = new ChainValidator(pki.Trust(pki.Crl([leaf])));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Expired, result.Status);
    }

    [Fact]
    public void Validate_RevocationRequiredAndNoCrl_UntrustedNamingTheIssuer()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(TrustMaterial.Create([pki.Root], [pki.Issuing], requireRevocation: true));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);
        var withCarriedCrl = validator.Validate(leaf, [], CertificatePurpose.Signature, Now, RevocationEvidence.Parse([pki.Crl()]));

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("there is no CRL for its issuer", result.Detail, StringComparison.Ordinal);
        Assert.Contains(pki.Issuing.Subject, result.Detail, StringComparison.Ordinal);
        Assert.Equal(ChainStatus.Valid, withCarriedCrl.Status);
    }

    [Fact]
    public void Validate_PastSignatureWithLaterCrl_RevokedOnlyIfRevokedBeforeThen()
    {
        // Arrange: a signature made 5 days ago; a CRL issued today lists the certificate as revoked an hour ago.
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf(notBefore: Now.AddDays(-8));
        var validator = new ChainValidator(pki.Trust(pki.Crl([leaf], thisUpdate: Now)));

        // Act
        var signedBefore = validator.Validate(leaf, [], CertificatePurpose.Signature, Now.AddDays(-5));
        var signedAfter = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Valid, signedBefore.Status);
        Assert.Equal(ChainStatus.Revoked, signedAfter.Status);
    }

    [Fact]
    public void Validate_CarriedCrlOfAnotherCa_DoesNotStandInForTheIssuers()
    {
        // Arrange
        var pki = new TestPki(Now);
        var other = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(TrustMaterial.Create([pki.Root], [pki.Issuing], requireRevocation: true));
        var forged = other.Crl(issuer: other.Issuing);

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now, RevocationEvidence.Parse([forged]));

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
    }

    [Fact]
    public void Validate_StaleCrl_UntrustedSayingStale()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var stale = pki.Crl(thisUpdate: Now.AddDays(-40), nextUpdate: Now.AddDays(-10));
        var validator = new ChainValidator(pki.Trust(stale));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("stale", result.Detail, StringComparison.Ordinal);
        Assert.Contains(leaf.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CrlSignedByImpostorKey_UntrustedSayingNotSigned()
    {
        // Arrange: a CA with the issuing CA's name but another key signs a CRL that revokes nothing
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        using var impostor = TestPki.CreateCa(pki.Issuing.SubjectName, null, Now.AddDays(-1), Now.AddYears(1));
        var validator = new ChainValidator(pki.Trust(pki.Crl(issuer: impostor)));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("not signed by that issuer's key", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CrlWithCorruptedSignature_Untrusted()
    {
        // Arrange
        var pki = new TestPki(Now);
        using var leaf = pki.IssueLeaf();
        var crl = pki.Crl();
        crl[^5] ^= 0x01;
        var validator = new ChainValidator(pki.Trust(crl));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Untrusted, result.Status);
    }

    [Fact]
    public void Validate_NullCertificate_ThrowsArgumentNull()
    {
        var validator = new ChainValidator(TrustMaterial.Create([]));
        var error = Assert.Throws<ArgumentNullException>(() => validator.Validate(null!, [], CertificatePurpose.Signature, Now));
        Assert.Equal("certificate", error.ParamName);
    }

    [Fact]
    public void Validate_NullExtraCertificates_ThrowsArgumentNull()
    {
        using var certificate = TestPki.SelfSignedRsa(2048);
        var validator = new ChainValidator(TrustMaterial.Create([]));
        var error = Assert.Throws<ArgumentNullException>(() => validator.Validate(certificate, null!, CertificatePurpose.Signature, Now));
        Assert.Equal("extraCertificates", error.ParamName);
    }

    [Fact]
    public void Validate_NullAmongExtraCertificates_ThrowsArgument()
    {
        using var certificate = TestPki.SelfSignedRsa(2048);
        var validator = new ChainValidator(TrustMaterial.Create([]));
        var error = Assert.Throws<ArgumentException>(() => validator.Validate(certificate, [null!], CertificatePurpose.Signature, Now));
        Assert.Equal("extraCertificates", error.ParamName);
    }

    [Fact]
    public void Validate_TooManyExtraCertificates_ThrowsArgument()
    {
        using var certificate = TestPki.SelfSignedRsa(2048);
        var validator = new ChainValidator(TrustMaterial.Create([]));
        var extras = Enumerable.Repeat(certificate, ChainValidator.MaxExtraCertificates + 1).ToList();
        var error = Assert.Throws<ArgumentException>(() => validator.Validate(certificate, extras, CertificatePurpose.Signature, Now));
        Assert.Equal("extraCertificates", error.ParamName);
    }

    [Fact]
    public void Validate_UnknownPurpose_ThrowsArgumentOutOfRange()
    {
        using var certificate = TestPki.SelfSignedRsa(2048);
        var validator = new ChainValidator(TrustMaterial.Create([]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => validator.Validate(certificate, [], (CertificatePurpose)42, Now));
        Assert.Equal("purpose", error.ParamName);
    }

    [Fact]
    public void Constructor_NullTrust_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new ChainValidator(null!));
        Assert.Equal("trust", error.ParamName);
    }
}
