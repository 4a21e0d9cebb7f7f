using Npes.Core.Addressing;

namespace Npes.Core.Print;

/// <summary>The recipient block of an envelope: name and address lines, postcode for presorting.</summary>
public sealed record EnvelopeAddress(string Name, IReadOnlyList<string> Lines, string? Postcode);

/// <summary>Lays a recipient's free-text address out in envelope lines (implemented by the addressing feature).</summary>
public interface IEnvelopeAddressing
{
    EnvelopeAddress Layout(RecipientQuery recipient);
}

/// <summary>One document of a paper letter, decrypted for rendering.</summary>
public sealed record PaperDocument(string Name, string MediaType, byte[] Content);

/// <summary>A letter the print pipeline may read: only letters on their way to paper.</summary>
public sealed record PaperLetter(Guid LetterId, string S10, RecipientQuery Recipient, byte[] ManifestSha256, IReadOnlyList<PaperDocument> Documents);

/// <summary>What the paper leg may read of a letter (implemented by the letters feature).</summary>
public interface IPaperLetters
{
    /// <summary>The letter with its documents decrypted, only while it is awaiting print; otherwise null.</summary>
    Task<PaperLetter?> LoadForPrintAsync(Guid letterId, CancellationToken cancellationToken);
}
