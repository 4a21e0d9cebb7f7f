using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Cms;
using Npes.Eds.GostEds;
using Npes.Eds.Stb;

namespace Npes.Eds.Trust;

/// <summary>
/// Checks the issuer's signature on a certificate or CRL (SEQUENCE { tbs, signatureAlgorithm, BIT STRING }) for the
/// algorithms our own path building meets: bign-with-hbelt, GOST R 34.10-2012 (256 and 512, RFC 9215), and ECDSA with
/// SHA-256/384/512 for mixed chains.
/// </summary>
internal static class SignedObjects
{
    /// <summary>Largest certificate or CRL checked here (the CRL limit of <see cref="TrustMaterial"/>).</summary>
    public const int MaxBytes = (int)TrustMaterial.MaxCrlFileBytes;

    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    /// <summary>
    /// Whether <paramref name="issuer"/>'s key signed <paramref name="der"/> (a certificate or a CRL). False — never an
    /// exception — for malformed input, an algorithm not listed above, a key of another algorithm, or a bad signature.
    /// </summary>
    public static bool IsSignedBy(ReadOnlyMemory<byte> der, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (!TrySplit(der, out var tbs, out var algorithm, out var parameters, out var signature))
        {
            return false;
        }

        try
        {
            switch (algorithm)
            {
                case StbOids.BignWithHbelt:
                    if (!Asn.IsNullOrAbsent(parameters) || signature.Length != Bign.SignatureSize
                        || !BignCertificates.TryGetPublicKey(issuer, out var publicKey))
                    {
                        return false;
                    }

                    Span<byte> hash = stackalloc byte[BeltHash.HashSize];
                    BeltHash.HashData(tbs.Span, hash);
                    return Bign.Verify(hash, signature.Span, publicKey);

                case GostOids.SignWithDigest256 or GostOids.SignWithDigest512:
                    return Asn.IsNullOrAbsent(parameters)
                        && GostCertificates.TryGetPublicKey(issuer, out var gostKey)
                        && gostKey.Set.SignatureAlgorithm == algorithm
                        && gostKey.VerifyData(tbs.Span, signature.Span);

                case EcdsaWithSha256 or EcdsaWithSha384 or EcdsaWithSha512:
                    using (var ecdsa = issuer.GetECDsaPublicKey())
                    {
                        var hashName = algorithm switch
                        {
                            EcdsaWithSha256 => HashAlgorithmName.SHA256,
                            EcdsaWithSha384 => HashAlgorithmName.SHA384,
                            _ => HashAlgorithmName.SHA512,
                        };
                        return parameters is null && ecdsa is not null
                            && ecdsa.VerifyData(tbs.Span, signature.Span, hashName, DSASignatureFormat.Rfc3279DerSequence);
                    }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Splits a signed structure into its TBS bytes, algorithm and signature. The algorithm inside the TBS (after the
    /// optional version and, for certificates, the serial number) must be byte-for-byte the outer one (RFC 5280
    /// 4.1.1.2 and 5.1.1.2); the signature BIT STRING must have no unused bits.
    /// </summary>
    public static bool TrySplit(
        ReadOnlyMemory<byte> der,
        out ReadOnlyMemory<byte> tbs,
        out string algorithm,
        out ReadOnlyMemory<byte>? parameters,
        out ReadOnlyMemory<byte> signature)
    {
        tbs = default;
        algorithm = string.Empty;
        parameters = null;
        signature = default;
        if (der.IsEmpty || der.Length > MaxBytes)
        {
            return false;
        }

        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var signed = outer.ReadSequence();
            tbs = signed.ReadEncodedValue();
            var outerAlgorithm = signed.ReadEncodedValue();
            if (!signed.TryReadPrimitiveBitString(out var unusedBits, out signature) || unusedBits != 0 || signed.HasData || outer.HasData)
            {
                return false;
            }

            var inner = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (inner.HasData && inner.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                inner.ReadEncodedValue(); // certificate version
            }

            if (inner.HasData && inner.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                inner.ReadEncodedValue(); // certificate serial number, or CRL version
            }

            if (!inner.ReadEncodedValue().Span.SequenceEqual(outerAlgorithm.Span))
            {
                return false;
            }

            var identifier = new AsnReader(outerAlgorithm, AsnEncodingRules.DER).ReadSequence();
            algorithm = identifier.ReadObjectIdentifier();
            parameters = identifier.HasData ? identifier.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
            return !identifier.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
