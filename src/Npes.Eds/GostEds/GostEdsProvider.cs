using System.Security.Cryptography.X509Certificates;
using Npes.Eds.Keys;

namespace Npes.Eds.GostEds;

/// <summary>
/// GOST R 34.10-2012 signatures (EAEU cross-border documents): certificates whose key is id-tc26-gost3410-12-256 or -512
/// on a supported parameter set (<see cref="GostParameterSet"/>); a signature is Streebog-256/512 of the data, then
/// GOST R 34.10-2012 with a random k, encoded s ‖ r (64 or 128 bytes). Private keys are imported from password-protected
/// <see cref="GostKeyContainer"/> files and stay here, in pinned memory wiped on removal and disposal.
/// </summary>
internal sealed class GostEdsProvider()
    : SoftwareKeyProvider<GostPrivateKey, GostPublicKey>(ProviderId, "GOST", "GOST R 34.10-2012 (256 or 512 bits, supported parameter set)")
{
    public const string ProviderId = "gost";

    protected override bool TryGetPublicKey(X509Certificate2 certificate, out GostPublicKey publicKey) =>
        GostCertificates.TryGetPublicKey(certificate, out publicKey);

    protected override bool Matches(GostPrivateKey key, GostPublicKey publicKey) => key.Matches(publicKey);

    protected override bool VerifyData(GostPublicKey publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        publicKey.VerifyData(data, signature);

    protected override GostPrivateKey Decrypt(ReadOnlySpan<byte> keyFile, ReadOnlySpan<char> password) =>
        GostKeyContainer.Decrypt(keyFile, password);
}
