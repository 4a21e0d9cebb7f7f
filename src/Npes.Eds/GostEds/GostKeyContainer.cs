using System.Formats.Asn1;
using System.Security.Cryptography;
using Npes.Eds.Keys;

namespace Npes.Eds.GostEds;

/// <summary>
/// The password-protected file of a GOST R 34.10-2012 private key: the same PBES2 container as the bign one
/// (<see cref="KeyContainer"/>, PBKDF2-HMAC-SHA256), with aes256-CBC as encryption scheme, i.e. a standard PKCS#8
/// <c>EncryptedPrivateKeyInfo</c> that any PKCS#8 reader (.NET's <c>Pkcs8PrivateKeyInfo</c>, OpenSSL) can decrypt:
/// <code>
/// EncryptedPrivateKeyInfo ::= SEQUENCE {
///   encryptionAlgorithm { id-PBES2, PBES2-params {
///     keyDerivationFunc { id-PBKDF2, { salt OCTET STRING (16), iterationCount, keyLength 32, prf hmacWithSHA256 } },
///     encryptionScheme  { aes256-CBC (2.16.840.1.101.3.4.1.42), iv OCTET STRING (16) } } },
///   encryptedData OCTET STRING }   -- AES-256-CBC (PKCS#7 padding) of PrivateKeyInfo under the PBKDF2 key
/// PrivateKeyInfo ::= SEQUENCE { version 0,
///   { id-tc26-gost3410-12-256 | -512, { publicKeyParamSet [, digestParamSet] } },
///   privateKey OCTET STRING { OCTET STRING d } }   -- d little-endian, 32 or 64 bytes (TC 26 / RFC 9215 key form)
/// </code>
/// CBC does not authenticate: a wrong password is noticed by the padding or by the PrivateKeyInfo that does not parse
/// (both are reported alike), and a key that decrypts must still match its certificate when imported.
/// </summary>
internal static class GostKeyContainer
{
    /// <summary>Largest PrivateKeyInfo a GOST container may hold (a 512-bit key with both parameter OIDs is about 110 bytes).</summary>
    private const int MaxPrivateKeyInfoBytes = 256;

    private const string Family = "GOST";

    /// <summary>Encrypts <paramref name="key"/> under <paramref name="password"/>; returns the DER container.</summary>
    public static byte[] Encrypt(GostPrivateKey key, ReadOnlySpan<char> password, int iterations = KeyContainer.DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        return KeyContainer.EncryptKey(
            PrivateKeyInfoPrefix(key.Set), key.Set.Size, key.CopyPrivateKeyTo, KeyWrapScheme.Aes256Cbc, password, iterations, Family);
    }

    /// <summary>The container as PEM text (<c>ENCRYPTED PRIVATE KEY</c>).</summary>
    public static string EncryptPem(GostPrivateKey key, ReadOnlySpan<char> password, int iterations = KeyContainer.DefaultIterations) =>
        PemEncoding.WriteString(KeyContainer.PemLabel, Encrypt(key, password, iterations)) + "\n";

    /// <summary>
    /// Decrypts a container (DER, or PEM <c>ENCRYPTED PRIVATE KEY</c>). Throws <see cref="EdsException"/> saying what is
    /// wrong: not a container, unsupported parameters or parameter set, or wrong password / damaged file.
    /// </summary>
    public static GostPrivateKey Decrypt(ReadOnlySpan<byte> container, ReadOnlySpan<char> password)
    {
        var plain = KeyContainer.Decrypt(container, password, KeyWrapScheme.Aes256Cbc, MaxPrivateKeyInfoBytes, Family);
        try
        {
            var outer = new AsnReader(plain, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            KeyContainer.Expect(info.TryReadInt32(out var version) && version == 0, "the decrypted key is not a version 0 PrivateKeyInfo", Family);
            var algorithm = info.ReadSequence();
            var set = GostCertificates.ReadKeyParameters(algorithm.ReadObjectIdentifier(), algorithm);
            KeyContainer.Expect(set is not null, "the decrypted key is not on a supported GOST R 34.10-2012 parameter set", Family);
            KeyContainer.Expect(info.TryReadPrimitiveOctetString(out var privateKey) && !info.HasData && !outer.HasData,
                "the decrypted PrivateKeyInfo has no privateKey OCTET STRING or has trailing data", Family);
            var inner = new AsnReader(privateKey, AsnEncodingRules.DER);
            KeyContainer.Expect(inner.TryReadPrimitiveOctetString(out var d) && !inner.HasData && d.Length == set!.Size,
                $"the private key is not an OCTET STRING of {set!.Size} bytes", Family);
            return GostPrivateKey.Import(set, d.Span);
        }
        catch (AsnContentException ex)
        {
            throw new EdsException("The GOST key container cannot be opened: wrong password or damaged file.", ex);
        }
        catch (ArgumentException ex)
        {
            throw new EdsException("The GOST key container holds no valid GOST R 34.10-2012 private key.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>DER of the PrivateKeyInfo of a key on <paramref name="set"/> up to d, which ends it.</summary>
    private static byte[] PrivateKeyInfoPrefix(GostParameterSet set)
    {
        var key = new AsnWriter(AsnEncodingRules.DER);
        key.WriteOctetString(new byte[set.Size]);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(set.PublicKeyAlgorithm);
                writer.WriteEncodedValue(GostCertificates.KeyParameters(set));
            }

            writer.WriteOctetString(key.Encode());
        }

        return writer.Encode()[..^set.Size];
    }
}
