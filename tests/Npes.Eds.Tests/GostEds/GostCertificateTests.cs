using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.GostEds;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.GostEds;

public sealed class GostCertificateTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Create_GostCertificates_RoundTripThroughDerWithRfc9215Oids()
    {
        // Arrange: a 512-bit root and issuing CA, a 256-bit leaf
        using var pki = new GostTestPki(Now);
        using var leaf = pki.IssueLeaf(subject: TestPki.Name("ООО «Евразийский Пример»"));

        // Act
        using var loaded = X509CertificateLoader.LoadCertificate(leaf.RawData);
        var found = GostCertificates.TryGetPublicKey(loaded, out var publicKey);

        // Assert
        Assert.True(found);
        Assert.True(pki.KeyOf(leaf).Matches(publicKey));
        Assert.Equal(GostOids.PublicKey256, loaded.PublicKey.Oid.Value);
        Assert.Equal("300B06092A8503070102010101", Convert.ToHexString(loaded.PublicKey.EncodedParameters!.RawData)); // { paramSetA }
        Assert.Equal(GostOids.SignWithDigest512, loaded.SignatureAlgorithm.Value);
        Assert.Equal(GostOids.SignWithDigest512, pki.Issuing.SignatureAlgorithm.Value);
        Assert.Equal(GostOids.PublicKey512, pki.Issuing.PublicKey.Oid.Value);
        Assert.True(SignedObjects.IsSignedBy(loaded.RawDataMemory, pki.Issuing));
        Assert.False(SignedObjects.IsSignedBy(loaded.RawDataMemory, pki.Root));
    }

    [Fact]
    public void Create_GostCertificate_KeyIsOctetStringInBitStringAndSignatureCoversStreebogOfTbs()
    {
        // Arrange
        using var pki = new GostTestPki(Now, caSet: GostParameterSet.CryptoProA);
        using var leaf = pki.IssueLeaf();

        // Act
        var certificate = new AsnReader(leaf.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadEncodedValue().ToArray();
        var algorithm = certificate.ReadEncodedValue();
        var signature = certificate.ReadBitString(out var unusedBits);
        var key = new AsnReader(leaf.PublicKey.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadOctetString();

        // Assert: algorithm without parameters, a 64-byte signature over Streebog-256 of the TBS, a 64-byte key
        Assert.Equal("300A06082A85030701010302", Convert.ToHexString(algorithm.Span));
        Assert.Equal(0, unusedBits);
        Assert.Equal(64, signature.Length);
        Assert.Equal(64, key.Length);
        Assert.True(GostPublicKey.TryCreate(GostParameterSet.Tc26Gost256A, key, out _));
        Assert.True(GostCertificates.TryGetPublicKey(pki.Issuing, out var issuerKey));
        Assert.True(issuerKey.VerifyHash(GostParameterSet.CryptoProA.Hash(tbs), signature));
        Assert.Equal(
            "301306072A85030202230106082A85030701010202", Convert.ToHexString(pki.Issuing.PublicKey.EncodedParameters!.RawData)); // { CryptoPro-A, Streebog-256 }
    }

    [Fact]
    public void TryGetPublicKey_EcdsaOrBignCertificate_False()
    {
        using var ecdsa = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);
        using var bign = new BignEds.BignTestPki(Now);

        Assert.False(GostCertificates.TryGetPublicKey(ecdsa, out _));
        Assert.False(GostCertificates.TryGetPublicKey(bign.Root, out _));
        Assert.False(GostCertificates.HasGostKey(ecdsa));
        Assert.False(GostCertificates.HasGostSignature(bign.Root));
    }

    [Theory]
    [InlineData(GostOids.PublicKey256, "3008" + "06062A8503020223", "")] // an unknown parameter set (1.2.643.2.2.35)
    [InlineData(GostOids.PublicKey512, "300B" + "06092A8503070102010101", "")] // a 256-bit set under the 512-bit key algorithm
    [InlineData(GostOids.PublicKey256, "3015" + "06092A8503070102010101" + "06082A85030701010203", "")] // Streebog-512 with a 256-bit key
    [InlineData(GostOids.PublicKey256, "3017" + "06092A8503070102010101" + "06082A85030701010202" + "0500", "")] // a third element
    [InlineData(GostOids.PublicKey256, "0500", "")] // NULL instead of the parameters
    [InlineData(GostOids.PublicKey256, "300B06092A8503070102010101", "00")] // the key OCTET STRING followed by a byte
    public void TryGetPublicKey_MalformedParametersOrKey_False(string algorithm, string parametersHex, string trailingHex)
    {
        // Arrange: a valid tc26 256 paramSetA point, wrapped in the given algorithm and parameters
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(key.PublicKey.Encoded);
        var publicKey = new PublicKey(
            new Oid(algorithm), new AsnEncodedData(Convert.FromHexString(parametersHex)), new AsnEncodedData([.. value.Encode(), .. Convert.FromHexString(trailingHex)]));
        using var certificate = SelfIssued(publicKey);

        // Act & Assert
        Assert.True(GostCertificates.HasGostKey(certificate));
        Assert.False(GostCertificates.TryGetPublicKey(certificate, out _));
    }

    [Fact]
    public void TryGetPublicKey_WellFormedControlForTheMalformedCases_True()
    {
        // The same construction as TryGetPublicKey_MalformedParametersOrKey_False, with nothing wrong
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(key.PublicKey.Encoded);
        var publicKey = new PublicKey(
            new Oid(GostOids.PublicKey256), new AsnEncodedData(Convert.FromHexString("3015" + "06092A8503070102010101" + "06082A85030701010202")), new AsnEncodedData(value.Encode()));
        using var certificate = SelfIssued(publicKey);

        Assert.True(GostCertificates.TryGetPublicKey(certificate, out var read));
        Assert.True(key.Matches(read));
    }

    [Fact]
    public void TryGetPublicKey_KeyNotOnCurve_False()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var encoded = key.PublicKey.Encoded.ToArray();
        encoded[0] ^= 0x01;
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(encoded);
        var publicKey = new PublicKey(
            new Oid(GostOids.PublicKey256), new AsnEncodedData(GostCertificates.KeyParameters(GostParameterSet.Tc26Gost256A)), new AsnEncodedData(value.Encode()));
        using var certificate = SelfIssued(publicKey);

        Assert.False(GostCertificates.TryGetPublicKey(certificate, out _));
    }

    [Fact]
    public void TryGetPublicKey_CertificateOverTheSizeLimit_False()
    {
        // Arrange: a valid GOST certificate padded with a 70 KiB extension
        using var pki = new GostTestPki(Now);
        using var large = pki.IssueLeaf(customise: r => r.CertificateExtensions.Add(new X509Extension("1.2.3.4.5", new byte[70 * 1024], critical: false)));
        using var normal = pki.IssueLeaf();

        // Act & Assert
        Assert.True(large.RawData.Length > GostCertificates.MaxCertificateBytes);
        Assert.False(GostCertificates.TryGetPublicKey(large, out _));
        Assert.True(GostCertificates.TryGetPublicKey(normal, out _));
    }

    [Fact]
    public void IsSignedBy_GostAlgorithmWithNullParameters_Verifies()
    {
        // RFC 9215 omits the parameters; a certificate that writes NULL is accepted too
        using var pki = new GostTestPki(Now, caSet: GostParameterSet.Tc26Gost256A);
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var request = new CertificateRequest(TestPki.Name("NULL parameters"), GostCertificates.CreatePublicKey(key.PublicKey), GostCertificates.Streebog256Name);
        using var certificate = request.Create(pki.Issuing.SubjectName, new NullParametersGenerator(pki.KeyOf(pki.Issuing)), Now.AddDays(-1), Now.AddDays(1), [0x41]);

        Assert.True(SignedObjects.IsSignedBy(certificate.RawDataMemory, pki.Issuing));
    }

    [Fact]
    public void IsSignedBy_SignatureAlgorithmOfTheOtherSize_False()
    {
        // Arrange: a 256-bit issuer's signature labelled id-tc26-signwithdigest-gost3410-12-512
        using var pki = new GostTestPki(Now, caSet: GostParameterSet.Tc26Gost256A);
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var request = new CertificateRequest(TestPki.Name("Mislabelled"), GostCertificates.CreatePublicKey(key.PublicKey), GostCertificates.Streebog256Name);
        using var certificate = request.Create(pki.Issuing.SubjectName, new MislabelledGenerator(pki.KeyOf(pki.Issuing)), Now.AddDays(-1), Now.AddDays(1), [0x41]);

        Assert.Equal(GostOids.SignWithDigest512, certificate.SignatureAlgorithm.Value);
        Assert.False(SignedObjects.IsSignedBy(certificate.RawDataMemory, pki.Issuing));
    }

    [Fact]
    public void IsSignedBy_GostCrl_VerifiesWithIssuerOnly()
    {
        using var pki = new GostTestPki(Now);

        var crl = pki.Crl();

        Assert.True(SignedObjects.IsSignedBy(crl, pki.Issuing));
        Assert.False(SignedObjects.IsSignedBy(crl, pki.Root));
        Assert.True(RevocationList.Parse(crl, "test").IsSignedBy(pki.Issuing));
        Assert.False(RevocationList.Parse(crl, "test").IsSignedBy(pki.Root));
    }

    [Fact]
    public void SignatureGenerator_HashOfTheOtherSize_ThrowsArgument()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var generator = new GostSignatureGenerator(key);

        var error = Assert.Throws<ArgumentException>(() => generator.GetSignatureAlgorithmIdentifier(GostCertificates.Streebog512Name));
        var sha = Assert.Throws<ArgumentException>(() => generator.SignData([1], HashAlgorithmName.SHA256));

        Assert.Equal("hashAlgorithm", error.ParamName);
        Assert.Contains("STREEBOG-256", error.Message, StringComparison.Ordinal);
        Assert.Equal("hashAlgorithm", sha.ParamName);
    }

    [Fact]
    public void Certificates_NullArguments_ThrowArgumentNull()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var generator = new GostSignatureGenerator(key);

        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => new GostSignatureGenerator(null!)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => generator.SignData(null!, GostCertificates.Streebog256Name)).ParamName);
        Assert.Equal("publicKey", Assert.Throws<ArgumentNullException>(() => GostCertificates.CreatePublicKey(null!)).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => GostCertificates.SignatureAlgorithmIdentifier(null!)).ParamName);
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => GostCertificates.KeyParameters(null!)).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => GostCertificates.HasGostKey(null!)).ParamName);
        Assert.Equal("certificate", Assert.Throws<ArgumentNullException>(() => GostCertificates.HasGostSignature(null!)).ParamName);
        Assert.Equal("algorithm", Assert.Throws<ArgumentNullException>(() => GostCertificates.ReadKeyParameters(GostOids.PublicKey256, null!)).ParamName);
    }

    [Fact]
    public void GostCertificate_ReadableByOpenSslAsX509()
    {
        // Arrange
        using var pki = new GostTestPki(Now);
        using var leaf = pki.IssueLeaf(subject: TestPki.Name("ООО «Евразийский Пример»"));
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("leaf.crt"), leaf.ExportCertificatePem());

        // Act: OpenSSL knows the GOST OIDs by name; without the gost engine it parses the certificate but cannot load the
        // key or check the signature
        var (exitCode, output) = OpenSsl.Run(dir.Path, "x509", "-in", "leaf.crt", "-noout", "-text");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("Signature Algorithm: GOST R 34.10-2012 with GOST R 34.11-2012 (512 bit)", output, StringComparison.Ordinal);
        Assert.Contains("Public Key Algorithm: GOST R 34.10-2012 with 256 bit modulus", output, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfIssued(PublicKey publicKey)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(TestPki.Name("Hand-made GOST key"), publicKey, HashAlgorithmName.SHA256);
        return request.Create(TestPki.Name("Some issuer"), X509SignatureGenerator.CreateForECDsa(ecdsa), Now.AddDays(-1), Now.AddDays(1), [0x41]);
    }

    private sealed class NullParametersGenerator(GostPrivateKey key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(GostOids.SignWithDigest256);
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data);

        protected override PublicKey BuildPublicKey() => throw new NotSupportedException();
    }

    private sealed class MislabelledGenerator(GostPrivateKey key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
            GostCertificates.SignatureAlgorithmIdentifier(GostParameterSet.Tc26Gost512A);

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data);

        protected override PublicKey BuildPublicKey() => throw new NotSupportedException();
    }
}
