using Dapper;
using Npes.Core.Addressing;
using Npes.Core.Letters;
using Npes.Core.Print;
using Npes.Storage.Documents;
using Npgsql;

namespace Npes.Letters.Store;

/// <summary>What the paper leg may read of a letter: only a letter awaiting print, with its documents decrypted.</summary>
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

        var rows = (await connection.QueryAsync<(int Position, string Name, string MediaType, byte[] Sealed)>(new CommandDefinition(
            "select position, name, media_type, sealed from letter_documents where letter_id = @letterId order by position",
            new { letterId },
            cancellationToken: cancellationToken))).ToList();
        var contents = sealing.UnsealAll(letterId, new WrappedKey(l.KeyId, l.WrappedKey), rows.Select(r => (r.Position, r.Sealed)).ToList());
        return new PaperLetter(
            letterId,
            l.S10,
            new RecipientQuery(l.Name, l.Address, l.Unp),
            l.ManifestSha256,
            rows.Select((r, i) => new PaperDocument(r.Name, r.MediaType, contents[i])).ToList());
    }
}
