using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npes.Eds.X509;
using Xunit;

namespace Npes.Eds.Tests;

public sealed class X509EdsProviderTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("Заказное письмо №42");

    private readonly X509EdsProvider _provider = new();

    public static TheoryData<string> Curves => ["nistP256", "nistP384", "nistP521"];

    [Theory]
    [MemberData(nameof(Curves))]
    public void Sign_EcdsaCurve_ProducesP1363ThatVerifies(string curve)
    {
        // Arrange
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.CreateFromFriendlyName(curve));
        using var key = certificate.GetECDsaPublicKey()!;

        // Act
        var signature = _provider.Sign(certificate, Data);

        // Assert
        Assert.Equal(2 * ((key.KeySize + 7) / 8), signature.Length);
        Assert.True(_provider.Verify(certificate, Data, signature));
    }

    [Fact]
    public void Sign_Rsa2048_VerifiesWithPkcs1Sha256()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedRsa(2048);
        using var key = certificate.GetRSAPublicKey()!;

        // Act
        var signature = _provider.Sign(certificate, Data);

        // Assert
        Assert.True(_provider.Verify(certificate, Data, signature));
        Assert.True(key.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Verify_WebCryptoStyleP1363Signature_True()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        using var key = certificate.GetECDsaPrivateKey()!;
        var signature = key.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        // Act
        var valid = _provider.Verify(certificate, Data, signature);

        // Assert
        Assert.True(valid);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Verify_DerEncodedEcdsaSignature_True(string curve)
    {
        // Arrange
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.CreateFromFriendlyName(curve));
        using var key = certificate.GetECDsaPrivateKey()!;
        var hash = key.KeySize switch { 256 => HashAlgorithmName.SHA256, 384 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        var signature = key.SignData(Data, hash, DSASignatureFormat.Rfc3279DerSequence);

        // Act
        var valid = _provider.Verify(certificate, Data, signature);

        // Assert
        Assert.Equal(0x30, signature[0]);
        Assert.True(valid);
    }

    [Fact]
    public void Verify_TamperedData_False()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        var signature = _provider.Sign(certificate, Data);
        var tampered = Data.ToArray();
        tampered[0] ^= 1;

        // Act
        var valid = _provider.Verify(certificate, tampered, signature);

        // Assert
        Assert.False(valid);
    }

    [Theory]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public void Verify_TamperedSignature_False(string algorithm)
    {
        // Arrange
        using var certificate = algorithm == "rsa" ? TestPki.SelfSignedRsa(2048) : TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        var signature = _provider.Sign(certificate, Data);
        signature[^1] ^= 0x80;

        // Act
        var valid = _provider.Verify(certificate, Data, signature);

        // Assert
        Assert.False(valid);
    }

    [Fact]
    public void Verify_SignatureOfOtherKey_False()
    {
        // Arrange
        using var signer = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        using var other = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        var signature = _provider.Sign(other, Data);

        // Act
        var valid = _provider.Verify(signer, Data, signature);

        // Assert
        Assert.False(valid);
    }

    [Theory]
    [InlineData("ecdsa", 0)]
    [InlineData("ecdsa", 1)]
    [InlineData("ecdsa", 63)]
    [InlineData("ecdsa", 64)]
    [InlineData("ecdsa", 70)]
    [InlineData("ecdsa", 72)]
    [InlineData("ecdsa", 4096)]
    [InlineData("ecdsa", 1_000_000)]
    [InlineData("rsa", 0)]
    [InlineData("rsa", 255)]
    [InlineData("rsa", 256)]
    [InlineData("rsa", 1_000_000)]
    public void Verify_GarbageSignature_False(string algorithm, int length)
    {
        // Arrange
        using var certificate = algorithm == "rsa" ? TestPki.SelfSignedRsa(2048) : TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        var garbage = RandomNumberGenerator.GetBytes(length);
        if (length > 0)
        {
            garbage[0] = 0x30; // looks like DER to make the decoder try
        }

        // Act
        var valid = _provider.Verify(certificate, Data, garbage);

        // Assert
        Assert.False(valid);
    }

    [Fact]
    public void Verify_MalformedDerSequence_False()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(-1);
            writer.WriteInteger(System.Numerics.BigInteger.Pow(2, 300));
        }

        // Act
        var valid = _provider.Verify(certificate, Data, writer.Encode());

        // Assert
        Assert.False(valid);
    }

    [Fact]
    public void Sign_CertificateWithoutPrivateKey_ThrowsEdsException()
    {
        // Arrange
        using var withKey = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        using var publicOnly = TestPki.PublicOnly(withKey);

        // Act
        var error = Assert.Throws<EdsException>(() => _provider.Sign(publicOnly, Data));

        // Assert
        Assert.Contains("has no private key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Self-signed ECDSA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Supports_Rsa1024_False()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedRsa(1024);

        // Act
        var supported = _provider.Supports(certificate);

        // Assert
        Assert.False(supported);
    }

    [Fact]
    public void Supports_UnsupportedCurve_False()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.CreateFromValue("1.3.132.0.10")); // secp256k1

        // Act
        var supported = _provider.Supports(certificate);

        // Assert
        Assert.False(supported);
    }

    [Fact]
    public void Verify_UnsupportedKey_ThrowsEdsException()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedRsa(1024);

        // Act
        var error = Assert.Throws<EdsException>(() => _provider.Verify(certificate, Data, new byte[128]));

        // Assert
        Assert.Contains("does not support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_UnsupportedKey_ThrowsEdsException()
    {
        // Arrange
        using var certificate = TestPki.SelfSignedRsa(1024);

        // Act
        var error = Assert.Throws<EdsException>(() => _provider.Sign(certificate, Data));

        // Assert
        Assert.Contains("does not support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Supports_NullCertificate_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _provider.Supports(null!));
        Assert.Equal("certificate", error.ParamName);
    }

    [Fact]
    public void Sign_NullSigner_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _provider.Sign(null!, Data));
        Assert.Equal("signer", error.ParamName);
    }

    [Fact]
    public void Verify_NullSigner_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _provider.Verify(null!, Data, new byte[64]));
        Assert.Equal("signer", error.ParamName);
    }

    [Fact]
    public void Describe_NullCertificate_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => _provider.Describe(null!));
        Assert.Equal("certificate", error.ParamName);
    }

    [Fact]
    public void Describe_PersonWithPersonalNumber_Person()
    {
        // Arrange
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("BY");
        builder.Add("2.5.4.5", "3140582A001PB1", UniversalTagNumber.PrintableString);
        builder.AddCommonName("Иванов Иван Иванович");
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256, builder.Build());

        // Act
        var identity = _provider.Describe(certificate);

        // Assert
        Assert.Equal(SignerKind.Person, identity.Kind);
        Assert.Equal("Иванов Иван Иванович", identity.DisplayName);
        Assert.Equal("3140582A001PB1", identity.PersonalNumber);
        Assert.Null(identity.Unp);
        Assert.Contains("Иванов Иван Иванович", identity.Subject, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), identity.Thumbprint);
        Assert.Equal(certificate.SerialNumber.ToLowerInvariant(), identity.SerialNumber);
        Assert.Equal(TimeSpan.Zero, identity.NotAfter.Offset);
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), identity.NotAfter.UtcDateTime);
        Assert.Equal("x509", identity.ProviderId);
    }

    [Fact]
    public void Describe_PersonNamedBySurnameAndGivenName_JoinsName()
    {
        // Arrange
        var builder = new X500DistinguishedNameBuilder();
        builder.Add("2.5.4.4", "Петрова");
        builder.Add("2.5.4.42", "Анна Сергеевна");
        builder.Add("2.5.4.5", "4250793B002PB3", UniversalTagNumber.PrintableString);
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256, builder.Build());

        // Act
        var identity = _provider.Describe(certificate);

        // Assert
        Assert.Equal(SignerKind.Person, identity.Kind);
        Assert.Equal("Петрова Анна Сергеевна", identity.DisplayName);
        Assert.Equal("4250793B002PB3", identity.PersonalNumber);
    }

    [Fact]
    public void Describe_OrganisationWithUnp_Organisation()
    {
        // Arrange
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("BY");
        builder.AddOrganizationName("ОАО «Белтелеком»");
        builder.Add("2.5.4.97", "VATBY-100289066");
        builder.AddCommonName("Белтелеком");
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256, builder.Build());

        // Act
        var identity = _provider.Describe(certificate);

        // Assert
        Assert.Equal(SignerKind.Organisation, identity.Kind);
        Assert.Equal("ОАО «Белтелеком»", identity.DisplayName);
        Assert.Equal("100289066", identity.Unp);
        Assert.Null(identity.PersonalNumber);
    }

    [Fact]
    public void Describe_MultiValuedRelativeName_ReadsEveryAttribute()
    {
        // Arrange: CN=Иванов Иван Иванович + serialNumber=3140582A001PB1 in one RDN
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.3");
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, "Иванов Иван Иванович");
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.5");
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "3140582A001PB1");
            }
        }

        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256, new X500DistinguishedName(writer.Encode()));

        // Act
        var identity = _provider.Describe(certificate);

        // Assert
        Assert.Equal(SignerKind.Person, identity.Kind);
        Assert.Equal("Иванов Иван Иванович", identity.DisplayName);
        Assert.Equal("3140582A001PB1", identity.PersonalNumber);
    }

    [Theory]
    [InlineData("2.5.4.5", "12345")]
    [InlineData("2.5.4.5", "3140582a001pb1")]
    [InlineData("2.5.4.97", "VATBY-12345678")]
    [InlineData("2.5.4.97", "VATRU-100289066")]
    [InlineData("2.5.4.3", "3140582A001PB1")]
    public void Describe_NoValidIdentifier_Unknown(string oid, string value)
    {
        // Arrange
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName("Somewhere");
        builder.Add(oid, value);
        if (oid != "2.5.4.3")
        {
            builder.AddCommonName("Someone");
        }

        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256, builder.Build());

        // Act
        var identity = _provider.Describe(certificate);

        // Assert
        Assert.Equal(SignerKind.Unknown, identity.Kind);
        Assert.Null(identity.PersonalNumber);
        Assert.Null(identity.Unp);
    }
}
