using System.Collections.Concurrent;
using System.Text.Json;
using Npes.Documents.Protocol;
using Npes.DocumentWorker.Images;
using Npes.Print.Batching;
using Npes.Print.Rendering;

namespace Npes.DocumentWorker.Printing;

/// <summary>
/// The print leg's work on sender content, done here rather than in NPES: a piece is rendered with
/// <see cref="PieceRenderer"/> from documents that are normalised again first (PDFs through qpdf and the structure
/// check, images decoded and encoded anew), so PDFsharp only ever parses files qpdf wrote; a batch is assembled with
/// <see cref="BatchAssembler"/>, which parses the pieces again. Whatever cannot be printed is refused with the reason.
/// </summary>
internal sealed class PrintOperations(WorkerSettings settings, Inspector inspector)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    private readonly ConcurrentDictionary<string, PieceRenderer> _renderers = new(StringComparer.Ordinal);

    public Frame RenderPiece(RenderPieceRequest request, IReadOnlyList<byte[]> blobs)
    {
        if (request.Documents.Count != blobs.Count)
        {
            throw new ProtocolException($"The piece names {request.Documents.Count} documents but carries {blobs.Count}.");
        }

        var documents = new List<PrintDocument>(blobs.Count);
        for (var i = 0; i < blobs.Count; i++)
        {
            var (name, mediaType) = (request.Documents[i].Name, request.Documents[i].MediaType);
            var content = Printable(name, mediaType, blobs[i]);
            documents.Add(new PrintDocument(name, mediaType, content));
        }

        var renderer = _renderers.GetOrAdd(request.Layout, layout =>
        {
            var options = JsonSerializer.Deserialize<PrintLayoutOptions>(layout, Json) ?? throw new ProtocolException("The print layout is empty.");
            return new PieceRenderer(options);
        });
        try
        {
            var piece = renderer.Render(new PieceContent(request.S10, request.RecipientName, request.AddressLines, request.ManifestSha256Hex, documents));
            return Frame.Create(MessageTypes.PieceRendered, new PieceRenderedMessage(piece.Pages, piece.Sheets, piece.Envelope), piece.Pdf);
        }
        catch (Exception e) when (e is PrintRenderException or ArgumentException)
        {
            throw new Refusal(RefusalCodes.PrintFailed, e.Message);
        }
    }

    public static Frame AssembleBatch(AssembleBatchRequest request, IReadOnlyList<byte[]> blobs)
    {
        if (request.Pieces.Count != blobs.Count)
        {
            throw new ProtocolException($"The batch names {request.Pieces.Count} pieces but carries {blobs.Count}.");
        }

        try
        {
            var pieces = request.Pieces.Select((p, i) => new BatchPiece(p.Position, p.S10, p.Postcode, p.Pages, p.Sheets, Convert.FromHexString(p.Sha256Hex), blobs[i])).ToList();
            var batch = BatchAssembler.Assemble(new BatchHeader(request.Id, request.Number, request.Day, request.Envelope, request.ClosedAt), pieces);
            return Frame.Create(MessageTypes.BatchAssembled, new BatchAssembledMessage(batch.Pages, batch.Sheets), batch.Pdf, batch.ManifestJson, batch.ManifestCsv);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FormatException)
        {
            throw new Refusal(RefusalCodes.PrintFailed, e.Message);
        }
    }

    /// <summary>The bytes PieceRenderer gets: normalised PDF, re-encoded image, or the text as it is.</summary>
    private byte[] Printable(string name, string mediaType, byte[] content)
    {
        try
        {
            return mediaType switch
            {
                Inspector.Pdf => inspector.NormaliseForPrint(name, content).Content,
                Inspector.Png or Inspector.Jpeg => ImageNormaliser.Normalise(name, content, mediaType, settings.Limits.MaxImagePixels).Content,
                _ => content, // text, and whatever PieceRenderer refuses by its media type
            };
        }
        catch (Refusal refusal)
        {
            throw new Refusal(RefusalCodes.PrintFailed, $"Document '{name}' cannot be printed: {refusal.Message}");
        }
    }
}
