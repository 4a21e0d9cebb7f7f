using Npes.Core.Print;
using Npes.Print.Store;

namespace Npes.Print.Pipeline;

/// <summary>Renders one paper letter into a print-ready piece (address sheet + documents).</summary>
internal interface IPieceRendering
{
    /// <summary>Throws <see cref="Rendering.PrintRenderException"/> with the reason when the content cannot be printed.</summary>
    RenderedPieceData Render(PaperLetter letter, EnvelopeAddress address);
}

/// <summary>Builds a closed batch's print file and manifests from its pieces in batch order.</summary>
internal interface IBatchBuilding
{
    BuiltBatch Build(PrintBatch batch, IReadOnlyList<BatchPieceFile> pieces, DateTimeOffset closedAt);
}
