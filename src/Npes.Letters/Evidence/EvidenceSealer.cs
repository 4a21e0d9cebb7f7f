using Npes.Core.Evidence;
using Npes.Eds.Cms;

namespace Npes.Letters.Evidence;

/// <summary>Seals evidence events with the operator key: detached CMS over the event's canonical bytes, timestamped.</summary>
internal sealed class EvidenceSealer(IEvidenceSigner signer) : IEvidenceSealer
{
    public Task<byte[]> SealAsync(byte[] encoded, CancellationToken cancellationToken) =>
        signer.SignAsync(encoded, detached: true, cancellationToken);
}
