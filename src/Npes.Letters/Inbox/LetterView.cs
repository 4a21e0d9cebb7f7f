using Npes.Contracts;
using Npes.Core.Evidence;
using Npes.Core.Letters;
using Npes.Letters.Store;

namespace Npes.Letters.Inbox;

/// <summary>How a stored letter is shown: to its recipient (the API, the web mailbox) and to its sender.</summary>
internal static class LetterView
{
    /// <summary>A simple letter is readable once it reached a mailbox; a registered letter only after the signed handover.</summary>
    public static bool ContentAvailable(StoredLetter letter) =>
        letter.Kind == LetterKinds.Simple ? letter.MailboxId is not null : letter.Status == LetterStatus.HandedOver;

    /// <summary>The sender's name as its certificate gave it when the letter was accepted (from the signed manifest).</summary>
    public static string SenderName(StoredLetter letter) => LetterManifest.Decode(letter.Manifest).Sender.Name;

    public static EventDto Event(SealedEvidence e) =>
        new(e.Record.LetterSeq, e.Record.GlobalSeq, e.Record.Type, e.Record.OccurredAt, e.Record.Details, CanonicalJson.Hex(e.Hash));

    public static DocumentDto Document(StoredDocument d) =>
        new(d.Position, d.Name, d.MediaType, d.Size, CanonicalJson.Hex(d.Sha256), d.Rendition is { } r
            ? new RenditionDto(ManifestRendition.FileName(d.Name), r.MediaType, r.Size, CanonicalJson.Hex(r.Sha256))
            : null);

    public static InboxItemDto InboxItem(StoredLetter l) =>
        new(l.Id, l.S10, l.Kind, SenderName(l), l.Subject, l.Status.ToWire(), l.SubmittedAt, l.ReadAt is not null, ContentAvailable(l));

    public static LetterSummaryDto Summary(StoredLetter letter) =>
        new(letter.Id, letter.S10, letter.Kind, letter.Subject, letter.Status.ToWire(), letter.Recipient.Name, letter.SubmittedAt);
}
