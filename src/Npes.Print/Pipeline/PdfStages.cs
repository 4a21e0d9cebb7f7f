using Microsoft.Extensions.Options;
using Npes.Core.Print;
using Npes.Print.Store;
using Npes.Print.Batching;
using Npes.Print.Rendering;

namespace Npes.Print.Pipeline;

/// <summary>Renders pieces with PDFsharp (<see cref="PieceRenderer"/>), laid out per <c>Npes:Print:Layout</c>.</summary>
internal sealed class PdfPieceRendering(IOptions<PrintLayoutOptions> layout) : IPieceRendering
{
    private readonly PieceRenderer _renderer = new(layout.Value);

    public RenderedPieceData Render(PaperLetter letter, EnvelopeAddress address)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(address);
        var content = new PieceContent(
            letter.S10,
            address.Name,
            address.Lines,
            Convert.ToHexStringLower(letter.ManifestSha256),
            letter.Documents.Select(d => new PrintDocument(d.Name, d.MediaType, d.Content)).ToList());
        var piece = _renderer.Render(content);
        return new RenderedPieceData(piece.Pdf, piece.Sha256, piece.Pages, piece.Sheets, piece.Envelope, address.Postcode);
    }
}

/// <summary>Builds batch files with PDFsharp (<see cref="BatchAssembler"/>).</summary>
internal sealed class PdfBatchBuilding : IBatchBuilding
{
    public BuiltBatch Build(PrintBatch batch, IReadOnlyList<BatchPieceFile> pieces, DateTimeOffset closedAt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(pieces);
        var assembled = BatchAssembler.Assemble(
            new BatchHeader(batch.Id, batch.Number, batch.Day, batch.Envelope, closedAt),
            pieces.Select(p => new BatchPiece(p.Position, p.S10, p.Postcode, p.Pages, p.Sheets, p.Sha256, p.Pdf)).ToList());
        return new BuiltBatch(assembled.Pdf, assembled.Sha256, assembled.Pages, assembled.ManifestJson, assembled.ManifestCsv);
    }
}
