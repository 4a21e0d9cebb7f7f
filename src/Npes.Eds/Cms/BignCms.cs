using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Npes.Eds.BignEds;
using Npes.Eds.Stb;

namespace Npes.Eds.Cms;

/// <summary>
/// CMS SignedData with a bign signer (<see cref="AlgorithmCms"/>): digestAlgorithm belt-hash (parameters NULL),
/// message-digest = belt-hash of the content, signatureAlgorithm bign-with-hbelt (parameters NULL), the signature bign
/// over the DER SET of the signed attributes (48 bytes).
/// </summary>
internal static class BignCms
{
    private const string KeyDescription = "bign-curve256v1";

    /// <summary>Whether a SignerInfo is for the bign path of <see cref="CmsVerifier"/>: a bign algorithm or a bign signer key.</summary>
    public static bool IsBign(SignerInfo signerInfo, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signerInfo);
        ArgumentNullException.ThrowIfNull(signer);
        return signerInfo.SignatureAlgorithm.Value is StbOids.BignWithHbelt or StbOids.BignPubkey
            || signerInfo.DigestAlgorithm.Value == StbOids.BeltHash
            || BignCertificates.HasBignKey(signer);
    }

    /// <summary>Signs id-data content as <see cref="AlgorithmCms.Sign"/> describes; <paramref name="signer"/> must have a bign key.</summary>
    public static AlgorithmSignedData Sign(
        ReadOnlyMemory<byte> content, bool detached, X509Certificate2 signer, IEnumerable<X509Certificate2> chain, IEdsProvider provider, DateTimeOffset signingTime) =>
        Sign(content, detached, signer, chain, provider, signingTime, Asn.DataContentType);

    /// <summary>Signs content of type <paramref name="contentType"/> (id-ct-TSTInfo for a timestamp token) as <see cref="AlgorithmCms.Sign"/> describes.</summary>
    public static AlgorithmSignedData Sign(
        ReadOnlyMemory<byte> content,
        bool detached,
        X509Certificate2 signer,
        IEnumerable<X509Certificate2> chain,
        IEdsProvider provider,
        DateTimeOffset signingTime,
        string contentType) =>
        AlgorithmCms.Sign(AlgorithmsOf(signer), KeyDescription, content, detached, signer, chain, provider, signingTime, contentType);

    /// <summary>
    /// Checks the bign SignerInfo of <paramref name="cms"/> with <paramref name="signer"/>'s key: algorithms, signed
    /// attributes, message digest and signature. Returns null when it verifies, otherwise what is wrong.
    /// </summary>
    public static string? Verify(ReadOnlyMemory<byte> cms, byte[]? detachedContent, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return AlgorithmCms.Verify(AlgorithmsOf(signer), KeyDescription, cms, detachedContent);
    }

    private static BignCmsAlgorithms? AlgorithmsOf(X509Certificate2? signer) =>
        signer is not null && BignCertificates.TryGetPublicKey(signer, out var publicKey) ? new BignCmsAlgorithms(publicKey) : null;

    /// <summary>belt-hash and bign-with-hbelt, checked with the signer's public key.</summary>
    private sealed class BignCmsAlgorithms(byte[] publicKey) : CmsSignerAlgorithms
    {
        public override string Family => "bign";

        public override string DigestOid => StbOids.BeltHash;

        public override string DigestName => "belt-hash";

        public override string SignatureAlgorithmDescription => $"bign-with-hbelt ({StbOids.BignWithHbelt})";

        public override int SignatureSize => Bign.SignatureSize;

        public override byte[] SignatureAlgorithmIdentifier() => BignCertificates.SignatureAlgorithmIdentifier();

        public override bool AcceptsSignatureAlgorithm(string oid) => oid == StbOids.BignWithHbelt;

        public override byte[] Hash(ReadOnlySpan<byte> data) => BeltHash.HashData(data);

        public override bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature) => Bign.Verify(hash, signature, publicKey);
    }
}
