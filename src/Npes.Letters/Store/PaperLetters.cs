using Dapper;
using Npes.Core.Addressing;
using Npes.Core.Letters;
using Npes.Core.Print;
using Npes.Storage.Documents;
using Npgsql;

namespace Npes.Letters.Store;

/// <summary>
/// What the paper leg may read of a letter: only a letter awaiting print, with its documents decrypted — for an
/// office document its PDF rendition (the original is for the recipient's mailbox; paper carries the PDF the
/// manifest names).
/// </summary>
internal sealed class PaperLetters(NpgsqlDataSource dataSource, SealedDocuments sealing) : IPaperLetters
{
    public async Task<PaperLetter?> LoadForPrintAsync(Guid letterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var letter = await connection.QuerySingleOrDefaultAsync<(string S10, string Name, string Address, string? Unp, byte[] ManifestSha256, string KeyId, byte[] WrappedKey)?>(new CommandDefinition(
            """
            select s10, recipient_name, recipient_address, recipient_unp, manifest_sha256, key_id, wrapped_key
            from letters where id = @letterId and status = @status
            """,
            new { letterId, status = LetterStatus.AwaitingPrint.ToWire() },
            cancellationToken: cancellationToken));
        if (letter is not { } l)
        {
            return null;
        }

        var rows = (await connection.QueryAsync<(int Position, string Name, string MediaType, byte[] Sealed, string? RenditionMediaType, byte[]? RenditionSealed)>(new CommandDefinition(
            """
            select position, name, media_type, sealed, rendition_media_type, rendition_sealed
            from letter_documents where letter_id = @letterId order by position
            """,
            new { letterId },
            cancellationToken: cancellationToken))).ToList();
        var printed = rows.Select(r => r.RenditionSealed is null
            ? (r.Position, r.MediaType, r.Sealed)
            : (StoredDocument.RenditionOffset + r.Position, r.RenditionMediaType!, r.RenditionSealed)).ToList();
        var contents = sealing.UnsealAll(letterId, new WrappedKey(l.KeyId, l.WrappedKey), printed.Select(p => (p.Item1, p.Item3)).ToList());
        return new PaperLetter(
            letterId,
            l.S10,
            new RecipientQuery(l.Name, l.Address, l.Unp),
            l.ManifestSha256,
            rows.Select((r, i) => new PaperDocument(r.Name, printed[i].Item2, contents[i])).ToList());
    }
}
