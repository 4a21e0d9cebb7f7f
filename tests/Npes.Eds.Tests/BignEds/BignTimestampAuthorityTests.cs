using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npes.Eds.BignEds;
using Npes.Eds.Cms;
using Npes.Eds.Pki;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

/// <summary>The built-in RFC 3161 TSA with a bign key, its tokens through <see cref="CmsVerifier"/>, and its configuration.</summary>
public sealed class BignTimestampAuthorityTests(SamplePkiFixture pki) : IClassFixture<SamplePkiFixture>
{
    private const string Policy = "1.2.3.4.1";
    private const string BignWithHbelt = "1.2.112.0.2.0.34.101.45.12";
    private const string BeltHash = "1.2.112.0.2.0.34.101.31.81";
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private static readonly byte[] Manifest = """{"s10":"RR123456785BY","subject":"Заказное письмо №1"}"""u8.ToArray();

    /// <summary>A whole second after the sample PKI was issued, so that every certificate is valid then.</summary>
    private static readonly DateTimeOffset GenTime = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);

    [Fact]
    public async Task TimestampAsync_BignTsa_TokenDecodesWithDotNetAsTstInfoSignedWithBign()
    {
        // Arrange
        using var provider = Provider(SamplePki.BignTsa);
        using var tsa = Tsa(provider);
        var hash = SHA256.HashData(Manifest);

        // Act: .NET reads the SignedData and the TSTInfo in it (Rfc3161TimestampToken.TryDecode would also check the
        // signature with the certificate the token carries, which it cannot for bign)
        var encoded = await tsa.TimestampAsync(hash, CancellationToken.None);
        var signed = new SignedCms();
        signed.Decode(encoded);

        // Assert
        Assert.Equal(Asn.TstInfoContentType, signed.ContentInfo.ContentType.Value);
        Assert.Equal(3, signed.Version);
        Assert.True(Rfc3161TimestampTokenInfo.TryDecode(signed.ContentInfo.Content, out var info, out var consumed));
        Assert.Equal(signed.ContentInfo.Content.Length, consumed);
        Assert.Equal(1, info.Version);
        Assert.Equal(GenTime, info.Timestamp);
        Assert.Equal(Policy, info.PolicyId.Value);
        Assert.Equal(Asn.Sha256Oid, info.HashAlgorithmId.Value);
        Assert.Equal(hash, info.GetMessageHash().ToArray());
        Assert.Equal(1_000_000, info.AccuracyInMicroseconds);
        Assert.Equal(16, info.GetSerialNumber().Length);
        var signerInfo = Assert.Single(signed.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(BignWithHbelt, signerInfo.SignatureAlgorithm.Value);
        Assert.Equal(BeltHash, signerInfo.DigestAlgorithm.Value);
        Assert.Equal(pki.Crt(SamplePki.BignTsa).Thumbprint, signerInfo.Certificate!.Thumbprint);
        Assert.Equal(
            ["1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"],
            signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order(StringComparer.Ordinal));
        Assert.Contains(signed.Certificates.Cast<X509Certificate2>(), c => c.Thumbprint == pki.Crt(SamplePki.BignIssuingCa).Thumbprint);
    }

    [Fact]
    public async Task Verify_BignCmsWithBignTimestamp_ValidAndTimestampedAtGenTime()
    {
        // Arrange
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var tsa = Tsa(provider);
        var signed = SignAsOperator(provider);
        var token = await tsa.TimestampAsync(SHA256.HashData(signed.Signature), CancellationToken.None);

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(GenTime, result.TimestampedAt);
    }

    [Fact]
    public async Task Verify_ChangedByteInTokenSignature_FailsOnTheTsaSignature()
    {
        // Arrange
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var tsa = Tsa(provider);
        var signed = SignAsOperator(provider);
        var token = await tsa.TimestampAsync(SHA256.HashData(signed.Signature), CancellationToken.None);
        var decoded = new SignedCms();
        decoded.Decode(token);
        var signature = decoded.SignerInfos[0].GetSignature();
        var at = token.AsSpan().IndexOf(signature);
        Assert.True(at > 0);
        token[at + signature.Length - 1] ^= 0x01;

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.Equal(
            "the TSA signature of the signature timestamp does not verify: the bign signature over the signed attributes is not valid", result.Failure);
    }

    [Fact]
    public async Task Verify_DamagedCertificateInToken_FailsAsUndecodableTimestamp()
    {
        // Arrange: the TSA certificate's TBSCertificate tag turned from SEQUENCE into SET; SignedCms decodes a token's
        // certificates only when one is looked up
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var tsa = Tsa(provider);
        var signed = SignAsOperator(provider);
        var token = await tsa.TimestampAsync(SHA256.HashData(signed.Signature), CancellationToken.None);
        using var tsaCertificate = pki.Crt(SamplePki.BignTsa);
        var at = token.AsSpan().IndexOf(tsaCertificate.RawData);
        Assert.True(at > 0);
        token[at + 4] = 0x31;

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.Equal("the signature timestamp cannot be decoded", result.Failure);
    }

    [Fact]
    public async Task Verify_TokenOverAnotherHash_FailsOnTheMessageImprint()
    {
        // Arrange
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var tsa = Tsa(provider);
        var signed = SignAsOperator(provider);
        var token = await tsa.TimestampAsync(SHA256.HashData(Manifest), CancellationToken.None);

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains("its message imprint is not SHA-256 of the signature value", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TokenSignedByCertificateWithoutTimeStampingUsage_FailsOnTheTsaCertificate()
    {
        // Arrange: a TSTInfo signed by hand with the operator's bign key, whose certificate is not for time-stamping
        using var provider = Provider(SamplePki.BignOperatorService);
        using var operatorCertificate = pki.Crt(SamplePki.BignOperatorService);
        var signed = SignAsOperator(provider);
        var info = TimestampTokens.EncodeTstInfo(SHA256.HashData(signed.Signature), new Oid(Policy), GenTime);
        var token = BignCms.Sign(info, false, operatorCertificate, [], provider, GenTime, Asn.TstInfoContentType).Encode();
        Assert.False(Rfc3161TimestampToken.TryDecode(token, out _, out _)); // the bign path of the verifier, not .NET's

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.Equal(
            $"the TSA certificate {operatorCertificate.Subject} does not have exactly one, critical, extended key usage: timeStamping (RFC 3161 §2.3)",
            result.Failure);
    }

    [Fact]
    public async Task Verify_SigningCertificateAttributeNamingAnotherCertificate_FailsOnTheEssAttribute()
    {
        // Arrange: one byte of the TSA certificate's hash in the ESS signing-certificate-v2 attribute changed
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var tsa = Tsa(provider);
        using var tsaCertificate = pki.Crt(SamplePki.BignTsa);
        var signed = SignAsOperator(provider);
        var token = await tsa.TimestampAsync(SHA256.HashData(signed.Signature), CancellationToken.None);
        var at = token.AsSpan().IndexOf(SHA256.HashData(tsaCertificate.RawData));
        Assert.True(at > 0);
        token[at] ^= 0x01;

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.Contains("signing-certificate-v2 attribute of the signature timestamp does not name the TSA certificate", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BignTokenOverDataInsteadOfTstInfo_FailsOnTheContentType()
    {
        // Arrange: a bign CMS by the TSA key whose content is id-data, not a TSTInfo
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var tsaCertificate = pki.Crt(SamplePki.BignTsa);
        var signed = SignAsOperator(provider);
        var info = TimestampTokens.EncodeTstInfo(SHA256.HashData(signed.Signature), new Oid(Policy), GenTime);
        var token = BignCms.Sign(info, false, tsaCertificate, [], provider, GenTime).Encode();

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.Equal("the signature timestamp encapsulates 1.2.840.113549.1.7.1, not a TSTInfo (1.2.840.113549.1.9.16.1.4)", result.Failure);
    }

    [Fact]
    public async Task Verify_TsaOfAnotherBignPki_FailsAsUntrusted()
    {
        // Arrange: a TSA certificate for time-stamping, issued by a bign CA nobody trusts
        using var other = new BignTestPki(DateTimeOffset.UtcNow);
        using var tsaCertificate = other.IssueLeaf(customise: r => r.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid(TimeStamping)], critical: true)));
        using var provider = Provider(SamplePki.BignOperatorService);
        provider.ImportKey(tsaCertificate, other.KeyFile(tsaCertificate, "x"), "x");
        using var tsa = new BignTimestampAuthority(tsaCertificate, [other.Issuing], provider, Policy, new FixedTimeProvider(GenTime));
        var signed = SignAsOperator(provider);
        var token = await tsa.TimestampAsync(SHA256.HashData(signed.Signature), CancellationToken.None);

        // Act
        var result = Verifier().Verify(signed.Encode(token), Manifest, requireTimestamp: true);

        // Assert
        Assert.False(result.IsValid);
        Assert.StartsWith("the TSA certificate is not trusted: ", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ArgumentGuards_ThrowPrecisely()
    {
        // Arrange
        using var provider = Provider(SamplePki.BignTsa, SamplePki.BignOperatorService);
        using var empty = new BignEdsProvider();
        using var certificate = pki.Crt(SamplePki.BignTsa);
        using var notForTimeStamping = pki.Crt(SamplePki.BignOperatorService);
        using var ecdsaTsa = pki.Crt(SamplePki.Tsa);
        var time = TimeProvider.System;

        // Act & Assert
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => new BignTimestampAuthority(null!, [], provider, Policy, time)).ParamName);
        Assert.Equal("chain", Assert.Throws<ArgumentNullException>(() => new BignTimestampAuthority(certificate, null!, provider, Policy, time)).ParamName);
        Assert.Equal("provider", Assert.Throws<ArgumentNullException>(() => new BignTimestampAuthority(certificate, [], null!, Policy, time)).ParamName);
        Assert.Equal("time", Assert.Throws<ArgumentNullException>(() => new BignTimestampAuthority(certificate, [], provider, Policy, null!)).ParamName);
        Assert.Equal("policyOid", Assert.Throws<ArgumentNullException>(() => new BignTimestampAuthority(certificate, [], provider, null!, time)).ParamName);
        Assert.Equal("policyOid", Assert.Throws<ArgumentException>(() => new BignTimestampAuthority(certificate, [], provider, " ", time)).ParamName);
        var notOid = Assert.Throws<ArgumentException>(() => new BignTimestampAuthority(certificate, [], provider, "policy-1", time));
        Assert.Contains("'policy-1' is not an object identifier", notOid.Message, StringComparison.Ordinal);
        var ecdsa = Assert.Throws<ArgumentException>(() => new BignTimestampAuthority(ecdsaTsa, [], provider, Policy, time));
        Assert.Contains("has no bign-curve256v1 key", ecdsa.Message, StringComparison.Ordinal);
        var usage = Assert.Throws<ArgumentException>(() => new BignTimestampAuthority(notForTimeStamping, [], provider, Policy, time));
        Assert.Contains("exactly one, critical, extended key usage: timeStamping", usage.Message, StringComparison.Ordinal);
        var noKey = Assert.Throws<ArgumentException>(() => new BignTimestampAuthority(certificate, [], empty, Policy, time));
        Assert.Contains("holds no private key for the TSA certificate", noKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimestampAsync_HashNotSha256Sized_Throws()
    {
        using var provider = Provider(SamplePki.BignTsa);
        using var tsa = Tsa(provider);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => tsa.TimestampAsync(new byte[20], CancellationToken.None));

        Assert.Equal("sha256", error.ParamName);
    }

    [Fact]
    public void BuiltInTimestampAuthority_CertificateOrPolicyUnfit_ThrowsPrecisely()
    {
        // Arrange
        using var tsaKey = X509CertificateLoader.LoadPkcs12FromFile(pki.File("tsa.p12"), SamplePki.DemoPassword);
        using var operatorKey = X509CertificateLoader.LoadPkcs12FromFile(pki.File("operator-service.p12"), SamplePki.DemoPassword);
        using var publicOnly = pki.Crt(SamplePki.Tsa);
        var time = TimeProvider.System;

        // Act & Assert
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => new BuiltInTimestampAuthority(null!, Policy, time)).ParamName);
        Assert.Contains("has no private key", Assert.Throws<ArgumentException>(() => new BuiltInTimestampAuthority(publicOnly, Policy, time)).Message, StringComparison.Ordinal);
        Assert.Contains("timeStamping", Assert.Throws<ArgumentException>(() => new BuiltInTimestampAuthority(operatorKey, Policy, time)).Message, StringComparison.Ordinal);
        Assert.Equal("time", Assert.Throws<ArgumentNullException>(() => new BuiltInTimestampAuthority(tsaKey, Policy, null!)).ParamName);
        Assert.Equal("policyOid", Assert.Throws<ArgumentException>(() => new BuiltInTimestampAuthority(tsaKey, "policy-1", time)).ParamName);
    }

    [Fact]
    public void BignCmsSign_ContentTypeBlank_Throws()
    {
        using var provider = Provider(SamplePki.BignOperatorService);
        using var signer = pki.Crt(SamplePki.BignOperatorService);

        var error = Assert.Throws<ArgumentException>(() => BignCms.Sign(Manifest, true, signer, [], provider, GenTime, " "));

        Assert.Equal("contentType", error.ParamName);
    }

    [Fact]
    public async Task AddEds_TsaKeyTypeBign_BignOperatorSignsWithBignTimestampThatVerifies()
    {
        // Arrange
        using var services = Services(settings =>
        {
            settings["Npes:Operator:KeyType"] = "Bign";
            settings["Npes:Operator:SigningKey"] = pki.File(SamplePki.BignOperatorService + ".key");
            settings["Npes:Operator:SigningKeyPassword"] = SamplePki.DemoPassword;
            settings["Npes:Operator:SigningCertificate"] = pki.File(SamplePki.BignOperatorService + ".crt");
        });

        // Act
        var cms = await services.GetRequiredService<IEvidenceSigner>().SignAsync(Manifest, detached: true, CancellationToken.None);
        var result = services.GetRequiredService<CmsVerifier>().Verify(cms, Manifest, requireTimestamp: true);

        // Assert
        Assert.IsType<BignTimestampAuthority>(services.GetRequiredService<ITimestampAuthority>());
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(BignWithHbelt, TokenSignatureAlgorithm(cms));
    }

    [Fact]
    public async Task AddEds_TsaKeyTypeBignWithEcdsaOperator_TimestampVerifies()
    {
        using var services = Services(settings =>
        {
            settings["Npes:Operator:SigningKey"] = pki.File("operator-service.p12");
            settings["Npes:Operator:SigningKeyPassword"] = SamplePki.DemoPassword;
        });

        var cms = await services.GetRequiredService<IEvidenceSigner>().SignAsync(Manifest, detached: true, CancellationToken.None);
        var result = services.GetRequiredService<CmsVerifier>().Verify(cms, Manifest, requireTimestamp: true);

        Assert.True(result.IsValid, result.Failure);
        Assert.NotNull(result.TimestampedAt);
        Assert.Equal(BignWithHbelt, TokenSignatureAlgorithm(cms));
    }

    [Theory]
    [InlineData("certificate-missing", "Npes:Tsa:Certificate is not configured")]
    [InlineData("key-missing", "Npes:Tsa:Key is not configured")]
    [InlineData("password-missing", "Npes:Tsa:KeyPassword is not configured")]
    [InlineData("key-file-absent", "does not exist")]
    [InlineData("certificate-file-absent", "Npes:Tsa:Certificate: ")]
    [InlineData("wrong-password", "wrong password")]
    [InlineData("key-of-other-certificate", "not the key of certificate")]
    [InlineData("certificate-not-for-time-stamping", "must have exactly one, critical, extended key usage: timeStamping")]
    public void AddEds_TsaKeyTypeBignMisconfigured_StartupFailsNamingTheProblem(string problem, string expected)
    {
        // Arrange
        using var services = Services(settings =>
        {
            switch (problem)
            {
                case "certificate-missing":
                    settings.Remove("Npes:Tsa:Certificate");
                    break;
                case "key-missing":
                    settings.Remove("Npes:Tsa:Key");
                    break;
                case "password-missing":
                    settings.Remove("Npes:Tsa:KeyPassword");
                    break;
                case "key-file-absent":
                    settings["Npes:Tsa:Key"] = pki.File("no-such.key");
                    break;
                case "certificate-file-absent":
                    settings["Npes:Tsa:Certificate"] = pki.File("no-such.crt");
                    break;
                case "wrong-password":
                    settings["Npes:Tsa:KeyPassword"] = "wrong";
                    break;
                case "key-of-other-certificate":
                    settings["Npes:Tsa:Key"] = pki.File(SamplePki.BignCitizen + ".key");
                    break;
                case "certificate-not-for-time-stamping":
                    settings["Npes:Tsa:Key"] = pki.File(SamplePki.BignOperatorService + ".key");
                    settings["Npes:Tsa:Certificate"] = pki.File(SamplePki.BignOperatorService + ".crt");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
            }
        });

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ITimestampAuthority>());

        // Assert
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Npes:Tsa:", error.Message, StringComparison.Ordinal);
    }

    private static string? TokenSignatureAlgorithm(byte[] cms)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        var attribute = signed.SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == Asn.TimestampTokenOid);
        var token = new SignedCms();
        token.Decode(attribute.Values[0].RawData);
        return token.SignerInfos[0].SignatureAlgorithm.Value;
    }

    /// <summary>A bign provider holding the sample keys of <paramref name="entities"/>.</summary>
    private BignEdsProvider Provider(params string[] entities)
    {
        var provider = new BignEdsProvider();
        foreach (var entity in entities)
        {
            using var certificate = pki.Crt(entity);
            provider.ImportKey(certificate, pki.Key(entity), SamplePki.DemoPassword);
        }

        return provider;
    }

    private BignTimestampAuthority Tsa(BignEdsProvider provider)
    {
        using var certificate = pki.Crt(SamplePki.BignTsa);
        return new BignTimestampAuthority(certificate, [pki.Crt(SamplePki.BignIssuingCa)], provider, Policy, new FixedTimeProvider(GenTime));
    }

    /// <summary>The operator's detached bign signature over <see cref="Manifest"/>, before its timestamp.</summary>
    private AlgorithmSignedData SignAsOperator(BignEdsProvider provider)
    {
        var signer = pki.Crt(SamplePki.BignOperatorService); // the result encodes it later
        return BignCms.Sign(Manifest, true, signer, [pki.Crt(SamplePki.BignIssuingCa)], provider, GenTime);
    }

    private CmsVerifier Verifier() => new(new ChainValidator(pki.Trust()));

    /// <summary>AddEds over the sample PKI with the bign TSA configured, then <paramref name="change"/>.</summary>
    private ServiceProvider Services(Action<Dictionary<string, string?>> change)
    {
        var settings = pki.Settings();
        settings["Npes:Tsa:KeyType"] = "Bign";
        settings["Npes:Tsa:Key"] = pki.File(SamplePki.BignTsa + ".key");
        settings["Npes:Tsa:KeyPassword"] = SamplePki.DemoPassword;
        settings["Npes:Tsa:Certificate"] = pki.File(SamplePki.BignTsa + ".crt");
        change(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddEds(configuration).BuildServiceProvider();
    }
}
