using System.Globalization;

namespace Npes.Print.Rendering;

/// <summary>Units and fixed areas of an A4 print page, in PDF points (1/72 inch).</summary>
internal static class PageGeometry
{
    public const double PointsPerMm = 72 / 25.4;

    /// <summary>A4 width in points.</summary>
    public const double Width = PrintLayoutOptions.PageWidthMm * PointsPerMm;

    /// <summary>A4 height in points.</summary>
    public const double Height = PrintLayoutOptions.PageHeightMm * PointsPerMm;

    /// <summary>Where scaled document pages and images go: 15 mm margins, 20 mm at the bottom for the footer.</summary>
    public static readonly Box DocumentArea = new(Mm(15), Mm(15), Mm(180), Mm(262));

    /// <summary>Where plain text goes: 20 mm margins, 22 mm at the bottom.</summary>
    public static readonly Box TextArea = new(Mm(20), Mm(20), Mm(170), Mm(255));

    public static double Mm(double millimetres) => millimetres * PointsPerMm;

    /// <summary>True when a size in points is A4 portrait, within 2 points (≈ 0.7 mm) of rounding.</summary>
    public static bool IsA4Portrait(double width, double height) => Math.Abs(width - Width) <= 2 && Math.Abs(height - Height) <= 2;
}

/// <summary>A rectangle in top-down page coordinates (points), as XGraphics draws.</summary>
internal readonly record struct Box(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;

    public static Box FromMm(double left, double top, double width, double height) =>
        new(PageGeometry.Mm(left), PageGeometry.Mm(top), PageGeometry.Mm(width), PageGeometry.Mm(height));

    public Box Inset(double by) => new(Left + by, Top + by, Width - (2 * by), Height - (2 * by));
}

/// <summary>
/// A PDF affine transform <c>[a b c d e f]</c> (x' = a·x + c·y + e, y' = b·x + d·y + f), in PDF's bottom-up space.
/// </summary>
internal readonly record struct Affine(double A, double B, double C, double D, double E, double F)
{
    public static readonly Affine Identity = new(1, 0, 0, 1, 0, 0);

    public static Affine Translate(double x, double y) => new(1, 0, 0, 1, x, y);

    public static Affine Scale(double s) => new(s, 0, 0, s, 0, 0);

    /// <summary>Turns content a quarter turn counter-clockwise inside a box <paramref name="height"/> high: its top edge becomes the left edge.</summary>
    public static Affine QuarterTurnLeft(double height) => new(0, 1, -1, 0, height, 0);

    /// <summary>
    /// How a viewer shows a page box of <paramref name="width"/> × <paramref name="height"/> (origin at 0,0) with the
    /// page's <c>/Rotate</c> (clockwise degrees): maps box space onto the displayed page's space.
    /// </summary>
    public static Affine DisplayRotation(int rotate, double width, double height) => rotate switch
    {
        90 => new(0, -1, 1, 0, 0, width),
        180 => new(-1, 0, 0, -1, width, height),
        270 => new(0, 1, -1, 0, height, 0),
        _ => Identity,
    };

    /// <summary>This transform followed by <paramref name="next"/>.</summary>
    public Affine Then(Affine next) => new(
        (A * next.A) + (B * next.C),
        (A * next.B) + (B * next.D),
        (C * next.A) + (D * next.C),
        (C * next.B) + (D * next.D),
        (E * next.A) + (F * next.C) + next.E,
        (E * next.B) + (F * next.D) + next.F);

    /// <summary>The operands of a content-stream <c>cm</c> operator.</summary>
    public string ToOperands() => string.Join(' ', new[] { A, B, C, D, E, F }.Select(Number));

    public static string Number(double value) => Math.Round(value, 5).ToString("0.#####", CultureInfo.InvariantCulture);
}
