using System.Formats.Asn1;
using System.Text;
using Npes.Eds.BignEds;
using Npes.Eds.Stb;
using Xunit;

namespace Npes.Eds.Tests.BignEds;

public sealed class BignKeyContainerTests
{
    private const int FastIterations = BignKeyContainer.MinIterations;

    [Fact]
    public void Decrypt_OwnContainer_GivesTheSameKey()
    {
        // Arrange
        using var key = BignPrivateKey.Generate();
        var container = BignKeyContainer.Encrypt(key, "пароль", FastIterations);

        // Act
        using var decrypted = BignKeyContainer.Decrypt(container, "пароль");

        // Assert
        Assert.True(decrypted.Matches(key.PublicKey));
    }

    [Fact]
    public void EncryptPem_UsesEncryptedPrivateKeyLabel_AndDecrypts()
    {
        // Arrange
        using var key = BignPrivateKey.Generate();

        // Act
        var pem = BignKeyContainer.EncryptPem(key, "secret", FastIterations);
        using var decrypted = BignKeyContainer.Decrypt(Encoding.ASCII.GetBytes(pem), "secret");

        // Assert
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(decrypted.Matches(key.PublicKey));
    }

    [Fact]
    public void Encrypt_Structure_IsPbes2WithPbkdf2AndBeltKeyWrap()
    {
        // Arrange
        using var key = BignPrivateKey.Generate();

        // Act
        var container = BignKeyContainer.Encrypt(key, "secret", 12_345);
        var info = new AsnReader(container, AsnEncodingRules.DER).ReadSequence();
        var algorithm = info.ReadSequence();
        var pbes2 = algorithm.ReadObjectIdentifier();
        var parameters = algorithm.ReadSequence();
        var kdf = parameters.ReadSequence();
        var pbkdf2 = kdf.ReadObjectIdentifier();
        var kdfParameters = kdf.ReadSequence();
        var salt = kdfParameters.ReadOctetString();
        kdfParameters.TryReadInt32(out var iterations);
        var scheme = parameters.ReadSequence().ReadObjectIdentifier();
        var encrypted = info.ReadOctetString();

        // Assert
        Assert.Equal("1.2.840.113549.1.5.13", pbes2);
        Assert.Equal("1.2.840.113549.1.5.12", pbkdf2);
        Assert.Equal(16, salt.Length);
        Assert.Equal(12_345, iterations);
        Assert.Equal(StbOids.BeltKeyWrap256, scheme);
        Assert.Equal(81, encrypted.Length);
    }

    [Fact]
    public void EncryptPem_ReadableByOpenSslAsn1Parse()
    {
        // Arrange
        using var key = BignPrivateKey.Generate();
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("key.pem"), BignKeyContainer.EncryptPem(key, "secret", FastIterations));

        // Act
        var (exitCode, output) = OpenSsl.Run(dir.Path, "asn1parse", "-in", "key.pem");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains("PBES2", output, StringComparison.Ordinal);
        Assert.Contains("PBKDF2", output, StringComparison.Ordinal);
        Assert.Contains("1.2.112.0.2.0.34.101.31.73", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_WrongPassword_ThrowsEds()
    {
        using var key = BignPrivateKey.Generate();
        var container = BignKeyContainer.Encrypt(key, "right", FastIterations);

        var error = Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt(container, "wrong"));

        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_TamperedCiphertext_ThrowsEds()
    {
        using var key = BignPrivateKey.Generate();
        var container = BignKeyContainer.Encrypt(key, "right", FastIterations);
        container[^3] ^= 0x01;

        Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt(container, "right"));
    }

    [Fact]
    public void Decrypt_TooManyIterations_ThrowsEdsWithoutDeriving()
    {
        // Arrange: a well-formed container asking for 20 million PBKDF2 iterations
        var container = Container(iterations: 20_000_000);

        // Act
        var error = Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt(container, "right"));

        // Assert
        Assert.Contains("iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_OtherEncryptionScheme_ThrowsEdsNamingIt()
    {
        var container = Container(iterations: FastIterations, scheme: "2.16.840.1.101.3.4.1.42"); // aes256-CBC

        var error = Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt(container, "right"));

        Assert.Contains("belt-keywrap256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_NotAContainer_ThrowsEds()
    {
        Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt("not a key"u8, "x"));
        Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt([], "x"));
        Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt(new byte[BignKeyContainer.MaxContainerBytes + 1], "x"));
        Assert.Throws<EdsException>(() => BignKeyContainer.Decrypt("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"u8, "x"));
    }

    [Fact]
    public void Encrypt_EmptyPassword_ThrowsArgument()
    {
        using var key = BignPrivateKey.Generate();

        var error = Assert.Throws<ArgumentException>(() => BignKeyContainer.Encrypt(key, "", FastIterations));

        Assert.Equal("password", error.ParamName);
    }

    [Fact]
    public void Encrypt_TooFewIterations_ThrowsArgumentOutOfRange()
    {
        using var key = BignPrivateKey.Generate();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BignKeyContainer.Encrypt(key, "x", 999));

        Assert.Equal("iterations", error.ParamName);
    }

    [Fact]
    public void Encrypt_NullKey_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => BignKeyContainer.Encrypt(null!, "x"));
        Assert.Equal("key", error.ParamName);
    }

    /// <summary>A container of the documented shape with the given parameters and a random "ciphertext".</summary>
    private static byte[] Container(int iterations, string scheme = StbOids.BeltKeyWrap256)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.5.13");
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier("1.2.840.113549.1.5.12");
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(new byte[16]);
                            writer.WriteInteger(iterations);
                            writer.WriteInteger(32);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier("1.2.840.113549.2.9");
                                writer.WriteNull();
                            }
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(scheme);
                    }
                }
            }

            writer.WriteOctetString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(81));
        }

        return writer.Encode();
    }
}
