using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Eds.Cms;
using Npes.Eds.Trust;

namespace Npes.Eds.Bundles;

/// <summary>The outcome of verifying an evidence bundle offline.</summary>
/// <param name="Failure">Null when every check passed; otherwise the first broken link, precisely.</param>
/// <param name="S10">The letter's S10 id, once the manifest was read.</param>
/// <param name="Checks">What was checked and found good, in order.</param>
public sealed record BundleVerification(string? Failure, string? S10, IReadOnlyList<string> Checks)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Verifies an NPES evidence bundle against the verifier's own trust anchors: the container and its entry names, the
/// manifest and every document's digest, the acceptance receipt, each event's canonical form, hash chain and operator
/// signature with timestamp, the notices (each bound to this letter, the delivery and refusal ones with the recipient's
/// own signature inside), and the seal over every entry. Receipts, notices, events and the seal count only when the
/// operator signed them (<see cref="OperatorIdentity"/>): a citizen's or an organisation's certificate, however
/// trusted, is named and refused.
/// </summary>
public sealed class BundleVerifier(CmsVerifier cms, IEdsProviderRegistry providers, IChainValidator chains, OperatorIdentity operatorIdentity)
{
    public BundleVerification Verify(byte[] bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var checks = new List<string>();
        string? s10 = null;
        try
        {
            Run(bundle, checks, ref s10);
            return new BundleVerification(null, s10, checks);
        }
        catch (BrokenLink e)
        {
            return new BundleVerification(e.Message, s10, checks);
        }
    }

