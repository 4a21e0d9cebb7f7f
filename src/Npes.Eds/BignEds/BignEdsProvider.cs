using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Keys;
using Npes.Eds.Stb;

namespace Npes.Eds.BignEds;

/// <summary>
/// STB 34.101.45 signatures: certificates whose key is bign-pubkey on bign-curve256v1, signatures bign-with-hbelt
/// (belt-hash of the data, then bign; 48 bytes s0 ‖ s1). Private keys are imported from password-protected
/// <see cref="BignKeyContainer"/> files and stay here, in pinned memory wiped on removal and disposal.
/// </summary>
internal sealed class BignEdsProvider() : SoftwareKeyProvider<BignPrivateKey, byte[]>(ProviderId, "bign", "bign-curve256v1")
{
    public const string ProviderId = "bign";

    protected override bool TryGetPublicKey(X509Certificate2 certificate, out byte[] publicKey) =>
        BignCertificates.TryGetPublicKey(certificate, out publicKey);

    protected override bool Matches(BignPrivateKey key, byte[] publicKey) => key.Matches(publicKey);

    protected override bool VerifyData(byte[] publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Bign.SignatureSize)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[BeltHash.HashSize];
        BeltHash.HashData(data, hash);
        return Bign.Verify(hash, signature, publicKey);
    }

    protected override BignPrivateKey Decrypt(ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password) =>
        BignKeyContainer.Decrypt(keyFile, password);
}
