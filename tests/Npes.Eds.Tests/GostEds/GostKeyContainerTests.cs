using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Keys;
using Xunit;

namespace Npes.Eds.Tests.GostEds;

public sealed class GostKeyContainerTests
{
    private const int FastIterations = KeyContainer.MinIterations;

    [Theory]
    [InlineData(GostOids.Tc26Gost256A)]
    [InlineData(GostOids.CryptoProA)]
    [InlineData(GostOids.Tc26Gost512A)]
    [InlineData(GostOids.Tc26Gost512C)]
    public void Decrypt_OwnContainer_GivesTheSameKeyOnTheSameSet(string oid)
    {
        // Arrange
        var set = GostParameterSet.Find(oid)!;
        using var key = GostPrivateKey.Generate(set);
        var container = GostKeyContainer.Encrypt(key, "пароль", FastIterations);

        // Act
        using var decrypted = GostKeyContainer.Decrypt(container, "пароль");

        // Assert
        Assert.Same(set, decrypted.Set);
        Assert.True(decrypted.Matches(key.PublicKey));
    }

    [Fact]
    public void Decrypt_WithDotNetsPkcs8Reader_GivesTheRfc9215PrivateKeyInfo()
    {
        // Arrange: an independent PKCS#8 reader decrypts the container (PBES2, PBKDF2-HMAC-SHA256, aes256-CBC)
        using var key = GostPrivateKey.Generate(GostParameterSet.CryptoProA);
        var container = GostKeyContainer.Encrypt(key, "secret", FastIterations);
        var d = new byte[32];
        key.CopyPrivateKeyTo(d);

        // Act
        var info = Pkcs8PrivateKeyInfo.DecryptAndDecode("secret", container, out var read);
        var inner = new AsnReader(info.PrivateKeyBytes, AsnEncodingRules.DER).ReadOctetString();

        // Assert: { id-tc26-gost3410-12-256, { CryptoPro-A, Streebog-256 } }, privateKey OCTET STRING { OCTET STRING d (LE) }
        Assert.Equal(container.Length, read);
        Assert.Equal(GostOids.PublicKey256, info.AlgorithmId.Value);
        Assert.Equal("301306072A85030202230106082A85030701010202", Convert.ToHexString(info.AlgorithmParameters!.Value.Span));
        Assert.Equal(d, inner);
    }

    [Fact]
    public void EncryptPem_StructureIsPbes2WithPbkdf2AndAes256Cbc_ReadableByOpenSslAsn1Parse()
    {
        // Arrange
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        using var dir = new TempDirectory();
        var pem = GostKeyContainer.EncryptPem(key, "secret", 12_345);
        File.WriteAllText(dir.File("key.pem"), pem);

        // Act
        var (exitCode, output) = OpenSsl.Run(dir.Path, "asn1parse", "-in", "key.pem");

        // Assert
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(exitCode == 0, output);
        Assert.Contains("PBES2", output, StringComparison.Ordinal);
        Assert.Contains("PBKDF2", output, StringComparison.Ordinal);
        Assert.Contains("aes-256-cbc", output, StringComparison.Ordinal);
        Assert.Contains("hmacWithSHA256", output, StringComparison.Ordinal);
        Assert.Contains(":3039", output, StringComparison.Ordinal); // 12345 iterations
    }

    [Fact]
    public void Decrypt_WrongPassword_ThrowsEds()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var container = GostKeyContainer.Encrypt(key, "right", FastIterations);

        var error = Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt(container, "wrong"));

        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_EveryCiphertextByteChanged_ThrowsEdsOrGivesAnotherKey()
    {
        // CBC does not authenticate: a changed byte fails the padding or the PrivateKeyInfo, or (in the second-to-last
        // block) it may decrypt to a different d — never to this key; the provider then refuses it for the certificate.
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var container = GostKeyContainer.Encrypt(key, "right", FastIterations);
        var encrypted = new AsnReader(container, AsnEncodingRules.DER).ReadSequence();
        encrypted.ReadSequence();
        var length = encrypted.ReadOctetString().Length;

        for (var i = 1; i <= length; i++)
        {
            var tampered = (byte[])container.Clone();
            tampered[^i] ^= 0x01;
            try
            {
                using var other = GostKeyContainer.Decrypt(tampered, "right");
                Assert.False(other.Matches(key.PublicKey), $"byte {i} from the end");
            }
            catch (EdsException)
            {
                // refused: the expected outcome for most bytes
            }
        }
    }

    [Fact]
    public void Decrypt_BignContainer_ThrowsEdsNamingAes()
    {
        using var bign = BignPrivateKey.Generate();
        var container = BignKeyContainer.Encrypt(bign, "x", FastIterations);

        var error = Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt(container, "x"));

        Assert.Contains("aes256-CBC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BignDecrypt_GostContainer_ThrowsEdsNamingBeltKeyWrap()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var container = GostKeyContainer.Encrypt(key, "x", FastIterations);

        var error = Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt(container, "x"));

        Assert.Contains("belt-keywrap256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_PrivateKeyInfoOfAnotherAlgorithm_ThrowsEds()
    {
        // Arrange: a standard PKCS#8 container of an ECDSA key, same PBES2 parameters
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var container = ecdsa.ExportEncryptedPkcs8PrivateKey(
            "x", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, FastIterations));

        // Act
        var error = Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt(container, "x"));

        // Assert
        Assert.Contains("not on a supported GOST R 34.10-2012 parameter set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_NotAContainer_ThrowsEds()
    {
        Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt("not a key"u8, "x"));
        Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt([], "x"));
        Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt(new byte[KeyContainer.MaxContainerBytes + 1], "x"));
        Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt(Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "x"));
    }

    [Fact]
    public void Decrypt_TooManyIterations_ThrowsEdsWithoutDeriving()
    {
        // Arrange: a container asking for 20 million iterations (a valid one with its INTEGER replaced)
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);
        var container = GostKeyContainer.Encrypt(key, "x", 1_000_000);
        var at = container.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x02, 0x03, 0x0F, 0x42, 0x40]); // INTEGER 1000000
        container[at + 2] = 0xFF; // 0xFF4240: 16,728,640 > 10,000,000

        // Act
        var error = Assert.Throws<EdsException>(() => GostKeyContainer.Decrypt(container, "x"));

        // Assert
        Assert.Contains("iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Container_ArgumentGuards_ThrowPrecisely()
    {
        using var key = GostPrivateKey.Generate(GostParameterSet.Tc26Gost256A);

        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => GostKeyContainer.Encrypt(null!, "x")).ParamName);
        Assert.Equal("password", Assert.Throws<ArgumentException>(() => GostKeyContainer.Encrypt(key, "", FastIterations)).ParamName);
        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => GostKeyContainer.Encrypt(key, "x", 999)).ParamName);
        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => GostKeyContainer.Encrypt(key, "x", KeyContainer.MaxIterations + 1)).ParamName);
        Assert.Equal("password", Assert.Throws<ArgumentException>(() => GostKeyContainer.Decrypt(new byte[10], "")).ParamName);
        Assert.Equal("writeKey", Assert.Throws<ArgumentNullException>(
            () => KeyContainer.EncryptKey(new byte[4], 32, null!, KeyWrapScheme.Aes256Cbc, "x", FastIterations, "GOST")).ParamName);
    }
}
