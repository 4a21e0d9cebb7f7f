using System.Reflection;
using PdfSharp;
using PdfSharp.Fonts;

namespace Npes.Print.Rendering;

/// <summary>
/// The fonts of every print file: DejaVu Sans, DejaVu Sans Bold and DejaVu Sans Mono, embedded in this assembly
/// (Bitstream Vera derivative, free licence in <c>Fonts/LICENSE-DejaVu.txt</c>), so a piece looks the same on every
/// machine and never depends on the host's font folder.
/// </summary>
internal static class PrintFonts
{
    /// <summary>The proportional family (regular and bold).</summary>
    public const string Sans = "DejaVu Sans";

    /// <summary>The monospaced family (regular; bold is simulated).</summary>
    public const string Mono = "DejaVu Sans Mono";

    private static readonly Lock Gate = new();
    private static readonly DejaVuFontResolver Resolver = new();
    private static volatile bool _installed;

    /// <summary>
    /// Accepts PDFsharp's AGPL licence and installs the DejaVu resolver as PDFsharp's global font resolver, once per
    /// process; later calls return at once. Safe from any thread, and beside other code that accepts the licence
    /// itself (accepting it twice is harmless).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another font resolver is already installed in this process.</exception>
    public static void EnsureInstalled()
    {
        if (_installed)
        {
            return;
        }

        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            PdfSharpLicense.SetAgplLicense();
            var current = GlobalFontSettings.FontResolver;
            if (current is null)
            {
                GlobalFontSettings.FontResolver = Resolver;
            }
            else if (!ReferenceEquals(current, Resolver))
            {
                throw new InvalidOperationException(
                    $"PDFsharp's font resolver is already set to {current.GetType().FullName}; NPES print files need {nameof(PrintFonts)}' DejaVu resolver as the only one in the process.");
            }

            _installed = true;
        }
    }

    /// <summary>
    /// Resolves the DejaVu families to the embedded faces; any other family falls back to DejaVu Sans, so PDFsharp never
    /// looks for system fonts. Italic is simulated (no italic face is shipped), and so is bold monospace.
    /// </summary>
    private sealed class DejaVuFontResolver : IFontResolver
    {
        private const string SansFace = "DejaVuSans";
        private const string SansBoldFace = "DejaVuSans-Bold";
        private const string MonoFace = "DejaVuSansMono";

        private readonly Lazy<byte[]> _sans = new(() => Load(SansFace));
        private readonly Lazy<byte[]> _sansBold = new(() => Load(SansBoldFace));
        private readonly Lazy<byte[]> _mono = new(() => Load(MonoFace));

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
        {
            if (string.Equals(familyName, Mono, StringComparison.OrdinalIgnoreCase))
            {
                return new FontResolverInfo(MonoFace, bold, italic);
            }

            return bold ? new FontResolverInfo(SansBoldFace, false, italic) : new FontResolverInfo(SansFace, false, italic);
        }

        public byte[] GetFont(string faceName) => faceName switch
        {
            SansFace => _sans.Value,
            SansBoldFace => _sansBold.Value,
            MonoFace => _mono.Value,
            _ => throw new ArgumentException($"Unknown font face '{faceName}'.", nameof(faceName)),
        };

        private static byte[] Load(string face)
        {
            var name = $"Npes.Print.Fonts.{face}.ttf";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The font resource '{name}' is missing from {typeof(PrintFonts).Assembly.GetName().Name}.");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }
}
