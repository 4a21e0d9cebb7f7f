using Npes.Core.Errors;
using Npes.Core.Letters;
using Npes.Letters.Store;
using Npes.Storage.Documents;

namespace Npes.Letters.Inbox;

/// <summary>A document as handed to its recipient.</summary>
internal sealed record ReadableDocument(string Name, string MediaType, byte[] Content);

/// <summary>
/// The recipient opens a document of a letter in their mailbox: refused until the content is released (a registered
/// letter before the signed handover); the first opening of a simple letter hands its content over, which is evidence.
/// </summary>
internal sealed class ReadDocument(ILetterStore letters, SealedDocuments sealing, TimeProvider time)
{
    /// <param name="rendition">The PDF rendition of an office document instead of the original.</param>
    public async Task<ReadableDocument> HandleAsync(OwnLetter own, int position, bool rendition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(own);
        var letter = own.Letter;
        if (!LetterView.ContentAvailable(letter))
        {
            throw new NpesException(NpesErrors.ContentWithheld, $"Sign for letter {letter.S10} first (GET …/statement?decision=accept, then POST …/handover).");
        }

        var document = (await letters.DocumentsAsync(letter.Id, cancellationToken)).FirstOrDefault(d => d.Position == position)
            ?? throw new NpesException(NpesErrors.NotFound, $"Letter {letter.S10} has no document {position}.");
        if (rendition && document.Rendition is null)
        {
            throw new NpesException(NpesErrors.NotFound, $"Document {position} of letter {letter.S10} is not an office document and has no PDF rendition.");
        }

        var key = new WrappedKey(letter.KeyId, letter.WrappedKey);
        var content = rendition
            ? sealing.Unseal(letter.Id, key, document.RenditionPosition, document.Rendition!.Sealed)
            : sealing.Unseal(letter.Id, key, document.Position, document.Sealed);
        var handover = letter.Kind == LetterKinds.Simple
            ? new EventDraft(EvidenceTypes.ContentHandover, new Dictionary<string, string> { ["mailbox"] = own.Mailbox.Id.ToString("D") })
            : null;
        await letters.MarkReadAsync(letter.Id, handover, time.GetUtcNow(), cancellationToken);
        return rendition
            ? new ReadableDocument(ManifestRendition.FileName(document.Name), document.Rendition!.MediaType, content)
            : new ReadableDocument(document.Name, document.MediaType, content);
    }
}