    private void Run(byte[] bundle, List<string> checks, ref string? s10)
    {
        if (bundle.LongLength > AsicLayout.MaxBundleBytes)
        {
            throw new BrokenLink($"the bundle is larger than {AsicLayout.MaxBundleBytes} bytes");
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bundle, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new BrokenLink("the bundle is not a ZIP container: " + e.Message);
        }

        using (zip)
        {
            if (zip.Entries.Count > AsicLayout.MaxEntries)
            {
                throw new BrokenLink($"the bundle has more than {AsicLayout.MaxEntries} entries");
            }

            var entries = CheckNames(zip);
            if (zip.Entries.Count == 0 || zip.Entries[0].FullName != AsicLayout.MimeTypeEntry
                || Encoding.ASCII.GetString(Read(zip.Entries[0])) != AsicLayout.MimeType)
            {
                throw new BrokenLink($"the first entry is not 'mimetype' with {AsicLayout.MimeType}");
            }

            checks.Add("container: ASiC-E mimetype");
            var manifestBytes = Require(entries, AsicLayout.LetterManifestEntry);
            LetterManifest manifest;
            try
            {
                manifest = LetterManifest.Decode(manifestBytes);
            }
            catch (FormatException e)
            {
                throw new BrokenLink("manifest.json: " + e.Message);
            }

            s10 = manifest.S10;
            var manifestSha256 = CanonicalJson.Hex(SHA256.HashData(manifestBytes));
            checks.Add($"manifest: letter {manifest.S10}, {manifest.Documents.Count} documents, sha256 {manifestSha256}");

            foreach (var document in manifest.Documents)
            {
                var content = Require(entries, AsicLayout.DocumentsFolder + document.Name);
                if (content.LongLength != document.Size || !SHA256.HashData(content).AsSpan().SequenceEqual(document.Sha256))
                {
                    throw new BrokenLink($"document '{document.Name}' does not match its SHA-256 in the manifest");
                }

                checks.Add($"document '{document.Name}': SHA-256 matches the manifest");
                if (document.Rendition is { } rendition)
                {
                    var pdf = Require(entries, AsicLayout.RenditionsFolder + ManifestRendition.FileName(document.Name));
                    if (pdf.LongLength != rendition.Size || !SHA256.HashData(pdf).AsSpan().SequenceEqual(rendition.Sha256))
                    {
                        throw new BrokenLink($"the PDF rendition of '{document.Name}' does not match its SHA-256 in the manifest");
                    }

                    checks.Add($"rendition of '{document.Name}': SHA-256 matches the manifest");
                }
            }

            var extraRenditions = entries.Keys.Where(k => k.StartsWith(AsicLayout.RenditionsFolder, StringComparison.Ordinal))
                .Except(manifest.Documents.Where(d => d.Rendition is not null).Select(d => AsicLayout.RenditionsFolder + ManifestRendition.FileName(d.Name)), StringComparer.Ordinal).ToList();
            if (extraRenditions.Count > 0)
            {
                throw new BrokenLink($"'{extraRenditions[0]}' is not named in the manifest");
            }

            var extraDocuments = entries.Keys.Where(k => k.StartsWith(AsicLayout.DocumentsFolder, StringComparison.Ordinal))
                .Except(manifest.Documents.Select(d => AsicLayout.DocumentsFolder + d.Name), StringComparer.Ordinal).ToList();
            if (extraDocuments.Count > 0)
            {
                throw new BrokenLink($"'{extraDocuments[0]}' is not named in the manifest");
            }

            if (manifest.SenderSignatureSha256 is { } senderSignatureSha256)
            {
                var senderSignature = Require(entries, AsicLayout.SenderSignatureEntry);
                if (!SHA256.HashData(senderSignature).AsSpan().SequenceEqual(senderSignatureSha256))
                {
                    throw new BrokenLink("the sender signature is not the one the manifest names");
                }

                var sender = cms.Verify(senderSignature, SenderManifest.Of(manifest).Encode(), requireTimestamp: false);
                if (!sender.IsValid)
                {
                    throw new BrokenLink("sender signature: " + sender.Failure);
                }

                checks.Add($"sender signature: by {sender.Signer!.Subject}, over recipient, subject and documents");
            }

            var revocation = CheckRevocationEntries(entries, checks);
            var acceptance = CheckCms(Require(entries, AsicLayout.ReceiptsFolder + ReceiptKinds.Acceptance + ".p7m"), null, "acceptance receipt", revocation);
            if (!acceptance.Content!.AsSpan().SequenceEqual(manifestBytes))
            {
                throw new BrokenLink("the acceptance receipt does not sign this manifest");
            }

            checks.Add($"acceptance receipt: signed by the operator ({acceptance.Signer!.Subject}), timestamped {acceptance.TimestampedAt:u}");

            var (events, lastHash) = CheckEvents(entries, manifest, manifestSha256, revocation, checks);
            CheckNotices(entries, manifest, manifestSha256, events, revocation, checks);
            CheckSeal(entries, manifest, events.Count, lastHash, revocation, checks);
        }
    }

    /// <summary>Every entry name is a plain relative path, and no two are the same (nor the same but for case).</summary>
    private static Dictionary<string, ZipArchiveEntry> CheckNames(ZipArchive zip)
    {
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long unpacked = 0;
        foreach (var entry in zip.Entries)
        {
            if (AsicLayout.NameProblem(entry.FullName) is { } problem)
            {
                throw new BrokenLink("the container is refused: " + problem);
            }

            if (!entries.TryAdd(entry.FullName, entry))
            {
                throw new BrokenLink($"the container is refused: entry '{entry.FullName}' appears twice");
            }

            if (!folded.Add(entry.FullName))
            {
                throw new BrokenLink($"the container is refused: entry '{entry.FullName}' differs from another only in case");
            }

            unpacked += entry.Length;
            if (unpacked > AsicLayout.MaxUnpackedBytes)
            {
                throw new BrokenLink($"the container is refused: its entries unpack to more than {AsicLayout.MaxUnpackedBytes} bytes");
            }
        }

        return entries;
    }

