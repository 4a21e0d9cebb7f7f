using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Keys;
using Npes.Eds.Stb;

namespace Npes.Eds.BignEds;

/// <summary>
/// bign in X.509 (STB 34.101.45 appendix Д): SubjectPublicKeyInfo = { { bign-pubkey, bign-curve256v1 }, BIT STRING Q }
/// with Q the 64 bytes x ‖ y as they are (no 0x04 prefix, no inner OCTET STRING); signatures
/// { bign-with-hbelt, NULL } with the 48 bytes s0 ‖ s1 as the BIT STRING. .NET loads such certificates; it just does
/// not know the algorithms, so keys and signatures are read here.
/// </summary>
internal static class BignCertificates
{
    /// <summary>Largest certificate (DER) whose key or signature is read here.</summary>
    public const int MaxCertificateBytes = 64 * 1024;

    /// <summary>The name under which .NET's certificate and CRL builders pass belt-hash to <see cref="BignSignatureGenerator"/>.</summary>
    public static readonly HashAlgorithmName BeltHashName = new("BELT-HASH");

    /// <summary>DER of the AlgorithmIdentifier { bign-with-hbelt, NULL }.</summary>
    public static byte[] SignatureAlgorithmIdentifier()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(StbOids.BignWithHbelt);
            writer.WriteNull();
        }

        return writer.Encode();
    }

    /// <summary>The .NET <see cref="PublicKey"/> of a bign public key Q (64 bytes), for <see cref="CertificateRequest"/>.</summary>
    public static PublicKey CreatePublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (!Bign.IsValidPublicKey(publicKey))
        {
            throw new ArgumentException($"A bign public key is {Bign.PublicKeySize} bytes encoding a point of bign-curve256v1.", nameof(publicKey));
        }

        return new PublicKey(
            new Oid(StbOids.BignPubkey),
            new AsnEncodedData(Bign.CurveOidDer.ToArray()),
            new AsnEncodedData(publicKey.ToArray()));
    }

    /// <summary>Whether the certificate's public key algorithm is bign-pubkey (whatever its parameters).</summary>
    public static bool HasBignKey(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value == StbOids.BignPubkey;

    /// <summary>Whether the certificate is signed with bign-with-hbelt.</summary>
    public static bool HasBignSignature(X509Certificate2 certificate) => certificate.SignatureAlgorithm.Value == StbOids.BignWithHbelt;

    /// <summary>
    /// Reads the bign public key of a certificate: bign-pubkey on the named curve bign-curve256v1, a BIT STRING of
    /// exactly 64 bytes without unused bits, a point of the curve. False for anything else, never an exception.
    /// </summary>
    public static bool TryGetPublicKey(X509Certificate2 certificate, out byte[] publicKey)
    {
        publicKey = [];
        if (!HasBignKey(certificate) || certificate.RawDataMemory.Length > MaxCertificateBytes)
        {
            return false;
        }

        try
        {
            var spki = new AsnReader(certificate.PublicKey.ExportSubjectPublicKeyInfo(), AsnEncodingRules.DER).ReadSequence();
            var algorithm = spki.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != StbOids.BignPubkey
                || !algorithm.ReadEncodedValue().Span.SequenceEqual(Bign.CurveOidDer)
                || algorithm.HasData)
            {
                return false;
            }

            if (!spki.TryReadPrimitiveBitString(out var unusedBits, out var key) || unusedBits != 0 || spki.HasData
                || !Bign.IsValidPublicKey(key.Span))
            {
                return false;
            }

            publicKey = key.ToArray();
            return true;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>
/// Lets .NET's <see cref="CertificateRequest"/> and <see cref="CertificateRevocationListBuilder"/> write bign-signed
/// certificates and CRLs: they build the TBS structure, this signs it (belt-hash, then bign).
/// Pass <see cref="BignCertificates.BeltHashName"/> as their hash algorithm.
/// </summary>
internal sealed class BignSignatureGenerator(BignPrivateKey key) : SoftwareSignatureGenerator(key)
{
    private readonly BignPrivateKey _key = key;

    protected override HashAlgorithmName HashName => BignCertificates.BeltHashName;

    protected override string AlgorithmName => "bign-with-hbelt";

    protected override byte[] SignatureAlgorithmIdentifier() => BignCertificates.SignatureAlgorithmIdentifier();

    protected override PublicKey BuildPublicKey() => BignCertificates.CreatePublicKey(_key.PublicKey);
}
