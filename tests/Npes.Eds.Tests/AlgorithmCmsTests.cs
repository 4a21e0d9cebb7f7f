using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Cms;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests;

/// <summary>
/// CMS SignedData that NPES writes and reads itself (<see cref="AlgorithmCms"/>), through <see cref="CmsVerifier"/>:
/// the same checks for a bign and a GOST R 34.10-2012 signer. A detached signature over a letter manifest is how a
/// sender signs a letter.
/// </summary>
public sealed class AlgorithmCmsTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private static readonly byte[] Manifest = """{"s10":"RR123456785BY","subject":"Заказное письмо №1","documents":["договор.pdf"]}"""u8.ToArray();

    public static TheoryData<string> Families() => [BignEdsProvider.ProviderId, GostEdsProvider.ProviderId];

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_DetachedManifestSignature_ValidWithSignerAndContent(string family)
    {
        // Arrange
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: true);

        // Act
        var result = Verifier().Verify(cms, Manifest, requireTimestamp: false);

        // Assert
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(signer.Thumbprint, result.Signer!.Thumbprint);
        Assert.Equal(Manifest, result.Content);
    }

    [Theory]
    [InlineData("bign", "1.2.112.0.2.0.34.101.31.81", "1.2.112.0.2.0.34.101.45.12", 48)]
    [InlineData("gost", "1.2.643.7.1.1.2.2", "1.2.643.7.1.1.1.1", 64)]
    public void Sign_Cms_HasTheFamilyProfileReadableByDotNet(string family, string digestOid, string signatureOid, int signatureSize)
    {
        // Arrange
        using var signer = pki.Crt(Family(family).Signer);

        // Act: .NET decodes the structure, with our algorithms and attributes
        var cms = new SignedCms();
        cms.Decode(Sign(family, signer, detached: false));
        var signerInfo = cms.SignerInfos[0];

        // Assert
        Assert.Equal(digestOid, signerInfo.DigestAlgorithm.Value);
        Assert.Equal(signatureOid, signerInfo.SignatureAlgorithm.Value);
        Assert.Equal(signatureSize, signerInfo.GetSignature().Length);
        Assert.Equal(
            ["1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"],
            signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order(StringComparer.Ordinal));
        var digest = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == "1.2.840.113549.1.9.4");
        var messageDigest = new Pkcs9MessageDigest();
        messageDigest.CopyFrom(digest.Values[0]);
        Assert.Equal(Family(family).Hash(Manifest), messageDigest.MessageDigest);
        Assert.Equal(signer.Thumbprint, signerInfo.Certificate!.Thumbprint);
        Assert.Equal(
            new[] { signer.Thumbprint, pki.Crt(Family(family).IssuingCa).Thumbprint }.Order(StringComparer.Ordinal),
            cms.Certificates.Cast<X509Certificate2>().Select(c => c.Thumbprint).Order(StringComparer.Ordinal)); // DER sorts the SET OF
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_AttachedCms_ValidAndReturnsContent(string family)
    {
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: false);

        var result = Verifier().Verify(cms, null, requireTimestamp: false);

        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(Manifest, result.Content);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_DetachedWithOtherContent_FailsOnMessageDigest(string family)
    {
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: true);

        var result = Verifier().Verify(cms, [.. Manifest, (byte)' '], requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("message digest does not match the content", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_TamperedAttachedContent_FailsOnMessageDigest(string family)
    {
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: false);
        var at = cms.AsSpan().IndexOf(Manifest);
        cms[at + 3] ^= 0x01;

        var result = Verifier().Verify(cms, null, requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("message digest", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_TamperedSignature_FailsOnSignature(string family)
    {
        // Arrange
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: true);
        var decoded = new SignedCms(new ContentInfo(Manifest), detached: true);
        decoded.Decode(cms);
        var at = cms.AsSpan().IndexOf(decoded.SignerInfos[0].GetSignature());
        cms[at + 40] ^= 0x80;

        // Act
        var result = Verifier().Verify(cms, Manifest, requireTimestamp: false);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains($"the {Family(family).Name} signature over the signed attributes is not valid", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_TamperedSignedAttribute_FailsOnSignature(string family)
    {
        // Arrange: change the signing time (a signed attribute) by one digit
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: true, signingTime: new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var at = cms.AsSpan().IndexOf("300102030405Z"u8);
        cms[at + 11] = (byte)'6';

        // Act
        var result = Verifier().Verify(cms, Manifest, requireTimestamp: false);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains($"{Family(family).Name} signature", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_SignedByCertificateOfAnotherPki_FailsOnChain(string family)
    {
        // Arrange: a valid signature by a certificate of a PKI that is not trusted
        using var other = KeyFileTestPki.Create(family, DateTimeOffset.UtcNow);
        using var stranger = other.IssueLeaf();
        using var provider = NewProvider(family);
        ((IEdsKeyStore)provider).ImportKey(stranger, other.KeyFile(stranger, "x"), "x");
        var cms = Family(family).Sign(Manifest, false, stranger, [other.Issuing], (IEdsProvider)provider, DateTimeOffset.UtcNow).Encode();

        // Act
        var result = Verifier().Verify(cms, null, requireTimestamp: false);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains("not acceptable", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Verify_WithoutTimestamp_FailsWhenTimestampRequired(string family)
    {
        using var signer = pki.Crt(Family(family).Signer);
        var cms = Sign(family, signer, detached: true);

        var result = Verifier().Verify(cms, Manifest, requireTimestamp: true);

        Assert.False(result.IsValid);
        Assert.Contains("no RFC 3161 timestamp", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Sign_EcdsaSigner_ThrowsArgument(string family)
    {
        using var ecdsa = pki.Crt("citizen-1");
        using var provider = NewProvider(family);

        var error = Assert.Throws<ArgumentException>(() => Family(family).Sign(Manifest, true, ecdsa, [], (IEdsProvider)provider, DateTimeOffset.UtcNow));

        Assert.Equal("signer", error.ParamName);
    }

    [Theory]
    [InlineData("bign", "1.2.112.0.2.0.34.101.45.12", "1.2.112.0.2.0.34.101.31.81")] // OpenSSL does not know the bign OIDs
    [InlineData("gost", "GOST R 34.10-2012 with 256 bit modulus", "GOST R 34.11-2012 with 256 bit hash")] // it names the GOST ones
    public void Sign_Cms_ReadableByOpenSslCms(string family, string signatureAlgorithm, string digestAlgorithm)
    {
        // Arrange
        using var signer = pki.Crt(Family(family).Signer);
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("letter.p7m"), Sign(family, signer, detached: false));

        // Act: OpenSSL parses the SignedData; without bign support or the gost engine it cannot check the signature
        var (exitCode, output) = OpenSsl.Run(dir.Path, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "letter.p7m");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains(signatureAlgorithm, output, StringComparison.Ordinal);
        Assert.Contains(digestAlgorithm, output, StringComparison.Ordinal);
    }

    private delegate AlgorithmSignedData SignWith(
        ReadOnlyMemory<byte> content, bool detached, X509Certificate2 signer, IEnumerable<X509Certificate2> chain, IEdsProvider provider, DateTimeOffset signingTime);

    /// <summary>The family's name in messages, its sample signer and issuing CA, its CMS signer and the signer's digest.</summary>
    private static (string Name, string Signer, string IssuingCa, SignWith Sign, Func<byte[], byte[]> Hash) Family(string id) => id == BignEdsProvider.ProviderId
        ? ("bign", SamplePki.BignCitizen, SamplePki.BignIssuingCa, BignCms.Sign, data => Npes.Eds.Stb.BeltHash.HashData(data))
        : ("GOST R 34.10-2012", SamplePki.GostOrganisation, SamplePki.GostIssuingCa, GostCms.Sign, data => GostParameterSet.Tc26Gost256A.Hash(data));

    private static IDisposable NewProvider(string id) =>
        id == BignEdsProvider.ProviderId ? new BignEdsProvider() : new GostEdsProvider();

    private byte[] Sign(string id, X509Certificate2 signer, bool detached, DateTimeOffset? signingTime = null)
    {
        var family = Family(id);
        using var provider = NewProvider(id);
        ((IEdsKeyStore)provider).ImportKey(signer, pki.Key(family.Signer), SamplePki.DemoPassword);
        return family.Sign(Manifest, detached, signer, [pki.Crt(family.IssuingCa)], (IEdsProvider)provider, signingTime ?? DateTimeOffset.UtcNow).Encode();
    }

    private CmsVerifier Verifier() => new(new ChainValidator(pki.Trust()));
}
