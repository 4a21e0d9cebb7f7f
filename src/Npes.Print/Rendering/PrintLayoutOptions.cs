using System.Globalization;

namespace Npes.Print.Rendering;

/// <summary>
/// Page layout of a print piece (configuration section <c>Npes:Print:Layout</c>). Lengths are millimetres on an A4
/// portrait sheet (210 × 297 mm), measured from the sheet's top-left corner.
/// </summary>
/// <remarks>
/// The default address window is the one of DIN 5008 form B letters in DL and C5 window envelopes (DIN 680):
/// 20 mm from the left edge, 45 mm from the top edge, 90 mm wide and 45 mm high. Only the recipient's name and
/// address are printed inside it; everything else (return address, S10 barcode, QR code, texts, footer) stays
/// outside, so the envelope window shows the address and nothing else.
/// </remarks>
public sealed class PrintLayoutOptions : Npes.Core.Options.IValidatedOptions
{
    public const string Section = "Npes:Print:Layout";

    /// <summary>A4 width.</summary>
    public const double PageWidthMm = 210;

    /// <summary>A4 height.</summary>
    public const double PageHeightMm = 297;

    /// <summary>Height of the bottom strip that carries the footer on every page; the window must stay above it.</summary>
    public const double FooterZoneMm = 12;

    /// <summary>Width of the code column (S10 barcode and QR code) beside the window, margin included.</summary>
    public const double CodeColumnMm = 75;

    /// <summary>The postal operator's lines used when <see cref="ReturnAddress"/> is empty.</summary>
    public static IReadOnlyList<string> DefaultReturnAddress { get; } = ["РУП «Белпочта»", "пр-т Независимости, 10", "220050, г. Минск"];

    /// <summary>Left edge of the address window. DIN 5008 form B / DIN 680: 20 mm.</summary>
    public double WindowLeftMm { get; set; } = 20;

    /// <summary>Top edge of the address window. DIN 5008 form B / DIN 680: 45 mm.</summary>
    public double WindowTopMm { get; set; } = 45;

    /// <summary>Width of the address window. DIN 680 DL/C5 window: 90 mm.</summary>
    public double WindowWidthMm { get; set; } = 90;

    /// <summary>Height of the address window. DIN 680 DL/C5 window: 45 mm.</summary>
    public double WindowHeightMm { get; set; } = 45;

    /// <summary>Clear space kept inside each edge of the window, so the address never touches the window's border.</summary>
    public double WindowPaddingMm { get; set; } = 4;

    /// <summary>
    /// Return address lines, printed small above the window (outside it). Empty: <see cref="DefaultReturnAddress"/>.
    /// An array that starts empty, because the configuration binder appends to a collection's initial items.
    /// </summary>
    public string[] ReturnAddress { get; set; } = [];

    /// <summary>Start of the verification link in the QR code and on the address sheet; the S10 id follows it.</summary>
    public string VerificationBaseUrl { get; set; } = "https://npes.by/api/v1/verify/";

    /// <summary>A piece of up to this many sheets goes into a C5 envelope (folded once); a thicker one into C4, flat.</summary>
    public int C5MaxSheets { get; set; } = 5;

    /// <summary>The return address actually printed.</summary>
    public IReadOnlyList<string> ReturnAddressLines => ReturnAddress.Length > 0 ? ReturnAddress : DefaultReturnAddress;

    /// <summary>The envelope for a piece of <paramref name="sheets"/> sheets: <c>C5</c> or <c>C4</c>.</summary>
    public string EnvelopeFor(int sheets) => sheets <= C5MaxSheets ? "C5" : "C4";

    /// <summary>Every reason this layout cannot produce a correct address sheet; empty when it can.</summary>
    public IEnumerable<string> Validate()
    {
        var numbers = new[] { WindowLeftMm, WindowTopMm, WindowWidthMm, WindowHeightMm, WindowPaddingMm };
        if (numbers.Any(n => !double.IsFinite(n)))
        {
            yield return $"{Section}: window dimensions must be finite numbers.";
            yield break;
        }

        if (WindowWidthMm < 45 || WindowHeightMm < 20)
        {
            yield return Invariant($"{Section}: the window ({WindowWidthMm} × {WindowHeightMm} mm) must be at least 45 × 20 mm to hold an address.");
        }

        if (WindowPaddingMm < 0 || WindowPaddingMm * 2 >= Math.Min(WindowWidthMm, WindowHeightMm) / 2)
        {
            yield return Invariant($"{Section}:WindowPaddingMm ({WindowPaddingMm}) must be at least 0 and leave most of the window for the address.");
        }

        if (WindowLeftMm < 5 || WindowLeftMm + WindowWidthMm > PageWidthMm - 5)
        {
            yield return Invariant($"{Section}: the window spans {WindowLeftMm}..{WindowLeftMm + WindowWidthMm} mm horizontally; it must lie on the sheet, 5 mm from each edge (0..{PageWidthMm} mm).");
        }

        var returnAddressHeight = 10 + (ReturnAddressLines.Count * 3.2);
        if (WindowTopMm < returnAddressHeight)
        {
            yield return Invariant($"{Section}:WindowTopMm ({WindowTopMm}) leaves no room above the window for the {ReturnAddressLines.Count}-line return address (needs {returnAddressHeight:0.#} mm).");
        }

        if (WindowTopMm + WindowHeightMm > PageHeightMm / 2)
        {
            yield return Invariant($"{Section}: the window's bottom edge ({WindowTopMm + WindowHeightMm} mm) must be in the upper half of the sheet (≤ {PageHeightMm / 2} mm), above the fold and the footer ({FooterZoneMm} mm strip).");
        }

        var left = WindowLeftMm;
        var right = PageWidthMm - (WindowLeftMm + WindowWidthMm);
        if (Math.Max(left, right) < CodeColumnMm)
        {
            yield return Invariant($"{Section}: the window leaves {Math.Max(left, right):0.#} mm beside it; the S10 barcode and QR code need {CodeColumnMm} mm on one side.");
        }

        if (ReturnAddressLines.Count > 5 || ReturnAddressLines.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > 80))
        {
            yield return $"{Section}:ReturnAddress must have 1 to 5 non-empty lines of at most 80 characters.";
        }

        if (!Uri.TryCreate(VerificationBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.Fragment))
        {
            yield return $"{Section}:VerificationBaseUrl '{VerificationBaseUrl}' must be an absolute http(s) URL without a fragment.";
        }

        if (C5MaxSheets is < 1 or > 20)
        {
            yield return Invariant($"{Section}:C5MaxSheets ({C5MaxSheets}) must be 1..20.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
