using Npes.Core.Evidence;
using Npes.Eds.Cms;

namespace Npes.Eds.Bundles;

/// <summary>One exported event: its signed bytes and the operator's detached CMS over them.</summary>
public sealed record ExportedEvent(byte[] Encoded, byte[] Signature);

/// <summary>The outcome of verifying the global evidence log.</summary>
/// <param name="Failure">Null when the whole log verified; otherwise the first broken link.</param>
/// <param name="Events">How many events were verified before the first broken link (or in all).</param>
/// <param name="Letters">How many letters' chains were seen.</param>
/// <param name="HeadHash">Hash of the last verified event: the log head to compare with the server's.</param>
public sealed record EvidenceLogVerification(string? Failure, long Events, int Letters, string HeadHash)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Checks the whole evidence log offline, from the genesis: global sequence without gaps, every event linked to
/// its predecessor in the log and to the previous event of its letter, every event in canonical form and signed
/// by the operator (<see cref="OperatorIdentity"/>: a citizen's or an organisation's certificate is named and refused)
/// with a timestamp.
/// </summary>
public sealed class EvidenceLogVerifier(CmsVerifier cms, OperatorIdentity operatorIdentity)
{
    public EvidenceLogVerification Verify(IEnumerable<ExportedEvent> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var previousLogHash = EvidenceRecord.GenesisHash;
        var letters = new Dictionary<Guid, (int Seq, byte[] Hash)>();
        long verified = 0;
        foreach (var exported in log)
        {
            var position = verified + 1;
            EvidenceRecord record;
            try
            {
                record = EvidenceRecord.Decode(exported.Encoded);
            }
            catch (FormatException e)
            {
                return Broken($"event #{position}: {e.Message}");
            }

            if (record.GlobalSeq != position)
            {
                return Broken($"event #{position}: it carries global sequence {record.GlobalSeq}; the log has a gap or is reordered");
            }

            if (!record.PrevLogHash.AsSpan().SequenceEqual(previousLogHash))
            {
                return Broken($"event #{position} ({record.Type} of letter {record.LetterId}): its link to event #{position - 1} is broken");
            }

            var known = letters.TryGetValue(record.LetterId, out var last);
            if (record.LetterSeq != (known ? last.Seq + 1 : 1)
                || (known ? record.PrevLetterHash is null || !record.PrevLetterHash.AsSpan().SequenceEqual(last.Hash) : record.PrevLetterHash is not null))
            {
                return Broken($"event #{position} ({record.Type}): the chain of letter {record.LetterId} is broken at its event {record.LetterSeq}");
            }

            var signature = cms.Verify(exported.Signature, exported.Encoded, requireTimestamp: true);
            if (!signature.IsValid)
            {
                return Broken($"event #{position} ({record.Type} of letter {record.LetterId}): {signature.Failure}");
            }

            if (operatorIdentity.Problem(signature.Signer!) is { } notOperator)
            {
                return Broken($"event #{position} ({record.Type} of letter {record.LetterId}): {notOperator}");
            }

            var hash = EvidenceRecord.HashOf(exported.Encoded);
            letters[record.LetterId] = (record.LetterSeq, hash);
            previousLogHash = hash;
            verified = position;
        }

        return new EvidenceLogVerification(null, verified, letters.Count, CanonicalJson.Hex(previousLogHash));

        EvidenceLogVerification Broken(string failure) => new(failure, verified, letters.Count, CanonicalJson.Hex(previousLogHash));
    }
}
