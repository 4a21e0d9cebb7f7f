using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Cms;
using Npes.Eds.GostEds;
using Npes.Eds.Pki;
using Npes.Eds.Tests.BignEds;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.GostEds;

/// <summary>GOST CMS specifically; the checks shared with bign are in <see cref="AlgorithmCmsTests"/>.</summary>
public sealed class GostCmsTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    /// <summary>A letter manifest, as a sender signs it (detached) before submitting the letter.</summary>
    private static readonly byte[] Manifest = """{"s10":"RR123456785BY","documents":[{"name":"договор.pdf","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}"""u8.ToArray();

    [Fact]
    public void Verify_SignatureAlgorithmWrittenAsSignWithDigest_Valid()
    {
        // Arrange: the same CMS with signatureAlgorithm id-tc26-signwithdigest-gost3410-12-256 (RFC 9215 naming), which
        // the signature does not cover; both names are in use
        using var signer = pki.Crt(SamplePki.GostOrganisation);
        var cms = SignAsOrganisation(signer, detached: true);
        var renamed = Replace(cms, "300C06082A850307010101010500", "300C06082A850307010103020500");

        // Act
        var result = Verifier().Verify(renamed, Manifest, requireTimestamp: false);

        // Assert
        Assert.True(result.IsValid, result.Failure);
    }

    [Fact]
    public void Verify_SignatureAlgorithmOfTheOtherKeySize_Fails()
    {
        using var signer = pki.Crt(SamplePki.GostOrganisation);
        var cms = SignAsOrganisation(signer, detached: true);
        var renamed = Replace(cms, "300C06082A850307010101010500", "300C06082A850307010101020500");

        var result = Verifier().Verify(renamed, Manifest, requireTimestamp: false);

        Assert.False(result.IsValid);
        Assert.Contains("the signature algorithm is 1.2.643.7.1.1.1.2", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DigestAlgorithmOfTheOtherKeySize_Fails()
    {
        // Arrange: no CA certificate in the CMS, so the only occurrences of Streebog-256 are the digest algorithms
        using var signer = pki.Crt(SamplePki.GostOrganisation);
        using var provider = OrganisationProvider(signer);
        var cms = GostCms.Sign(Manifest, true, signer, [], provider, DateTimeOffset.UtcNow).Encode();
        var renamed = Replace(cms, "06082A85030701010202", "06082A85030701010203");

        // Act
        var result = Verifier().Verify(renamed, Manifest, requireTimestamp: false);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains("the digest algorithm is 1.2.643.7.1.1.2.3, not Streebog-256 (1.2.643.7.1.1.2.2)", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void SignAndVerify_512BitSigner_UsesStreebog512AndVerifies()
    {
        // Arrange
        using var gost = new GostTestPki(DateTimeOffset.UtcNow, leafSet: GostParameterSet.Tc26Gost512A);
        using var signer = gost.IssueLeaf();
        using var provider = new GostEdsProvider();
        provider.ImportKey(signer, GostKeyContainer.Decrypt(GostKeyContainer.Encrypt(gost.KeyOf(signer), "x", 1_000), "x"));

        // Act
        var cms = GostCms.Sign(Manifest, true, signer, [gost.Issuing], provider, DateTimeOffset.UtcNow).Encode();
        var result = new CmsVerifier(new ChainValidator(gost.Trust(gost.Crl()))).Verify(cms, Manifest, requireTimestamp: false);
        var decoded = new SignedCms(new ContentInfo(Manifest), detached: true);
        decoded.Decode(cms);

        // Assert
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(GostOids.Streebog512, decoded.SignerInfos[0].DigestAlgorithm.Value);
        Assert.Equal(GostOids.PublicKey512, decoded.SignerInfos[0].SignatureAlgorithm.Value);
        Assert.Equal(128, decoded.SignerInfos[0].GetSignature().Length);
    }

    [Fact]
    public async Task Verify_GostCmsWithSignatureTimestamp_ValidAndTimestamped()
    {
        // Arrange: the built-in TSA (ECDSA) dates the GOST signature value
        using var signer = pki.Crt(SamplePki.GostOrganisation);
        using var provider = OrganisationProvider(signer);
        var tsaCertificate = X509CertificateLoader.LoadPkcs12FromFile(pki.File("tsa.p12"), SamplePki.DemoPassword);
        using var tsa = new BuiltInTimestampAuthority(tsaCertificate, "1.2.3.4.1", TimeProvider.System);
        var signed = GostCms.Sign(Manifest, true, signer, [pki.Crt(SamplePki.GostIssuingCa)], provider, DateTimeOffset.UtcNow);
        var token = await tsa.TimestampAsync(SHA256.HashData(signed.Signature), CancellationToken.None);

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);
        var untimestamped = Verifier().Verify(signed.Encode(), Manifest, requireTimestamp: true);

        // Assert
        Assert.True(result.IsValid, result.Failure);
        Assert.NotNull(result.TimestampedAt);
        Assert.False(untimestamped.IsValid);
        Assert.Contains("no RFC 3161 timestamp", untimestamped.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GostCmsWithBignVerifier_FailsAndViceVersaDispatchIsByAlgorithm()
    {
        // Arrange
        using var gostSigner = pki.Crt(SamplePki.GostOrganisation);
        using var bignSigner = pki.Crt(SamplePki.BignCitizen);
        var cms = SignAsOrganisation(gostSigner, detached: true);
        var signerInfo = DecodeSignerInfo(cms);

        // Act & Assert
        Assert.True(GostCms.IsGost(signerInfo, gostSigner));
        Assert.False(BignCms.IsBign(signerInfo, gostSigner));
        Assert.Equal("the signer's certificate has no bign-curve256v1 public key", BignCms.Verify(cms, Manifest, gostSigner));
        Assert.Equal("the signer's certificate has no supported GOST R 34.10-2012 public key", GostCms.Verify(cms, Manifest, bignSigner));
    }

    [Fact]
    public void Sign_ProviderReturningWrongSize_ThrowsEds()
    {
        using var signer = pki.Crt(SamplePki.GostOrganisation);

        var error = Assert.Throws<EdsException>(() => GostCms.Sign(Manifest, true, signer, [], new FixedSizeProvider(48), DateTimeOffset.UtcNow));

        Assert.Contains("48-byte signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ArgumentGuards_ThrowPrecisely()
    {
        using var signer = pki.Crt(SamplePki.GostOrganisation);
        using var ecdsa = pki.Crt("citizen-1");
        using var provider = new GostEdsProvider();

        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => GostCms.Sign(Manifest, true, null!, [], provider, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentException>(() => GostCms.Sign(Manifest, true, ecdsa, [], provider, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("chain", Assert.Throws<ArgumentNullException>(() => GostCms.Sign(Manifest, true, signer, null!, provider, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("chain", Assert.Throws<ArgumentException>(() => GostCms.Sign(Manifest, true, signer, [null!], provider, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("provider", Assert.Throws<ArgumentNullException>(() => GostCms.Sign(Manifest, true, signer, [], null!, DateTimeOffset.UtcNow)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => GostCms.Verify(new byte[1], null, null!)).ParamName);
        Assert.Equal("signerInfo", Assert.Throws<ArgumentNullException>(() => GostCms.IsGost(null!, signer)).ParamName);
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => GostCms.IsGost(DecodeSignerInfo(SignAsOrganisation(signer, true)), null!)).ParamName);
    }

    [Fact]
    public void Verify_Garbage_ReportsUndecodable()
    {
        using var signer = pki.Crt(SamplePki.GostOrganisation);

        var problem = GostCms.Verify(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, null, signer);

        Assert.StartsWith("the GOST R 34.10-2012 SignedData cannot be decoded", problem, StringComparison.Ordinal);
    }

    private byte[] SignAsOrganisation(X509Certificate2 signer, bool detached, DateTimeOffset? signingTime = null)
    {
        using var provider = OrganisationProvider(signer);
        return GostCms.Sign(Manifest, detached, signer, [pki.Crt(SamplePki.GostIssuingCa)], provider, signingTime ?? DateTimeOffset.UtcNow).Encode();
    }

    private GostEdsProvider OrganisationProvider(X509Certificate2 signer)
    {
        var provider = new GostEdsProvider();
        provider.ImportKey(signer, pki.Key(SamplePki.GostOrganisation), SamplePki.DemoPassword);
        return provider;
    }

    private CmsVerifier Verifier() => new(new ChainValidator(pki.Trust()));

    private static SignerInfo DecodeSignerInfo(byte[] cms)
    {
        var signed = new SignedCms(new ContentInfo(Manifest), detached: true);
        signed.Decode(cms);
        return signed.SignerInfos[0];
    }

    /// <summary>Replaces every occurrence of a byte string by another of the same length.</summary>
    private static byte[] Replace(byte[] data, string oldHex, string newHex)
    {
        var (old, replacement) = (Convert.FromHexString(oldHex), Convert.FromHexString(newHex));
        var result = (byte[])data.Clone();
        var found = 0;
        for (var at = result.AsSpan().IndexOf(old); at >= 0; at = result.AsSpan().IndexOf(old))
        {
            replacement.CopyTo(result, at);
            found++;
        }

        Assert.True(found > 0, $"{oldHex} does not occur");
        return result;
    }

    /// <summary>A provider that claims every certificate and returns a signature of the wrong size.</summary>
    private sealed class FixedSizeProvider(int size) : IEdsProvider
    {
        public string Id => "fixed";

        public bool Supports(X509Certificate2 certificate) => true;

        public byte[] Sign(X509Certificate2 signer, ReadOnlySpan<byte> data) => new byte[size];

        public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => false;

        public SignerIdentity Describe(X509Certificate2 certificate) => throw new NotSupportedException();
    }
}
