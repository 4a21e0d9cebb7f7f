using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Npes.Eds.BignEds;
using Npes.Eds.GostEds;
using Npes.Eds.Stb;

namespace Npes.Eds.Pkcs11;

/// <summary>What the token is asked to sign: a mechanism and its input.</summary>
internal readonly record struct TokenInput(ulong Mechanism, byte[] Bytes);

/// <summary>
/// How a key on a token signs the way NPES encodes signatures of its certificate's algorithm: which mechanism, over
/// what input (data, or a digest computed here), and how the token's output becomes NPES's encoding.
/// </summary>
internal abstract class TokenSignature
{
    /// <summary>Most bytes handed to a mechanism that hashes on the token (a smart card is slow; statements are small).</summary>
    public const int MaxTokenInputBytes = 1024 * 1024;

    private const ulong EcKeyType = (ulong)CKK.CKK_EC;
    private const ulong RsaKeyType = (ulong)CKK.CKK_RSA;
    private const int MinimumRsaBits = 2048;

    /// <summary>The algorithm and mechanism in messages, e.g. <c>ECDSA P-256 with SHA-256 (CKM_ECDSA)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The mechanism and input that sign <paramref name="data"/>.</summary>
    public abstract TokenInput ForData(ReadOnlySpan<byte> data);

