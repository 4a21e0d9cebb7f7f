using System.Globalization;
using System.Xml;

namespace Npes.Print.Tests;

/// <summary>A word's box as poppler's <c>pdftotext -bbox</c> reports it: points, origin at the page's top-left.</summary>
internal sealed record Word(string Text, double XMin, double YMin, double XMax, double YMax)
{
    /// <summary>Within <paramref name="r"/>, allowing for pdftotext's rounding (0.05 pt).</summary>
    public bool Inside(Rect r) => XMin >= r.Left - 0.05 && XMax <= r.Right + 0.05 && YMin >= r.Top - 0.05 && YMax <= r.Bottom + 0.05;

    public bool Touches(Rect r) => XMax > r.Left && XMin < r.Right && YMax > r.Top && YMin < r.Bottom;
}

internal sealed record TextPage(double Width, double Height, IReadOnlyList<Word> Words);

/// <summary>A rectangle in points, top-down.</summary>
internal readonly record struct Rect(double Left, double Top, double Right, double Bottom)
{
    public const double PointsPerMm = 72 / 25.4;

    public static Rect FromMm(double left, double top, double width, double height) =>
        new(left * PointsPerMm, top * PointsPerMm, (left + width) * PointsPerMm, (top + height) * PointsPerMm);
}

internal static class PdfText
{
    /// <summary>Every page's words with their boxes (<c>pdftotext -bbox</c>, XHTML parsed).</summary>
    public static IReadOnlyList<TextPage> Boxes(string pdfPath)
    {
        var xhtml = Tools.Run("pdftotext", "-bbox", pdfPath, "-");
        var pages = new List<TextPage>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xhtml), settings);
        List<Word>? words = null;
        double width = 0, height = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "page")
            {
                if (words is not null)
                {
                    pages.Add(new TextPage(width, height, words));
                }

                width = Number(reader, "width");
                height = Number(reader, "height");
                words = [];
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "word")
            {
                var xMin = Number(reader, "xMin");
                var yMin = Number(reader, "yMin");
                var xMax = Number(reader, "xMax");
                var yMax = Number(reader, "yMax");
                var text = reader.ReadElementContentAsString();
                words!.Add(new Word(text, xMin, yMin, xMax, yMax));
            }
        }

        if (words is not null)
        {
            pages.Add(new TextPage(width, height, words));
        }

        return pages;
    }

    /// <summary>The text of one page (1-based), or of every page.</summary>
    public static string Plain(string pdfPath, int? page = null) => page is { } p
        ? Tools.Run("pdftotext", "-f", p.ToString(CultureInfo.InvariantCulture), "-l", p.ToString(CultureInfo.InvariantCulture), pdfPath, "-")
        : Tools.Run("pdftotext", pdfPath, "-");

    private static double Number(XmlReader reader, string attribute) =>
        double.Parse(reader.GetAttribute(attribute) ?? throw new InvalidDataException($"pdftotext gave no {attribute}."), CultureInfo.InvariantCulture);
}
