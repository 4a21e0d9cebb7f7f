using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.GostEds;

namespace Npes.Eds.Cms;

/// <summary>
/// CMS SignedData with a GOST R 34.10-2012 signer (<see cref="AlgorithmCms"/>), as TC 26 and RFC 4490 use it:
/// digestAlgorithm Streebog-256 (1.2.643.7.1.1.2.2) or -512 (1.2.643.7.1.1.2.3) by key size, parameters NULL;
/// message-digest = Streebog of the content; signatureAlgorithm written as the key algorithm
/// { id-tc26-gost3410-12-256 | -512, NULL } and read as that or id-tc26-signwithdigest-gost3410-12-256 | -512 (NULL or
/// absent parameters); the signature is s ‖ r (64 or 128 bytes, each big-endian) over Streebog of the DER SET of the
/// signed attributes, an OCTET STRING.
/// </summary>
internal static class GostCms
{
    private const string KeyDescription = "supported GOST R 34.10-2012";

    /// <summary>Whether a SignerInfo is for the GOST path of <see cref="CmsVerifier"/>: a GOST algorithm or a GOST signer key.</summary>
    public static bool IsGost(SignerInfo signerInfo, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signerInfo);
        ArgumentNullException.ThrowIfNull(signer);
        return signerInfo.SignatureAlgorithm.Value is GostOids.PublicKey256 or GostOids.PublicKey512
                or GostOids.SignWithDigest256 or GostOids.SignWithDigest512
            || signerInfo.DigestAlgorithm.Value is GostOids.Streebog256 or GostOids.Streebog512
            || GostCertificates.HasGostKey(signer);
    }

    /// <summary>Signs as <see cref="AlgorithmCms.Sign"/> describes; <paramref name="signer"/> must have a supported GOST key.</summary>
    public static AlgorithmSignedData Sign(
        ReadOnlyMemory<byte> content, bool detached, X509Certificate2 signer, IEnumerable<X509Certificate2> chain, IEdsProvider provider, DateTimeOffset signingTime) =>
        AlgorithmCms.Sign(AlgorithmsOf(signer), KeyDescription, content, detached, signer, chain, provider, signingTime);

    /// <summary>
    /// Checks the GOST SignerInfo of <paramref name="cms"/> with <paramref name="signer"/>'s key: algorithms (matching the
    /// key size), signed attributes, message digest and signature. Returns null when it verifies, otherwise what is wrong.
    /// </summary>
    public static string? Verify(ReadOnlyMemory<byte> cms, byte[]? detachedContent, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return AlgorithmCms.Verify(AlgorithmsOf(signer), KeyDescription, cms, detachedContent);
    }

    private static GostCmsAlgorithms? AlgorithmsOf(X509Certificate2? signer) =>
        signer is not null && GostCertificates.TryGetPublicKey(signer, out var publicKey) ? new GostCmsAlgorithms(publicKey) : null;

    /// <summary>Streebog and GOST R 34.10-2012 of the signer's key size, checked with its public key.</summary>
    private sealed class GostCmsAlgorithms(GostPublicKey publicKey) : CmsSignerAlgorithms
    {
        private GostParameterSet Set => publicKey.Set;

        public override string Family => "GOST R 34.10-2012";

        public override string DigestOid => Set.DigestAlgorithm;

        public override string DigestName => Set.DigestName;

        public override string SignatureAlgorithmDescription => $"{Set.PublicKeyAlgorithm} or {Set.SignatureAlgorithm}";

        public override int SignatureSize => Set.DoubleSize;

        public override byte[] SignatureAlgorithmIdentifier()
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Set.PublicKeyAlgorithm);
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override bool AcceptsSignatureAlgorithm(string oid) => oid == Set.PublicKeyAlgorithm || oid == Set.SignatureAlgorithm;

        public override byte[] Hash(ReadOnlySpan<byte> data) => Set.Hash(data);

        public override bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature) => publicKey.VerifyHash(hash, signature);
    }
}