    /// <summary>The mechanism and input that sign a digest .NET computed (for CMS); null when the token cannot.</summary>
    public virtual TokenInput? ForDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hash) => null;

    /// <summary>The token's output in NPES's encoding; throws <see cref="EdsTokenException"/> when it cannot be one.</summary>
    public abstract byte[] Finish(byte[] output, string token);

    /// <summary>
    /// The signature for <paramref name="certificate"/>'s key (of PKCS#11 type <paramref name="keyType"/>) with what the
    /// token offers (<paramref name="mechanisms"/>) and the configured vendor mechanisms.
    /// </summary>
    public static TokenSignature Select(X509Certificate2 certificate, ulong keyType, IReadOnlySet<ulong> mechanisms, Pkcs11Options options, string token)
    {
        if (BignCertificates.HasBignKey(certificate))
        {
            return Vendor("bign (STB 34.101.45)", Pkcs11Options.BignName, options.Bign, mechanisms, token, data => BeltHash.HashData(data), Bign.SignatureSize);
        }

        if (GostCertificates.TryGetPublicKey(certificate, out var gost))
        {
            var (name, configured) = gost.Set.DoubleSize == 64
                ? (Pkcs11Options.Gost256Name, options.Gost256)
                : (Pkcs11Options.Gost512Name, options.Gost512);
            return Vendor("GOST R 34.10-2012", name, configured, mechanisms, token, data => gost.Set.Hash(data), gost.Set.DoubleSize);
        }

        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null && keyType == EcKeyType)
            {
                return Ecdsa(ecdsa.KeySize, mechanisms, token);
            }
        }

        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null && keyType == RsaKeyType)
            {
                return rsa.KeySize >= MinimumRsaBits
                    ? Rsa(rsa.KeySize, mechanisms, token)
                    : throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"The key on token {token} is RSA of {rsa.KeySize} bits; NPES accepts RSA of at least {MinimumRsaBits} bits.");
            }
        }

        throw new EdsTokenException(
            TokenFailure.MechanismUnsupported,
            $"The certificate on token {token} has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key (PKCS#11 key type {Pkcs11KeyReference.Hex(keyType)}) that NPES cannot sign with through PKCS#11 (ECDSA P-256/P-384/P-521, RSA, bign, GOST R 34.10-2012).");
    }

    private static EcdsaSignature Ecdsa(int keySize, IReadOnlySet<ulong> mechanisms, string token)
    {
        var (hash, hashing, fieldBytes) = keySize switch
        {
            256 => (HashAlgorithmName.SHA256, CKM.CKM_ECDSA_SHA256, 32),
            384 => (HashAlgorithmName.SHA384, CKM.CKM_ECDSA_SHA384, 48),
            521 => (HashAlgorithmName.SHA512, CKM.CKM_ECDSA_SHA512, 66),
            _ => throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"The ECDSA key on token {token} has {keySize} bits; NPES signs with P-256, P-384 and P-521."),
        };
        if (mechanisms.Contains((ulong)CKM.CKM_ECDSA))
        {
            return new EcdsaSignature(keySize, hash, fieldBytes, null);
        }

        return mechanisms.Contains((ulong)hashing)
            ? new EcdsaSignature(keySize, hash, fieldBytes, hashing)
            : throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"Token {token} offers neither CKM_ECDSA nor {hashing}: it cannot sign with its ECDSA key.");
    }

    private static RsaSignature Rsa(int keySize, IReadOnlySet<ulong> mechanisms, string token)
    {
        var hashing = mechanisms.Contains((ulong)CKM.CKM_SHA256_RSA_PKCS);
        var raw = mechanisms.Contains((ulong)CKM.CKM_RSA_PKCS);
        return hashing || raw
            ? new RsaSignature(keySize, hashing, raw)
            : throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"Token {token} offers neither CKM_SHA256_RSA_PKCS nor CKM_RSA_PKCS: it cannot sign with its RSA key.");
    }

    private static VendorSignature Vendor(
        string family, string name, Pkcs11VendorMechanism? configured, IReadOnlySet<ulong> mechanisms, string token, Func<byte[], byte[]> digest, int size)
    {
        if (configured is null)
        {
            throw new EdsTokenException(
                TokenFailure.MechanismUnsupported,
                $"The key on token {token} is {family}, which PKCS#11 signs only through a vendor mechanism: configure its number ({Pkcs11Options.Section}:{ToSectionKey(name)}:Mechanism, or {name}=NUMBER in NPES_PKCS11_MECHANISMS for the CLI).");
        }

        ulong number;
        try
        {
            number = configured.Number();
        }
        catch (ArgumentException e)
        {
            throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"The vendor mechanism configured for {name}: {e.Message}", e);
        }

        return mechanisms.Contains(number)
            ? new VendorSignature(family, number, configured.Input, digest, size)
            : throw new EdsTokenException(TokenFailure.MechanismUnsupported, $"Token {token} does not offer mechanism {Pkcs11KeyReference.Hex(number)}, configured for {name}.");
    }

    private static string ToSectionKey(string name) => name switch
    {
        Pkcs11Options.Gost256Name => nameof(Pkcs11Options.Gost256),
        Pkcs11Options.Gost512Name => nameof(Pkcs11Options.Gost512),
        _ => nameof(Pkcs11Options.Bign),
    };

    private static void CheckInput(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxTokenInputBytes)
        {
            throw new ArgumentException($"At most {MaxTokenInputBytes} bytes are given to a token to hash and sign; {data.Length} given.", nameof(data));
        }
    }

    /// <summary>ECDSA: CKM_ECDSA over a digest computed here, or CKM_ECDSA_SHAx over the data; r ‖ s (IEEE P1363).</summary>
    private sealed class EcdsaSignature(int keySize, HashAlgorithmName hash, int fieldBytes, CKM? hashing) : TokenSignature
    {
        public override string Description => $"ECDSA P-{keySize} with {hash.Name} ({hashing?.ToString() ?? nameof(CKM.CKM_ECDSA)})";

        public override TokenInput ForData(ReadOnlySpan<byte> data)
        {
            if (hashing is { } mechanism)
            {
                CheckInput(data);
                return new((ulong)mechanism, data.ToArray());
            }

            return new((ulong)CKM.CKM_ECDSA, Digest(hash, data));
        }

        public override TokenInput? ForDigest(ReadOnlySpan<byte> digest, HashAlgorithmName digestAlgorithm) =>
            hashing is null ? new((ulong)CKM.CKM_ECDSA, digest.ToArray()) : null;

        public override byte[] Finish(byte[] output, string token)
        {
            if (output.Length == 2 * fieldBytes)
            {
                return output;
            }

            // Some modules answer in DER (RFC 3279) instead of PKCS#11's r ‖ s.
            try
            {
                var sequence = new AsnReader(output, AsnEncodingRules.DER).ReadSequence();
                var r = sequence.ReadIntegerBytes().Span.TrimStart((byte)0);
                var s = sequence.ReadIntegerBytes().Span.TrimStart((byte)0);
                if (!sequence.HasData && r.Length <= fieldBytes && s.Length <= fieldBytes)
                {
                    var signature = new byte[2 * fieldBytes];
                    r.CopyTo(signature.AsSpan(fieldBytes - r.Length));
                    s.CopyTo(signature.AsSpan((2 * fieldBytes) - s.Length));
                    return signature;
                }
            }
            catch (AsnContentException)
            {
                // Reported below.
            }

            throw new EdsTokenException(TokenFailure.DeviceError, $"Token {token} returned a {output.Length}-byte ECDSA signature; P-{keySize} signatures are r ‖ s of {2 * fieldBytes} bytes.");
        }
    }

    /// <summary>RSA PKCS#1 v1.5: CKM_SHA256_RSA_PKCS over the data, or CKM_RSA_PKCS over a DigestInfo computed here.</summary>
    private sealed class RsaSignature(int keySize, bool hashing, bool raw) : TokenSignature
    {
        public override string Description => $"RSA-{keySize} PKCS#1 v1.5 with SHA-256 ({(hashing ? nameof(CKM.CKM_SHA256_RSA_PKCS) : nameof(CKM.CKM_RSA_PKCS))})";

        public override TokenInput ForData(ReadOnlySpan<byte> data)
        {
            if (hashing)
            {
                CheckInput(data);
                return new((ulong)CKM.CKM_SHA256_RSA_PKCS, data.ToArray());
            }

            return new((ulong)CKM.CKM_RSA_PKCS, DigestInfo(HashAlgorithmName.SHA256, Digest(HashAlgorithmName.SHA256, data)));
        }

        public override TokenInput? ForDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hash) =>
            raw ? new((ulong)CKM.CKM_RSA_PKCS, DigestInfo(hash, digest)) : null;

        public override byte[] Finish(byte[] output, string token) =>
            output.Length == (keySize + 7) / 8
                ? output
                : throw new EdsTokenException(TokenFailure.DeviceError, $"Token {token} returned a {output.Length}-byte RSA signature for a {keySize}-bit key.");

        /// <summary>DER DigestInfo (RFC 8017 9.2): the algorithm with NULL parameters and the digest.</summary>
        private static byte[] DigestInfo(HashAlgorithmName hash, ReadOnlySpan<byte> digest)
        {
            var (oid, size) = hash.Name switch
            {
                "SHA256" => ("2.16.840.1.101.3.4.2.1", 32),
                "SHA384" => ("2.16.840.1.101.3.4.2.2", 48),
                "SHA512" => ("2.16.840.1.101.3.4.2.3", 64),
                _ => throw new CryptographicException($"The token's RSA key signs SHA-256, SHA-384 or SHA-512 digests, not {hash.Name}."),
            };
            if (digest.Length != size)
            {
                throw new CryptographicException($"A {hash.Name} digest has {size} bytes, not {digest.Length}.");
            }

            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    writer.WriteNull();
                }

                writer.WriteOctetString(digest);
            }

            return writer.Encode();
        }
    }

    /// <summary>A vendor mechanism (bign, GOST): over the data, or over a digest computed here; its output is NPES's encoding.</summary>
    private sealed class VendorSignature(string family, ulong mechanism, Pkcs11MechanismInput input, Func<byte[], byte[]> digest, int size) : TokenSignature
    {
        public override string Description => $"{family} (vendor mechanism {Pkcs11KeyReference.Hex(mechanism)} over the {(input == Pkcs11MechanismInput.Data ? "data" : "digest")})";

        public override TokenInput ForData(ReadOnlySpan<byte> data)
        {
            if (input == Pkcs11MechanismInput.Data)
            {
                CheckInput(data);
                return new(mechanism, data.ToArray());
            }

            return new(mechanism, digest(data.ToArray()));
        }

        public override byte[] Finish(byte[] output, string token) =>
            output.Length == size
                ? output
                : throw new EdsTokenException(TokenFailure.DeviceError, $"Token {token} returned a {output.Length}-byte {family} signature with mechanism {Pkcs11KeyReference.Hex(mechanism)}; NPES expects {size} bytes.");
    }

    private static byte[] Digest(HashAlgorithmName hash, ReadOnlySpan<byte> data) => hash.Name switch
    {
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        _ => SHA256.HashData(data),
    };
}
