using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npes.Core.Print;
using Npes.Documents.Protocol;
using Npes.Documents.Workers;
using Npes.Print.Pipeline;
using Npes.Print.Rendering;
using Npes.Print.Store;

namespace Npes.Documents.Printing;

/// <summary>
/// The print leg's rendering in a document worker: the worker normalises every document again (qpdf, image
/// re-encoding) and runs <see cref="PieceRenderer"/> there, so sender content is never parsed in NPES. A refusal or
/// a worker's failure becomes <see cref="PrintRenderException"/> with the reason (the piece needs attention after
/// its last attempt); no free worker is a <see cref="TimeoutException"/>, which the pipeline retries without
/// counting an attempt.
/// </summary>
internal sealed class WorkerPieceRendering(WorkerPool pool, IOptions<PrintLayoutOptions> layout) : IPieceRendering
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _layout = JsonSerializer.Serialize(layout.Value, Json);

    /// <summary>The print pipeline's synchronous stage; it blocks its job thread on <see cref="RenderAsync"/>.</summary>
    public RenderedPieceData Render(PaperLetter letter, EnvelopeAddress address) => RenderAsync(letter, address, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<RenderedPieceData> RenderAsync(PaperLetter letter, EnvelopeAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(address);
        var request = Frame.Create(
            MessageTypes.RenderPiece,
            new RenderPieceRequest(
                letter.S10,
                address.Name,
                address.Lines,
                Convert.ToHexStringLower(letter.ManifestSha256),
                [.. letter.Documents.Select(d => new PieceDocument(d.Name, d.MediaType))],
                _layout),
            [.. letter.Documents.Select(d => d.Content)]);
        var options = pool.Options;
        var reply = await pool.CallAsync(request, TimeSpan.FromSeconds(options.PrintTimeoutSeconds), options.MaxPrintMegabytes * 1024L * 1024, cancellationToken);
        var frame = Check(reply, $"letter {letter.S10}", message => new PrintRenderException(message));
        if (frame.Type != MessageTypes.PieceRendered || frame.Blobs.Count != 1)
        {
            throw new PrintRenderException($"The document worker answered the rendering of letter {letter.S10} with '{frame.Type}'.");
        }

        var piece = frame.Read<PieceRenderedMessage>();
        var pdf = frame.Blobs[0];
        return new RenderedPieceData(pdf, SHA256.HashData(pdf), piece.Pages, piece.Sheets, piece.Envelope, address.Postcode);
    }

    /// <summary>The reply frame, or the exception a print stage expects for a refusal or a failure.</summary>
    internal static Frame Check(WorkerReply reply, string what, Func<string, Exception> failure)
    {
        if (reply.Fault == WorkerFault.Unavailable)
        {
            throw new TimeoutException($"No document worker was free for {what}: {reply.Problem}");
        }

        if (reply.Frame is not { } frame)
        {
            throw failure($"The document worker failed on {what} ({reply.Fault}): {reply.Problem}");
        }

        return frame.Type switch
        {
            MessageTypes.Refused => throw failure(frame.Read<RefusedMessage>().Detail),
            MessageTypes.Failed => throw failure($"The document worker failed on {what}: {frame.Read<FailedMessage>().Detail}"),
            _ => frame,
        };
    }
}

/// <summary>
/// Batch assembly in a document worker: <c>BatchAssembler</c> parses every piece PDF (which carries sender pages)
/// there. Refusals and failures become <see cref="InvalidDataException"/>, as the in-process builder throws them.
/// </summary>
internal sealed class WorkerBatchBuilding(WorkerPool pool) : IBatchBuilding
{
    public BuiltBatch Build(PrintBatch batch, IReadOnlyList<BatchPieceFile> pieces, DateTimeOffset closedAt) =>
        BuildAsync(batch, pieces, closedAt, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<BuiltBatch> BuildAsync(PrintBatch batch, IReadOnlyList<BatchPieceFile> pieces, DateTimeOffset closedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(pieces);
        var request = Frame.Create(
            MessageTypes.AssembleBatch,
            new AssembleBatchRequest(
                batch.Id,
                batch.Number,
                batch.Day,
                batch.Envelope,
                closedAt,
                [.. pieces.Select(p => new BatchPieceEntry(p.Position, p.S10, p.Postcode, p.Pages, p.Sheets, Convert.ToHexStringLower(p.Sha256)))]),
            [.. pieces.Select(p => p.Pdf)]);
        var options = pool.Options;
        var reply = await pool.CallAsync(request, TimeSpan.FromSeconds(options.PrintTimeoutSeconds), options.MaxPrintMegabytes * 1024L * 1024, cancellationToken);
        var frame = WorkerPieceRendering.Check(reply, $"batch {batch.Number}", message => new InvalidDataException(message));
        if (frame.Type != MessageTypes.BatchAssembled || frame.Blobs.Count != 3)
        {
            throw new InvalidDataException($"The document worker answered the assembly of batch {batch.Number} with '{frame.Type}'.");
        }

        var built = frame.Read<BatchAssembledMessage>();
        return new BuiltBatch(frame.Blobs[0], SHA256.HashData(frame.Blobs[0]), built.Pages, frame.Blobs[1], frame.Blobs[2]);
    }
}
