using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Stb;
using Npes.Eds.Trust;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

public sealed class BignCertificateTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Create_BignCertificate_RoundTripsThroughDerWithStbOids()
    {
        // Arrange
        using var pki = new BignTestPki(Now);
        using var leaf = pki.IssueLeaf(subject: TestPki.Name("Ковалёва Мария"));

        // Act
        using var loaded = X509CertificateLoader.LoadCertificate(leaf.RawData);
        var found = BignCertificates.TryGetPublicKey(loaded, out var publicKey);

        // Assert
        Assert.True(found);
        Assert.Equal(pki.KeyOf(leaf).PublicKey.ToArray(), publicKey);
        Assert.Equal("1.2.112.0.2.0.34.101.45.2.1", loaded.PublicKey.Oid.Value);
        Assert.Equal("060A2A7000020022652D0301", Convert.ToHexString(loaded.PublicKey.EncodedParameters!.RawData));
        Assert.Equal("1.2.112.0.2.0.34.101.45.12", loaded.SignatureAlgorithm.Value);
        Assert.Equal("C=BY, CN=Ковалёва Мария", loaded.Subject);
        Assert.True(SignedObjects.IsSignedBy(loaded.RawDataMemory, pki.Issuing));
        Assert.False(SignedObjects.IsSignedBy(loaded.RawDataMemory, pki.Root));
    }

    [Fact]
    public void Create_BignCertificate_SignatureIsBitStringOf48BytesWithNullParameters()
    {
        // Arrange
        using var pki = new BignTestPki(Now);
        using var leaf = pki.IssueLeaf();

        // Act
        var certificate = new AsnReader(leaf.RawData, AsnEncodingRules.DER).ReadSequence();
        certificate.ReadEncodedValue();
        var algorithm = certificate.ReadEncodedValue();
        var signature = certificate.ReadBitString(out var unusedBits);
        var spki = new AsnReader(leaf.PublicKey.ExportSubjectPublicKeyInfo(), AsnEncodingRules.DER).ReadSequence();
        spki.ReadSequence();
        var key = spki.ReadBitString(out var keyUnusedBits);

        // Assert
        Assert.Equal("300D06092A7000020022652D0C0500", Convert.ToHexString(algorithm.Span));
        Assert.Equal(48, signature.Length);
        Assert.Equal(0, unusedBits);
        Assert.Equal(64, key.Length);
        Assert.Equal(0, keyUnusedBits);
    }

    [Fact]
    public void TryGetPublicKey_EcdsaCertificate_False()
    {
        using var certificate = TestPki.SelfSignedEcdsa(ECCurve.NamedCurves.nistP256);

        Assert.False(BignCertificates.TryGetPublicKey(certificate, out var publicKey));
        Assert.Empty(publicKey);
    }

    [Fact]
    public void TryGetPublicKey_PointNotOnCurve_False()
    {
        // Arrange: a certificate whose bign key bytes are not a curve point (built with a hand-made PublicKey)
        using var pki = new BignTestPki(Now);
        var offCurve = new byte[Bign.PublicKeySize];
        offCurve[0] = 1;
        var publicKey = new PublicKey(new Oid(StbOids.BignPubkey), new AsnEncodedData(Bign.CurveOidDer.ToArray()), new AsnEncodedData(offCurve));
        var request = new CertificateRequest(TestPki.Name("Off curve"), publicKey, BignCertificates.BeltHashName);
        using var certificate = request.Create(pki.Issuing.SubjectName, new BignSignatureGenerator(pki.KeyOf(pki.Issuing)), Now.AddDays(-1), Now.AddDays(1), [0x41]);

        // Act
        var found = BignCertificates.TryGetPublicKey(certificate, out _);

        // Assert
        Assert.True(BignCertificates.HasBignKey(certificate));
        Assert.False(found);
    }

    [Fact]
    public void TryGetPublicKey_OtherCurveParameters_False()
    {
        // Arrange: bign-pubkey with bign-curve384v1 named as parameters
        using var pki = new BignTestPki(Now);
        using var key = BignPrivateKey.Generate();
        var curve384 = new AsnWriter(AsnEncodingRules.DER);
        curve384.WriteObjectIdentifier("1.2.112.0.2.0.34.101.45.3.2");
        var publicKey = new PublicKey(new Oid(StbOids.BignPubkey), new AsnEncodedData(curve384.Encode()), new AsnEncodedData(key.PublicKey.ToArray()));
        var request = new CertificateRequest(TestPki.Name("Other curve"), publicKey, BignCertificates.BeltHashName);
        using var certificate = request.Create(pki.Issuing.SubjectName, new BignSignatureGenerator(pki.KeyOf(pki.Issuing)), Now.AddDays(-1), Now.AddDays(1), [0x41]);

        // Act & Assert
        Assert.False(BignCertificates.TryGetPublicKey(certificate, out _));
    }

    [Fact]
    public void CreatePublicKey_InvalidPoint_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => BignCertificates.CreatePublicKey(new byte[Bign.PublicKeySize]));
        Assert.Equal("publicKey", error.ParamName);
    }

    [Fact]
    public void CreatePublicKey_WrongLength_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => BignCertificates.CreatePublicKey(new byte[65]));
        Assert.Equal("publicKey", error.ParamName);
    }

    [Fact]
    public void SignatureGenerator_OtherHashAlgorithm_ThrowsArgument()
    {
        using var key = BignPrivateKey.Generate();
        var generator = new BignSignatureGenerator(key);

        var error = Assert.Throws<ArgumentException>(() => generator.GetSignatureAlgorithmIdentifier(HashAlgorithmName.SHA256));

        Assert.Equal("hashAlgorithm", error.ParamName);
        Assert.Contains("BELT-HASH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureGenerator_NullKey_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new BignSignatureGenerator(null!));
        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void IsSignedBy_Garbage_False()
    {
        using var pki = new BignTestPki(Now);

        Assert.False(SignedObjects.IsSignedBy(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, pki.Root));
        Assert.False(SignedObjects.IsSignedBy(ReadOnlyMemory<byte>.Empty, pki.Root));
    }

    [Fact]
    public void IsSignedBy_BignCrl_VerifiesWithIssuerOnly()
    {
        // Arrange
        using var pki = new BignTestPki(Now);

        // Act
        var crl = pki.Crl();

        // Assert
        Assert.True(SignedObjects.IsSignedBy(crl, pki.Issuing));
        Assert.False(SignedObjects.IsSignedBy(crl, pki.Root));
        Assert.True(RevocationList.Parse(crl, "test").IsSignedBy(pki.Issuing));
    }

    [Fact]
    public void PrivateKey_Disposed_RefusesToSign()
    {
        var key = BignPrivateKey.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.SignData("x"u8));
    }

    [Fact]
    public void PrivateKey_ImportWrongLength_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => BignPrivateKey.Import(new byte[31]));
        Assert.Equal("privateKey", error.ParamName);
    }

    [Fact]
    public void PrivateKey_SignData_VerifiesWithBelthashAndBign()
    {
        using var key = BignPrivateKey.Generate();

        var signature = key.SignData("данные"u8);

        Assert.True(Bign.Verify(BeltHash.HashData("данные"u8), signature, key.PublicKey));
        Assert.NotEqual(signature, key.SignData("данные"u8)); // hedged: a fresh t each time
    }

    [Fact]
    public void IsSignedBy_BignAlgorithmWithParametersAbsent_Verifies()
    {
        // Arrange: STB 34.101.45 writes NULL parameters; a certificate that omits them is accepted too
        using var pki = new BignTestPki(Now);
        using var key = BignPrivateKey.Generate();
        var request = new CertificateRequest(TestPki.Name("No parameters"), BignCertificates.CreatePublicKey(key.PublicKey), BignCertificates.BeltHashName);
        using var certificate = request.Create(pki.Issuing.SubjectName, new AbsentParametersGenerator(pki.KeyOf(pki.Issuing)), Now.AddDays(-1), Now.AddDays(1), [0x41]);

        // Act & Assert
        Assert.True(SignedObjects.IsSignedBy(certificate.RawDataMemory, pki.Issuing));
    }

    private sealed class AbsentParametersGenerator(BignPrivateKey key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(StbOids.BignWithHbelt);
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data);

        protected override PublicKey BuildPublicKey() => throw new NotSupportedException();
    }
}
