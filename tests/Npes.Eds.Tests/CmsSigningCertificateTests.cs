using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests;

/// <summary>The ESS signing-certificate-v2 attribute must name the certificate a CMS signature is checked with.</summary>
public sealed class CmsSigningCertificateTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private static readonly byte[] Content = "манифест"u8.ToArray();

    [Fact]
    public void Verify_AttributeNamesTheSigner_Valid()
    {
        using var signer = Organisation();

        var result = Verifier().Verify(Sign(signer, Asn.SigningCertificateV2(signer)), Content, requireTimestamp: false);

        Assert.True(result.IsValid, result.Failure);
    }

    [Fact]
    public void Verify_AttributeNamesAnotherCertificate_RefusedAsSubstitution()
    {
        using var signer = Organisation();
        using var other = pki.Crt("citizen-1");

        var result = Verifier().Verify(Sign(signer, Asn.SigningCertificateV2(other)), Content, requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("ESS signing-certificate-v2 attribute names another certificate", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AttributeOfAnotherShape_RefusedAsUndecodable()
    {
        using var signer = Organisation();

        var result = Verifier().Verify(Sign(signer, new AsnEncodedData(Asn.SigningCertificateV2Oid, [0x30, 0x03, 0x02, 0x01, 0x05])), Content, requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("ESS signing-certificate-v2 attribute cannot be decoded", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoAttribute_ValidForOtherSigners()
    {
        using var signer = Organisation();

        var result = Verifier().Verify(Sign(signer, null), Content, requireTimestamp: false);

        Assert.True(result.IsValid, result.Failure);
    }

    private X509Certificate2 Organisation() =>
        X509CertificateLoader.LoadPkcs12FromFile(pki.File("org-1.p12"), SamplePki.DemoPassword, X509KeyStorageFlags.EphemeralKeySet);

    private static byte[] Sign(X509Certificate2 signer, AsnEncodedData? signingCertificate)
    {
        var cms = new SignedCms(new ContentInfo(Content), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { DigestAlgorithm = new Oid(Asn.Sha256Oid) };
        if (signingCertificate is not null)
        {
            cmsSigner.SignedAttributes.Add(signingCertificate);
        }

        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }

    private CmsVerifier Verifier() => new(new ChainValidator(pki.Trust()));
}
