using Npes.Eds.GostEds;

namespace Npes.Eds.Tests.GostEds;

/// <summary>
/// A throw-away GOST PKI for one test (<see cref="KeyFileTestPki{TKey}"/> with <see cref="GostSignatureGenerator"/>): CAs
/// on <paramref name="caSet"/> (tc26 512 paramSetA by default), leaves on <paramref name="leafSet"/> (tc26 256 paramSetA).
/// </summary>
internal sealed class GostTestPki(
    DateTimeOffset now, DateTimeOffset? issuingNotAfter = null, string? rootName = null, GostParameterSet? caSet = null, GostParameterSet? leafSet = null)
    : KeyFileTestPki<GostPrivateKey>(Family(caSet ?? GostParameterSet.Tc26Gost512A, leafSet ?? GostParameterSet.Tc26Gost256A), now, issuingNotAfter, rootName)
{
    private static TestKeyFamily<GostPrivateKey> Family(GostParameterSet caSet, GostParameterSet leafSet) => new(
        "gost",
        "GOST",
        isCa => GostPrivateKey.Generate(isCa ? caSet : leafSet),
        key => GostCertificates.CreatePublicKey(key.PublicKey),
        key => new GostSignatureGenerator(key),
        key => key.Set.HashName,
        (key, password) => GostKeyContainer.Encrypt(key, password, Keys.KeyContainer.MinIterations));
}
