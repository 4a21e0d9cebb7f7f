using System.Security.Cryptography;
using Npes.Core.Evidence;

namespace Npes.Letters.Tests;

/// <summary>Seals evidence with a SHA-256 digest: for tests of the chain and of storage, where the signature is not under test.</summary>
internal sealed class DigestSealer : IEvidenceSealer
{
    public Task<byte[]> SealAsync(byte[] encoded, CancellationToken cancellationToken) => Task.FromResult(SHA256.HashData(encoded));
}
