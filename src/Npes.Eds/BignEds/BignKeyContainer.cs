using System.Formats.Asn1;
using System.Security.Cryptography;
using Npes.Eds.Keys;
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
/// HMAC-SHA-256 (built into .NET) rather than hmac-hbelt: the file is ours, not an interchange format. The PBES2 layer is
/// <see cref="KeyContainer"/> (with <see cref="KeyWrapScheme.BeltKeyWrap256"/>), shared with the GOST key container.
/// </summary>
internal static class BignKeyContainer
{
    /// <summary>PEM label of the container.</summary>
    public const string PemLabel = KeyContainer.PemLabel;

    /// <summary>PBKDF2 iterations for keys that protect something (OWASP 2023 for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = KeyContainer.DefaultIterations;

    /// <summary>Fewest iterations accepted when reading or writing.</summary>
    public const int MinIterations = KeyContainer.MinIterations;

    /// <summary>Most iterations accepted when reading: a file cannot make us spin for minutes.</summary>
    public const int MaxIterations = KeyContainer.MaxIterations;

    /// <summary>Largest container accepted (DER or PEM).</summary>
    public const int MaxContainerBytes = KeyContainer.MaxContainerBytes;

    private const string Family = "bign";

    /// <summary>DER of PrivateKeyInfo up to the 32 bytes of d, which end it.</summary>
    private static readonly byte[] PrivateKeyInfoPrefix = CreatePrivateKeyInfoPrefix();

    private static int PrivateKeyInfoSize => PrivateKeyInfoPrefix.Length + Bign.PrivateKeySize;

    /// <summary>Encrypts <paramref name="key"/> under <paramref name="password"/>; returns the DER container.</summary>
    public static byte[] Encrypt(BignPrivateKey key, ReadOnlySpan<char> password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        return KeyContainer.EncryptKey(PrivateKeyInfoPrefix, Bign.PrivateKeySize, key.CopyPrivateKeyTo, KeyWrapScheme.BeltKeyWrap256, password, iterations, Family);
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
        var plain = KeyContainer.Decrypt(container, password, KeyWrapScheme.BeltKeyWrap256, PrivateKeyInfoSize, Family);
        try
        {
            KeyContainer.Expect(plain.Length == PrivateKeyInfoSize && plain.AsSpan(0, PrivateKeyInfoPrefix.Length).SequenceEqual(PrivateKeyInfoPrefix),
                "the decrypted key is not a bign-curve256v1 PrivateKeyInfo", Family);
            return BignPrivateKey.Import(plain.AsSpan(PrivateKeyInfoPrefix.Length));
        }
        catch (ArgumentException ex)
        {
            throw new EdsException("The bign key container holds no valid bign-curve256v1 private key.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
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
