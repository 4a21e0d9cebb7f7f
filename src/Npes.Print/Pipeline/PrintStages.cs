using Npes.Core.Print;
using Npes.Print.Store;

namespace Npes.Print.Pipeline;

// The print pipeline's two stages that read sender content. They are public, with the renderer, the batch assembler
// and their records, so that a host can run them elsewhere: Npes.Documents implements both over its isolated
// document workers, which run PieceRenderer and BatchAssembler out of the server's process.

/// <summary>Renders one paper letter into a print-ready piece (address sheet + documents).</summary>
public interface IPieceRendering
{
    /// <summary>Throws <see cref="Rendering.PrintRenderException"/> with the reason when the content cannot be printed.</summary>
    RenderedPieceData Render(PaperLetter letter, EnvelopeAddress address);
}

/// <summary>Builds a closed batch's print file and manifests from its pieces in batch order.</summary>
public interface IBatchBuilding
{
    BuiltBatch Build(PrintBatch batch, IReadOnlyList<BatchPieceFile> pieces, DateTimeOffset closedAt);
}
