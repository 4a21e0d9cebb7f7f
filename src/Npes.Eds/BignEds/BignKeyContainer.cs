using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Npes.Eds.Stb;

namespace Npes.Eds.BignEds;

/// <summary>
/// The password-protected file of a bign private key: PKCS#8 <c>EncryptedPrivateKeyInfo</c> (RFC 5958) with PBES2
/// (RFC 8018), in PEM as <c>ENCRYPTED PRIVATE KEY</c>:
/// <code>
/// EncryptedPrivateKeyInfo ::= SEQUENCE {
///   encryptionAlgorithm { id-PBES2, PBES2-params {
///     keyDerivationFunc { id-PBKDF2, { salt OCTET STRING (16), iterationCount, keyLength 32, prf hmacWithSHA256 } },
///     encryptionScheme  { belt-keywrap256 (1.2.112.0.2.0.34.101.31.73) } } },
///   encryptedData OCTET STRING }   -- belt-keywrap(PrivateKeyInfo, header 0¹²⁸) under the PBKDF2 key: 81 bytes
/// PrivateKeyInfo ::= SEQUENCE { version 0, { bign-pubkey, bign-curve256v1 }, privateKey OCTET STRING (d, 32 bytes) }
/// </code>
/// The inner PrivateKeyInfo is the STB 34.101.78 profile of PKCS#8 (as bee2evp writes it). belt-keywrap
/// authenticates what it wraps, so a wrong password or a changed byte fails the header check. PBKDF2 uses
/// HMAC-SHA-256 (built into .NET) rather than hmac-hbelt: the file is ours, not an interchange format.
/// </summary>
internal static class BignKeyContainer
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

    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";
    private const string HmacWithSha256 = "1.2.840.113549.2.9";
    private const int SaltSize = 16;
    private const int MaxSaltSize = 64;
    private const int WrappingKeySize = 32;

    /// <summary>DER of PrivateKeyInfo up to the 32 bytes of d, which end it.</summary>
    private static readonly byte[] PrivateKeyInfoPrefix = CreatePrivateKeyInfoPrefix();

    private static int PrivateKeyInfoSize => PrivateKeyInfoPrefix.Length + Bign.PrivateKeySize;

    /// <summary>Encrypts <paramref name="key"/> under <paramref name="password"/>; returns the DER container.</summary>
    public static byte[] Encrypt(BignPrivateKey key, ReadOnlySpan<char> password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckPassword(password);
        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"PBKDF2 iterations must be between {MinIterations} and {MaxIterations}.");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var info = GC.AllocateArray<byte>(PrivateKeyInfoSize, pinned: true);
        Span<byte> wrappingKey = stackalloc byte[WrappingKeySize];
        byte[] wrapped;
        try
        {
            PrivateKeyInfoPrefix.CopyTo(info, 0);
            key.CopyPrivateKeyTo(info.AsSpan(PrivateKeyInfoPrefix.Length));
            Rfc2898DeriveBytes.Pbkdf2(password, salt, wrappingKey, iterations, HashAlgorithmName.SHA256);
            wrapped = BeltKeyWrap.Wrap(info, stackalloc byte[BeltKeyWrap.HeaderSize], wrappingKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(info);
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
                        writer.WriteObjectIdentifier(StbOids.BeltKeyWrap256);
                    }
                }
            }

            writer.WriteOctetString(wrapped);
        }

        return writer.Encode();
    }

    /// <summary>The container as PEM text.</summary>
    public static string EncryptPem(BignPrivateKey key, ReadOnlySpan<char> password, int iterations = DefaultIterations) =>
        PemEncoding.WriteString(PemLabel, Encrypt(key, password, iterations)) + "\n";

    /// <summary>
    /// Decrypts a container (DER, or PEM with <see cref="PemLabel"/>). Throws <see cref="EdsException"/> saying what is
    /// wrong: not a container, unsupported parameters, or wrong password / damaged file (these two cannot be told apart).
    /// </summary>
    public static BignPrivateKey Decrypt(ReadOnlySpan<byte> container, ReadOnlySpan<char> password)
    {
        CheckPassword(password);
        if (container.IsEmpty || container.Length > MaxContainerBytes)
        {
            throw new EdsException($"A bign key container is 1 to {MaxContainerBytes} bytes; got {container.Length}.");
        }

        var der = FromPem(container);
        byte[] salt;
        int iterations;
        byte[] wrapped;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            var algorithm = info.ReadSequence();
            Expect(algorithm.ReadObjectIdentifier() == Pbes2, "the encryption algorithm is not PBES2");
            var pbes2 = algorithm.ReadSequence();
            var kdf = pbes2.ReadSequence();
            Expect(kdf.ReadObjectIdentifier() == Pbkdf2, "the key derivation is not PBKDF2");
            var kdfParameters = kdf.ReadSequence();
            salt = kdfParameters.ReadOctetString();
            Expect(salt.Length is >= 8 and <= MaxSaltSize, $"the PBKDF2 salt must be 8 to {MaxSaltSize} bytes");
            Expect(kdfParameters.TryReadInt32(out iterations) && iterations is >= MinIterations and <= MaxIterations,
                $"PBKDF2 iterations must be between {MinIterations} and {MaxIterations}");
            if (kdfParameters.HasData && kdfParameters.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                Expect(kdfParameters.TryReadInt32(out var keyLength) && keyLength == WrappingKeySize, $"the PBKDF2 key length must be {WrappingKeySize}");
            }

            var prf = kdfParameters.ReadSequence();
            Expect(prf.ReadObjectIdentifier() == HmacWithSha256, "the PBKDF2 PRF is not hmacWithSHA256");
            if (prf.HasData)
            {
                prf.ReadNull();
            }

            var scheme = pbes2.ReadSequence();
            Expect(scheme.ReadObjectIdentifier() == StbOids.BeltKeyWrap256, "the encryption scheme is not belt-keywrap256");
            wrapped = info.ReadOctetString();
            Expect(wrapped.Length == PrivateKeyInfoSize + BeltKeyWrap.HeaderSize, "the encrypted key has the wrong length");
            Expect(!prf.HasData && !kdfParameters.HasData && !kdf.HasData && !scheme.HasData && !pbes2.HasData
                && !algorithm.HasData && !info.HasData && !outer.HasData, "it has trailing data");
        }
        catch (AsnContentException ex)
        {
            throw new EdsException("The bign key container is not DER EncryptedPrivateKeyInfo.", ex);
        }

        Span<byte> wrappingKey = stackalloc byte[WrappingKeySize];
        byte[]? plain = null;
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, wrappingKey, iterations, HashAlgorithmName.SHA256);
            plain = BeltKeyWrap.Unwrap(wrapped, stackalloc byte[BeltKeyWrap.HeaderSize], wrappingKey);
            Expect(plain.AsSpan(0, PrivateKeyInfoPrefix.Length).SequenceEqual(PrivateKeyInfoPrefix),
                "the decrypted key is not a bign-curve256v1 PrivateKeyInfo");
            return BignPrivateKey.Import(plain.AsSpan(PrivateKeyInfoPrefix.Length));
        }
        catch (CryptographicException ex)
        {
            throw new EdsException("The bign key container cannot be opened: wrong password or damaged file.", ex);
        }
        catch (ArgumentException ex)
        {
            throw new EdsException("The bign key container holds no valid bign-curve256v1 private key.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
            if (plain is not null)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
    }

    private static byte[] FromPem(ReadOnlySpan<byte> container)
    {
        if (container.IndexOf("-----BEGIN "u8) < 0)
        {
            return container.ToArray();
        }

        var text = Encoding.ASCII.GetString(container);
        if (!PemEncoding.TryFind(text, out var fields) || !text.AsSpan()[fields.Label].SequenceEqual(PemLabel))
        {
            throw new EdsException($"The bign key container is PEM but has no '{PemLabel}' block.");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static void CheckPassword(ReadOnlySpan<char> password)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("A bign key container needs a non-empty password.", nameof(password));
        }
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new EdsException($"The bign key container is not supported: {problem}.");
        }
    }

    private static byte[] CreatePrivateKeyInfoPrefix()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(StbOids.BignPubkey);
                writer.WriteObjectIdentifier(StbOids.BignCurve256v1);
            }

            writer.WriteOctetString(new byte[Bign.PrivateKeySize]);
        }

        var encoded = writer.Encode();
        return encoded[..^Bign.PrivateKeySize];
    }
}
