namespace Npes.Print.Rendering;

/// <summary>One document of a letter, in clear, as the sender submitted it.</summary>
/// <param name="MediaType">application/pdf, image/png, image/jpeg or text/plain.</param>
public sealed record PrintDocument(string Name, string MediaType, byte[] Content);

/// <summary>Everything a print piece shows: the address sheet's data and the documents.</summary>
/// <param name="S10">The letter's S10 id, printed as text and as a Code 128 barcode.</param>
/// <param name="RecipientName">First line of the recipient block.</param>
/// <param name="AddressLines">The recipient's postal address, one envelope line each, postcode line last.</param>
/// <param name="ManifestSha256Hex">SHA-256 of the letter's manifest (lower-case hex), carried by the QR code.</param>
public sealed record PieceContent(
    string S10,
    string RecipientName,
    IReadOnlyList<string> AddressLines,
    string ManifestSha256Hex,
    IReadOnlyList<PrintDocument> Documents);

/// <summary>A rendered, print-ready piece.</summary>
/// <param name="Pages">Page count, always even (duplex: the next piece starts on a front side).</param>
/// <param name="Sheets">Pages / 2.</param>
/// <param name="Envelope">Envelope format chosen from the sheet count (e.g. C5, C4).</param>
public sealed record RenderedPiece(byte[] Pdf, int Pages, int Sheets, string Envelope, byte[] Sha256);

/// <summary>Content that cannot be rendered; the piece goes to needs-attention with <see cref="Exception.Message"/>.</summary>
public sealed class PrintRenderException : Exception
{
    public PrintRenderException()
    {
    }

    public PrintRenderException(string message)
        : base(message)
    {
    }

    public PrintRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
