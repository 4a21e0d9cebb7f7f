using System.Security.Cryptography.X509Certificates;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.GostEds;

/// <summary>GOST chains specifically; the rules shared with bign are in <see cref="OwnPathChainValidatorTests"/>.</summary>
public sealed class GostChainValidatorTests(SamplePkiFixture sample) : IClassFixture<SamplePkiFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Validate_SampleGostOrganisation_ValidToGostRootWithGostCrl()
    {
        // Arrange: all three sample hierarchies configured together
        var validator = new ChainValidator(sample.Trust());
        using var organisation = sample.Crt(SamplePki.GostOrganisation);

        // Act
        var result = validator.Validate(organisation, [], CertificatePurpose.Signature, Now.AddMinutes(1));

        // Assert
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(
            [organisation.Thumbprint, sample.Crt(SamplePki.GostIssuingCa).Thumbprint, sample.Crt(SamplePki.GostRootCa).Thumbprint],
            result.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Validate_SampleGostOrganisationRevokedInItsCrl_Revoked()
    {
        // Arrange: a CRL of the sample issuing CA, signed with its key from the .key file, that lists the organisation
        using var issuing = sample.Crt(SamplePki.GostIssuingCa);
        using var organisation = sample.Crt(SamplePki.GostOrganisation);
        using var issuingKey = GostKeyContainer.Decrypt(sample.Key(SamplePki.GostIssuingCa), SamplePki.DemoPassword);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(organisation, Now.AddHours(-1));
        var crl = builder.Build(
            issuing.SubjectName, new GostSignatureGenerator(issuingKey), 2, Now.AddDays(10), issuingKey.Set.HashName,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuing, true, false), Now.AddHours(-1));
        var validator = new ChainValidator(TrustMaterial.Create([sample.Crt(SamplePki.GostRootCa)], [issuing], [crl]));

        // Act
        var result = validator.Validate(organisation, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.Equal(ChainStatus.Revoked, result.Status);
        Assert.Contains(organisation.Subject, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GostLeafOf256BitHierarchy_ValidWithBuiltPath()
    {
        // Arrange
        using var pki = new GostTestPki(Now, caSet: GostParameterSet.CryptoProA, leafSet: GostParameterSet.Find(GostOids.Tc26Gost256B));
        using var leaf = pki.IssueLeaf();
        var validator = new ChainValidator(pki.Trust(pki.Crl()));

        // Act
        var result = validator.Validate(leaf, [], CertificatePurpose.Signature, Now);

        // Assert
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal([leaf.Thumbprint, pki.Issuing.Thumbprint, pki.Root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
    }
}
