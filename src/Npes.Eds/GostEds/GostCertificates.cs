using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Keys;

namespace Npes.Eds.GostEds;

/// <summary>
/// GOST R 34.10-2012 in X.509 (RFC 9215): SubjectPublicKeyInfo =
/// <c>{ { id-tc26-gost3410-12-256 | -512, { publicKeyParamSet [, digestParamSet] } }, BIT STRING { OCTET STRING x ‖ y } }</c>
/// with x and y little-endian; signatures <c>{ id-tc26-signwithdigest-gost3410-12-256 | -512 }</c> (parameters absent;
/// NULL accepted when reading) whose BIT STRING holds s ‖ r, each big-endian, over Streebog of the TBS structure. .NET
/// loads such certificates; it does not know the algorithms, so keys and signatures are read here.
/// </summary>
internal static class GostCertificates
{
    /// <summary>Largest certificate (DER) whose key or signature is read here.</summary>
    public const int MaxCertificateBytes = 64 * 1024;

    /// <summary>The name under which .NET's certificate and CRL builders pass Streebog-256 to <see cref="GostSignatureGenerator"/>.</summary>
    public static readonly HashAlgorithmName Streebog256Name = new("STREEBOG-256");

    /// <summary>The name under which .NET's builders pass Streebog-512.</summary>
    public static readonly HashAlgorithmName Streebog512Name = new("STREEBOG-512");

    /// <summary>DER of the AlgorithmIdentifier <c>{ id-tc26-signwithdigest-gost3410-12-256 | -512 }</c> (no parameters, RFC 9215).</summary>
    public static byte[] SignatureAlgorithmIdentifier(GostParameterSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(set.SignatureAlgorithm);
        }

        return writer.Encode();
    }

    /// <summary>
    /// DER of GostR3410-2012-PublicKeyParameters: <c>{ publicKeyParamSet }</c>, with digestParamSet for the CryptoPro sets
    /// (as most certificates with those curves carry it); RFC 9215 has it omitted for the TC 26 sets.
    /// </summary>
    public static byte[] KeyParameters(GostParameterSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(set.Oid);
            if (set.WritesDigestParamSet)
            {
                writer.WriteObjectIdentifier(set.DigestAlgorithm);
            }
        }

        return writer.Encode();
    }

    /// <summary>The .NET <see cref="PublicKey"/> of a GOST public key, for <see cref="CertificateRequest"/>.</summary>
    public static PublicKey CreatePublicKey(GostPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(publicKey.Encoded);
        return new PublicKey(
            new Oid(publicKey.Set.PublicKeyAlgorithm),
            new AsnEncodedData(KeyParameters(publicKey.Set)),
            new AsnEncodedData(value.Encode()));
    }

    /// <summary>Whether the certificate's public key algorithm is a GOST R 34.10-2012 one (whatever its parameters).</summary>
    public static bool HasGostKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.PublicKey.Oid.Value is GostOids.PublicKey256 or GostOids.PublicKey512;
    }

    /// <summary>Whether the certificate is signed with GOST R 34.10-2012 (256 or 512).</summary>
    public static bool HasGostSignature(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.SignatureAlgorithm.Value is GostOids.SignWithDigest256 or GostOids.SignWithDigest512;
    }

    /// <summary>
    /// Reads the GOST public key of a certificate: a GOST R 34.10-2012 key algorithm, parameters naming a supported
    /// parameter set of the same size (and, when present, that size's Streebog as digestParamSet), a BIT STRING without
    /// unused bits holding exactly one OCTET STRING of 64 or 128 bytes, and a point of order q. False for anything else,
    /// never an exception; certificates over <see cref="MaxCertificateBytes"/> are not read.
    /// </summary>
    public static bool TryGetPublicKey(X509Certificate2 certificate, out GostPublicKey publicKey)
    {
        publicKey = null!;
        if (!HasGostKey(certificate) || certificate.RawDataMemory.Length > MaxCertificateBytes)
        {
            return false;
        }

        try
        {
            return TryReadSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo(), out publicKey);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// The parameter set named by the rest of a key AlgorithmIdentifier whose OID <paramref name="keyAlgorithm"/> has been
    /// read, or null when it is not a GOST key algorithm with parameters as <see cref="TryGetPublicKey"/> requires.
    /// </summary>
    public static GostParameterSet? ReadKeyParameters(string keyAlgorithm, AsnReader algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (keyAlgorithm is not (GostOids.PublicKey256 or GostOids.PublicKey512)
            || !algorithm.HasData || !algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            return null;
        }

        var parameters = algorithm.ReadSequence();
        var set = GostParameterSet.Find(parameters.ReadObjectIdentifier());
        if (set is null || set.PublicKeyAlgorithm != keyAlgorithm)
        {
            return null;
        }

        if (parameters.HasData && parameters.ReadObjectIdentifier() != set.DigestAlgorithm)
        {
            return null;
        }

        return parameters.HasData || algorithm.HasData ? null : set;
    }

    private static bool TryReadSubjectPublicKeyInfo(byte[] der, out GostPublicKey publicKey)
    {
        publicKey = null!;
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var spki = outer.ReadSequence();
        var algorithm = spki.ReadSequence();
        var set = ReadKeyParameters(algorithm.ReadObjectIdentifier(), algorithm);
        if (set is null || !spki.TryReadPrimitiveBitString(out var unusedBits, out var key) || unusedBits != 0
            || spki.HasData || outer.HasData)
        {
            return false;
        }

        var inner = new AsnReader(key, AsnEncodingRules.DER);
        return inner.TryReadPrimitiveOctetString(out var point) && !inner.HasData
            && GostPublicKey.TryCreate(set, point.Span, out publicKey);
    }
}

/// <summary>
/// Lets .NET's <see cref="CertificateRequest"/> and <see cref="CertificateRevocationListBuilder"/> write GOST-signed
/// certificates and CRLs: they build the TBS structure, this signs it (Streebog, then GOST R 34.10-2012). Pass the signing
/// key's <see cref="GostParameterSet.HashName"/> (<c>STREEBOG-256</c> or <c>STREEBOG-512</c>) as their hash algorithm.
/// </summary>
internal sealed class GostSignatureGenerator(GostPrivateKey key) : SoftwareSignatureGenerator(key)
{
    private readonly GostPrivateKey _key = key;

    protected override HashAlgorithmName HashName => _key.Set.HashName;

    protected override string AlgorithmName => $"GOST R 34.10-2012 with a {_key.Set.Name} key";

    protected override byte[] SignatureAlgorithmIdentifier() => GostCertificates.SignatureAlgorithmIdentifier(_key.Set);

    protected override PublicKey BuildPublicKey() => GostCertificates.CreatePublicKey(_key.PublicKey);
}