    /// <summary>The CRLs the bundle carries, offered to every chain check of the bundle (trust still comes from the anchors: a CRL counts only when its issuer signed it).</summary>
    private static RevocationEvidence CheckRevocationEntries(Dictionary<string, ZipArchiveEntry> entries, List<string> checks)
    {
        var crls = new List<byte[]>();
        foreach (var name in entries.Keys.Where(k => k.StartsWith(AsicLayout.RevocationFolder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            crls.Add(Read(entries[name]));
        }

        try
        {
            var evidence = RevocationEvidence.Parse(crls);
            if (crls.Count > 0)
            {
                checks.Add($"revocation data: {crls.Count} CRL(s) carried by the bundle");
            }

            return evidence;
        }
        catch (ArgumentException e)
        {
            throw new BrokenLink("revocation data: " + e.Message);
        }
    }

    private void CheckSeal(Dictionary<string, ZipArchiveEntry> entries, LetterManifest manifest, int events, byte[] lastHash, RevocationEvidence revocation, List<string> checks)
    {
        var verification = CheckCms(Require(entries, AsicLayout.SealEntry), null, "bundle seal", revocation);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(verification.Content!);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() != "npes-bundle-seal" || root.GetProperty("letterId").GetString() != manifest.LetterId.ToString("D")
                || root.GetProperty("s10").GetString() != manifest.S10)
            {
                throw new BrokenLink("bundle seal: it is not the seal of this letter");
            }

            if (root.GetProperty("version").GetInt32() != AsicLayout.SealVersion)
            {
                throw new BrokenLink($"bundle seal: version {root.GetProperty("version").GetInt32()} does not cover every entry of the container; download the bundle again");
            }

            var sealedEvents = root.GetProperty("events").GetInt32();
            if (sealedEvents != events || root.GetProperty("lastEventHash").GetString() != CanonicalJson.Hex(lastHash))
            {
                throw new BrokenLink($"bundle seal: the bundle was issued with {sealedEvents} events; {events} are present (events were removed or replaced)");
            }

            // The ASiC-E style manifest: every entry but the mimetype (checked above) and the seal itself, with its SHA-256.
            var sealedEntries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in root.GetProperty("entries").EnumerateArray())
            {
                if (!sealedEntries.TryAdd(item.GetProperty("name").GetString()!, item.GetProperty("sha256").GetString()!))
                {
                    throw new BrokenLink("bundle seal: it names an entry twice");
                }
            }

            foreach (var name in entries.Keys.Where(k => k is not (AsicLayout.MimeTypeEntry or AsicLayout.SealEntry)).Order(StringComparer.Ordinal))
            {
                if (!sealedEntries.Remove(name, out var sha256))
                {
                    throw new BrokenLink($"bundle seal: entry '{name}' was added after the bundle was issued");
                }

                if (CanonicalJson.Hex(SHA256.HashData(Read(entries[name]))) != sha256)
                {
                    throw new BrokenLink($"bundle seal: entry '{name}' was changed after the bundle was issued");
                }
            }

            if (sealedEntries.Count > 0)
            {
                throw new BrokenLink($"bundle seal: entry '{sealedEntries.Keys.Order(StringComparer.Ordinal).First()}' was removed after the bundle was issued");
            }

            checks.Add($"bundle seal: by the operator, over {entries.Count - 2} entries and {events} events, status {root.GetProperty("status").GetString()}, issued {root.GetProperty("issuedAt").GetString()}");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BrokenLink("bundle seal: " + e.Message);
        }
    }

    private (List<EvidenceRecord> Records, byte[] LastHash) CheckEvents(Dictionary<string, ZipArchiveEntry> entries, LetterManifest manifest, string manifestSha256, RevocationEvidence revocation, List<string> checks)
    {
        var records = new List<EvidenceRecord>();
        byte[]? previousHash = null;
        var last = entries.Keys
            .Where(k => k.StartsWith(AsicLayout.EventsFolder, StringComparison.Ordinal) && k.EndsWith(".json", StringComparison.Ordinal))
            .Select(k => int.TryParse(k.AsSpan(AsicLayout.EventsFolder.Length, k.Length - AsicLayout.EventsFolder.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        for (var seq = 1; seq <= last; seq++)
        {
            var stem = AsicLayout.EventsFolder + seq.ToString("D4", CultureInfo.InvariantCulture);
            if (!entries.TryGetValue(stem + ".json", out var entry))
            {
                throw new BrokenLink($"event {seq} is missing, but event {last} exists");
            }

            var encoded = Read(entry);
            EvidenceRecord record;
            try
            {
                record = EvidenceRecord.Decode(encoded);
            }
            catch (FormatException e)
            {
                throw new BrokenLink($"event {seq}: {e.Message}");
            }

            if (record.LetterId != manifest.LetterId || record.LetterSeq != seq)
            {
                throw new BrokenLink($"event {seq}: it belongs to letter {record.LetterId} at position {record.LetterSeq}");
            }

            if (previousHash is null ? record.PrevLetterHash is not null : record.PrevLetterHash is null || !record.PrevLetterHash.AsSpan().SequenceEqual(previousHash))
            {
                throw new BrokenLink($"event {seq} ({record.Type}): its link to event {seq - 1} is broken (previous hash differs)");
            }

            var verification = CheckCms(Require(entries, stem + ".p7s"), encoded, $"event {seq} ({record.Type})", revocation);

            if (seq == 1 && (record.Type != EvidenceTypes.SubmissionAcceptance
                || record.Details.GetValueOrDefault("manifestSha256") != manifestSha256
                || record.Details.GetValueOrDefault("s10") != manifest.S10))
            {
                throw new BrokenLink("event 1 is not the SubmissionAcceptance of this manifest");
            }

            checks.Add($"event {seq} {record.Type}: canonical, chained, signed by the operator ({verification.Signer!.Subject}), timestamped {verification.TimestampedAt:u}");
            records.Add(record);
            previousHash = EvidenceRecord.HashOf(encoded);
        }

        if (records.Count == 0 || previousHash is null)
        {
            throw new BrokenLink("the bundle holds no evidence events");
        }

        return (records, previousHash);
    }

    private void CheckNotices(Dictionary<string, ZipArchiveEntry> entries, LetterManifest manifest, string manifestSha256, List<EvidenceRecord> events, RevocationEvidence revocation, List<string> checks)
    {
        foreach (var (kind, decision, eventType) in new[]
        {
            (ReceiptKinds.Delivery, HandoverStatement.Accept, EvidenceTypes.ConsignmentAcceptance),
            (ReceiptKinds.Refusal, HandoverStatement.Refuse, EvidenceTypes.ConsignmentRejection),
        })
        {
            var name = AsicLayout.ReceiptsFolder + kind + ".p7m";
            if (!entries.ContainsKey(name))
            {
                continue;
            }

            var verification = CheckCms(Read(entries[name]), null, kind + " notice", revocation);
            DeliveryNotice notice;
            try
            {
                notice = DeliveryNotice.Decode(verification.Content!);
            }
            catch (FormatException e)
            {
                throw new BrokenLink($"{kind} notice: {e.Message}");
            }

            var statement = HandoverStatement.TryDecode(notice.Statement);
            if (notice.Kind != kind || notice.LetterId != manifest.LetterId || notice.S10 != manifest.S10 || notice.ManifestSha256 != manifestSha256
                || statement is null || statement.Decision != decision || statement.LetterId != manifest.LetterId || statement.ManifestSha256 != manifestSha256)
            {
                throw new BrokenLink($"{kind} notice: it is not about this letter and manifest");
            }

            using var recipient = LoadCertificate(notice.Certificate, kind);
            var provider = providers.Find(recipient) ?? throw new BrokenLink($"{kind} notice: no EDS provider handles the recipient's certificate");
            if (!provider.Verify(recipient, notice.Statement, notice.Signature))
            {
                throw new BrokenLink($"{kind} notice: the recipient's signature over the statement does not verify");
            }

            var chain = chains.Validate(recipient, [], CertificatePurpose.Signature, statement.Time, revocation);
            if (!chain.IsValid)
            {
                throw new BrokenLink($"{kind} notice: the recipient's certificate is not acceptable: {chain.Detail}");
            }

            var statementSha256 = CanonicalJson.Hex(SHA256.HashData(notice.Statement));
            if (!events.Any(e => e.Type == eventType && e.Details.GetValueOrDefault("statementSha256") == statementSha256))
            {
                throw new BrokenLink($"{kind} notice: no {eventType} event records this statement");
            }

            checks.Add($"{kind} notice: recipient {provider.Describe(recipient).DisplayName} signed '{decision}' at {statement.Time:u}; operator-signed, timestamped {verification.TimestampedAt:u}");
        }

        if (entries.TryGetValue(AsicLayout.ReceiptsFolder + ReceiptKinds.Expiry + ".p7m", out var expiry))
        {
            var verification = CheckCms(Read(expiry), null, "expiry notice", revocation);
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(verification.Content!);
                var root = document.RootElement;
                var deadline = root.GetProperty("acceptDeadline").GetString();
                if (root.GetProperty("type").GetString() != "npes-expiry-notice" || root.GetProperty("letterId").GetString() != manifest.LetterId.ToString("D")
                    || root.GetProperty("s10").GetString() != manifest.S10 || root.GetProperty("manifestSha256").GetString() != manifestSha256)
                {
                    throw new BrokenLink("expiry notice: it is not about this letter and manifest");
                }

                if (!events.Any(e => e.Type == EvidenceTypes.AcceptanceRejectionExpiry && e.Details.GetValueOrDefault("acceptDeadline") == deadline))
                {
                    throw new BrokenLink($"expiry notice: no {EvidenceTypes.AcceptanceRejectionExpiry} event records this deadline");
                }

                checks.Add($"expiry notice: letter {manifest.S10} not signed for by {deadline}; operator-signed, timestamped {verification.TimestampedAt:u}");
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BrokenLink("expiry notice: " + e.Message);
            }
        }

        var known = new[] { ReceiptKinds.Acceptance, ReceiptKinds.Delivery, ReceiptKinds.Refusal, ReceiptKinds.Expiry }
            .Select(k => AsicLayout.ReceiptsFolder + k + ".p7m").ToHashSet(StringComparer.Ordinal);
        if (entries.Keys.FirstOrDefault(k => k.StartsWith(AsicLayout.ReceiptsFolder, StringComparison.Ordinal) && !known.Contains(k)) is { } unknown)
        {
            throw new BrokenLink($"'{unknown}' is not a receipt NPES issues");
        }
    }

    /// <summary>A valid, timestamped CMS signed by the operator; otherwise the broken link, naming the signer that is not the operator.</summary>
    private CmsVerification CheckCms(byte[] data, byte[]? detached, string what, RevocationEvidence revocation)
    {
        var verification = cms.Verify(data, detached, requireTimestamp: true, revocation);
        if (!verification.IsValid)
        {
            throw new BrokenLink($"{what}: {verification.Failure}");
        }

        return operatorIdentity.Problem(verification.Signer!) is { } notOperator
            ? throw new BrokenLink($"{what}: {notOperator}")
            : verification;
    }

    private static X509Certificate2 LoadCertificate(byte[] der, string kind)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new BrokenLink($"{kind} notice: the recipient's certificate cannot be read: {e.Message}");
        }
    }

    private static byte[] Require(Dictionary<string, ZipArchiveEntry> entries, string name) =>
        entries.TryGetValue(name, out var entry) ? Read(entry) : throw new BrokenLink($"'{name}' is missing");

    private static byte[] Read(ZipArchiveEntry entry)
    {
        if (entry.Length > AsicLayout.MaxEntryBytes)
        {
            throw new BrokenLink($"'{entry.FullName}' is larger than {AsicLayout.MaxEntryBytes} bytes");
        }

        try
        {
            using var stream = entry.Open();
            var buffer = new byte[entry.Length];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read != entry.Length || stream.ReadByte() != -1)
            {
                throw new BrokenLink($"'{entry.FullName}' is damaged");
            }

            return buffer;
        }
        catch (InvalidDataException e)
        {
            throw new BrokenLink($"'{entry.FullName}' is damaged: {e.Message}");
        }
    }

    private sealed class BrokenLink(string message) : Exception(message);
}
