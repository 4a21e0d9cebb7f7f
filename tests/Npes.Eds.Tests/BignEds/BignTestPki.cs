using Npes.Eds.BignEds;

namespace Npes.Eds.Tests.BignEds;

/// <summary>A throw-away bign PKI for one test (<see cref="KeyFileTestPki{TKey}"/> with <see cref="BignSignatureGenerator"/>).</summary>
internal sealed class BignTestPki(DateTimeOffset now, DateTimeOffset? issuingNotAfter = null, string? rootName = null)
    : KeyFileTestPki<BignPrivateKey>(Family, now, issuingNotAfter, rootName)
{
    private static readonly TestKeyFamily<BignPrivateKey> Family = new(
        "bign",
        "bign",
        _ => BignPrivateKey.Generate(),
        key => BignCertificates.CreatePublicKey(key.PublicKey),
        key => new BignSignatureGenerator(key),
        _ => BignCertificates.BeltHashName,
        (key, password) => BignKeyContainer.Encrypt(key, password, BignKeyContainer.MinIterations));
}
