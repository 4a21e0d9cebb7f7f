using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npes.Core.Errors;

namespace Npes.Server.MobileEds;

/// <summary>What the server must remember while the phone answers: the service's request and what it signs for.</summary>
/// <param name="ServiceRequestId">The mobile signing service's request id.</param>
/// <param name="ChallengeId">Login: the challenge whose bytes the phone signs.</param>
/// <param name="PartyId">Handover: the caller who started it.</param>
/// <param name="LetterId">Handover: the letter.</param>
/// <param name="Statement">Handover: the statement bytes (base64) the phone signs.</param>
internal sealed record PendingMobileSigning(string ServiceRequestId, Guid? ChallengeId, Guid? PartyId, Guid? LetterId, string? Statement, DateTimeOffset ExpiresAt);

/// <summary>
/// Pending mobile signings of this server process, under unguessable ids; bounded, and forgotten after expiry or the
/// final answer. (One process: behind a load balancer the poll must reach the node that started the request.)
/// </summary>
internal sealed class PendingMobileSignings(TimeProvider time)
{
    public const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<string, PendingMobileSigning> _pending = new(StringComparer.Ordinal);

    public string Add(PendingMobileSigning signing)
    {
        Purge();
        if (_pending.Count >= MaxPending)
        {
            throw new NpesException(NpesErrors.RateLimited, "Too many mobile signing requests are pending; try again later.");
        }

        var id = "mob_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _pending[id] = signing;
        return id;
    }

    public PendingMobileSigning Find(string? id) =>
        id is { Length: <= 128 } && _pending.TryGetValue(id, out var signing)
            ? signing
            : throw new NpesException(NpesErrors.MobileRequestUnknown, "No mobile signing request with this id is pending here (unknown, answered, or forgotten).");

    public void Remove(string id) => _pending.TryRemove(id, out _);

    private void Purge()
    {
        var now = time.GetUtcNow();
        foreach (var (id, signing) in _pending)
        {
            if (signing.ExpiresAt < now)
            {
                _pending.TryRemove(id, out _);
            }
        }
    }
}
