using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Npes.Eds.Stb;

namespace Npes.Eds.Keys;

/// <summary>Writes a private key into <paramref name="destination"/> (exactly its size).</summary>
internal delegate void PrivateKeyWriter(Span<byte> destination);

/// <summary>How the PBKDF2 key encrypts the PrivateKeyInfo inside a <see cref="KeyContainer"/>.</summary>
internal enum KeyWrapScheme
{
    /// <summary>belt-keywrap256 (STB 34.101.31), header 0¹²⁸: authenticated, no parameters. bign containers.</summary>
    BeltKeyWrap256,

    /// <summary>aes256-CBC (RFC 8018 B.2.5, PKCS#7 padding) with a random 16-byte IV: standard PKCS#8. GOST containers.</summary>
    Aes256Cbc,
}

/// <summary>
/// A password-protected private key: PKCS#8 <c>EncryptedPrivateKeyInfo</c> (RFC 5958) with PBES2 (RFC 8018), in PEM as
/// <c>ENCRYPTED PRIVATE KEY</c>:
/// <code>
/// EncryptedPrivateKeyInfo ::= SEQUENCE {
///   encryptionAlgorithm { id-PBES2, PBES2-params {
///     keyDerivationFunc { id-PBKDF2, { salt OCTET STRING (16), iterationCount, keyLength 32, prf hmacWithSHA256 } },
///     encryptionScheme  { belt-keywrap256 } | { aes256-CBC, iv OCTET STRING (16) } } },
///   encryptedData OCTET STRING }
/// </code>
/// The PrivateKeyInfo inside belongs to the caller (bign, GOST); this class derives the key, encrypts, decrypts and bounds
/// everything it reads. Each family uses one scheme and refuses the other.
/// </summary>
internal static class KeyContainer
{
    /// <summary>PEM label of the container.</summary>
    public const string PemLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>PBKDF2 iterations for keys that protect something (OWASP 2023 for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewest iterations accepted when reading or writing.</summary>
    public const int MinIterations = 1_000;

    /// <summary>Most iterations accepted when reading: a file cannot make us spin for minutes.</summary>
    public const int MaxIterations = 10_000_000;

    /// <summary>Largest container accepted (DER or PEM).</summary>
    public const int MaxContainerBytes = 4 * 1024;

    /// <summary>aes256-CBC (NIST, RFC 8018 B.2.5).</summary>
    public const string Aes256CbcOid = "2.16.840.1.101.3.4.1.42";

    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";
    private const string HmacWithSha256 = "1.2.840.113549.2.9";
    private const int SaltSize = 16;
    private const int MaxSaltSize = 64;
    private const int WrappingKeySize = 32;
    private const int AesBlockSize = 16;

    /// <summary>
    /// Encrypts the PrivateKeyInfo <paramref name="prefix"/> ‖ key (the key, <paramref name="keySize"/> bytes written by
    /// <paramref name="writeKey"/>, ends the DER), assembled in pinned memory that is zeroed afterwards.
    /// </summary>
    public static byte[] EncryptKey(
        ReadOnlySpan<byte> prefix, int keySize, PrivateKeyWriter writeKey, KeyWrapScheme scheme, ReadOnlySpan<char> password, int iterations, string family)
    {
        ArgumentNullException.ThrowIfNull(writeKey);
        var info = GC.AllocateArray<byte>(prefix.Length + keySize, pinned: true);
        try
        {
            prefix.CopyTo(info);
            writeKey(info.AsSpan(prefix.Length));
            return Encrypt(info, scheme, password, iterations, family);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(info);
        }
    }

    /// <summary>
    /// Encrypts <paramref name="privateKeyInfo"/> under <paramref name="password"/> with <paramref name="scheme"/>; returns
    /// the DER container. <paramref name="family"/> names the key in messages ("bign", "GOST").
    /// </summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> privateKeyInfo, KeyWrapScheme scheme, ReadOnlySpan<char> password, int iterations, string family)
    {
        CheckPassword(password, family);
        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"PBKDF2 iterations must be between {MinIterations} and {MaxIterations}.");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var iv = scheme == KeyWrapScheme.Aes256Cbc ? RandomNumberGenerator.GetBytes(AesBlockSize) : null;
        Span<byte> wrappingKey = stackalloc byte[WrappingKeySize];
        byte[] encrypted;
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, wrappingKey, iterations, HashAlgorithmName.SHA256);
            if (iv is null)
            {
                encrypted = BeltKeyWrap.Wrap(privateKeyInfo, stackalloc byte[BeltKeyWrap.HeaderSize], wrappingKey);
            }
            else
            {
                using var aes = Aes.Create(); // disposing zeroes its copy of the key
                aes.SetKey(wrappingKey);
                encrypted = aes.EncryptCbc(privateKeyInfo, iv, PaddingMode.PKCS7);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Pbes2);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Pbkdf2);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(salt);
                            writer.WriteInteger(iterations);
                            writer.WriteInteger(WrappingKeySize);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(HmacWithSha256);
                                writer.WriteNull();
                            }
                        }
                    }

                    using (writer.PushSequence())
                    {
                        if (iv is null)
                        {
                            writer.WriteObjectIdentifier(StbOids.BeltKeyWrap256);
                        }
                        else
                        {
                            writer.WriteObjectIdentifier(Aes256CbcOid);
                            writer.WriteOctetString(iv);
                        }
                    }
                }
            }

            writer.WriteOctetString(encrypted);
        }

        return writer.Encode();
    }

    /// <summary>
    /// Decrypts a container (DER, or PEM with <see cref="PemLabel"/>) that must use <paramref name="scheme"/> and hold at
    /// most <paramref name="maxPrivateKeyInfoBytes"/> bytes; returns the PrivateKeyInfo, which the caller checks and
    /// zeroes. Throws <see cref="EdsException"/> saying what is wrong: not a container, unsupported parameters, or wrong
    /// password / damaged file (these two cannot be told apart).
    /// </summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> container, ReadOnlySpan<char> password, KeyWrapScheme scheme, int maxPrivateKeyInfoBytes, string family)
    {
        CheckPassword(password, family);
        if (container.IsEmpty || container.Length > MaxContainerBytes)
        {
            throw new EdsException($"A {family} key container is 1 to {MaxContainerBytes} bytes; got {container.Length}.");
        }

        var (salt, iterations, iv, encrypted) = Read(FromPem(container, family), scheme, maxPrivateKeyInfoBytes, family);
        Span<byte> wrappingKey = stackalloc byte[WrappingKeySize];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, wrappingKey, iterations, HashAlgorithmName.SHA256);
            if (iv is null)
            {
                return BeltKeyWrap.Unwrap(encrypted, stackalloc byte[BeltKeyWrap.HeaderSize], wrappingKey);
            }

            using var aes = Aes.Create();
            aes.SetKey(wrappingKey);
            return aes.DecryptCbc(encrypted, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException ex)
        {
            throw new EdsException($"The {family} key container cannot be opened: wrong password or damaged file.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    /// <summary>Throws the container's "not supported" <see cref="EdsException"/> unless <paramref name="condition"/> holds.</summary>
    public static void Expect(bool condition, string problem, string family)
    {
        if (!condition)
        {
            throw new EdsException($"The {family} key container is not supported: {problem}.");
        }
    }

    private static (byte[] Salt, int Iterations, byte[]? Iv, byte[] Encrypted) Read(byte[] der, KeyWrapScheme scheme, int maxPlainBytes, string family)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            var algorithm = info.ReadSequence();
            Expect(algorithm.ReadObjectIdentifier() == Pbes2, "the encryption algorithm is not PBES2", family);
            var pbes2 = algorithm.ReadSequence();
            var kdf = pbes2.ReadSequence();
            Expect(kdf.ReadObjectIdentifier() == Pbkdf2, "the key derivation is not PBKDF2", family);
            var kdfParameters = kdf.ReadSequence();
            var salt = kdfParameters.ReadOctetString();
            Expect(salt.Length is >= 8 and <= MaxSaltSize, $"the PBKDF2 salt must be 8 to {MaxSaltSize} bytes", family);
            Expect(kdfParameters.TryReadInt32(out var iterations) && iterations is >= MinIterations and <= MaxIterations,
                $"PBKDF2 iterations must be between {MinIterations} and {MaxIterations}", family);
            if (kdfParameters.HasData && kdfParameters.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                Expect(kdfParameters.TryReadInt32(out var keyLength) && keyLength == WrappingKeySize, $"the PBKDF2 key length must be {WrappingKeySize}", family);
            }

            var prf = kdfParameters.ReadSequence();
            Expect(prf.ReadObjectIdentifier() == HmacWithSha256, "the PBKDF2 PRF is not hmacWithSHA256", family);
            if (prf.HasData)
            {
                prf.ReadNull();
            }

            var encryptionScheme = pbes2.ReadSequence();
            byte[]? iv = null;
            if (scheme == KeyWrapScheme.BeltKeyWrap256)
            {
                Expect(encryptionScheme.ReadObjectIdentifier() == StbOids.BeltKeyWrap256, "the encryption scheme is not belt-keywrap256", family);
            }
            else
            {
                Expect(encryptionScheme.ReadObjectIdentifier() == Aes256CbcOid, $"the encryption scheme is not aes256-CBC ({Aes256CbcOid})", family);
                iv = encryptionScheme.ReadOctetString();
                Expect(iv.Length == AesBlockSize, $"the aes256-CBC IV must be {AesBlockSize} bytes", family);
            }

            var encrypted = info.ReadOctetString();
            var plausible = iv is null
                ? encrypted.Length > BeltKeyWrap.HeaderSize && encrypted.Length - BeltKeyWrap.HeaderSize <= maxPlainBytes
                : encrypted.Length % AesBlockSize == 0 && encrypted.Length is > 0 && encrypted.Length <= maxPlainBytes + AesBlockSize;
            Expect(plausible, "the encrypted key has the wrong length", family);
            Expect(!prf.HasData && !kdfParameters.HasData && !kdf.HasData && !encryptionScheme.HasData && !pbes2.HasData
                && !algorithm.HasData && !info.HasData && !outer.HasData, "it has trailing data", family);
            return (salt, iterations, iv, encrypted);
        }
        catch (AsnContentException ex)
        {
            throw new EdsException($"The {family} key container is not DER EncryptedPrivateKeyInfo.", ex);
        }
    }

    private static byte[] FromPem(ReadOnlySpan<byte> container, string family)
    {
        if (container.IndexOf("-----BEGIN "u8) < 0)
        {
            return container.ToArray();
        }

        var text = Encoding.ASCII.GetString(container);
        if (!PemEncoding.TryFind(text, out var fields) || !text.AsSpan()[fields.Label].SequenceEqual(PemLabel))
        {
            throw new EdsException($"The {family} key container is PEM but has no '{PemLabel}' block.");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static void CheckPassword(ReadOnlySpan<char> password, string family)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException($"A {family} key container needs a non-empty password.", nameof(password));
        }
    }
}
