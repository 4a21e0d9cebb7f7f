using PdfSharp.Drawing;

namespace Npes.Print.Rendering;

/// <summary>Greedy line breaking at spaces; a word wider than the line is broken between characters.</summary>
internal static class TextWrap
{
    /// <summary>Breaks one paragraph (no line breaks in it) into lines no wider than <paramref name="width"/> points.</summary>
    public static List<string> Wrap(XGraphics graphics, string paragraph, XFont font, double width)
    {
        var lines = new List<string>();
        var space = graphics.MeasureString(" ", font).Width;
        var current = new List<string>();
        var currentWidth = 0.0;

        // Splitting on single spaces keeps runs of spaces (as empty words), so indentation survives.
        foreach (var word in paragraph.Split(' '))
        {
            var wordWidth = word.Length == 0 ? 0 : graphics.MeasureString(word, font).Width;
            var needed = current.Count == 0 ? wordWidth : currentWidth + space + wordWidth;
            if (needed <= width)
            {
                current.Add(word);
                currentWidth = needed;
                continue;
            }

            if (current.Count > 0)
            {
                lines.Add(string.Join(' ', current));
                current.Clear();
            }

            // A word longer than the line: as many characters as fit on each line.
            var rest = word;
            var restWidth = wordWidth;
            while (restWidth > width)
            {
                var take = FittingPrefix(graphics, rest, font, width);
                lines.Add(rest[..take]);
                rest = rest[take..];
                restWidth = graphics.MeasureString(rest, font).Width;
            }

            current.Add(rest);
            currentWidth = restWidth;
        }

        lines.Add(string.Join(' ', current));
        return lines;
    }

    private static int FittingPrefix(XGraphics graphics, string text, XFont font, double width)
    {
        // Binary search for the longest prefix that fits; at least one character, so the caller always progresses.
        int low = 1, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (graphics.MeasureString(text[..mid], font).Width <= width)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        // Never split a surrogate pair.
        if (low < text.Length && char.IsHighSurrogate(text[low - 1]))
        {
            low = low > 1 ? low - 1 : low + 1;
        }

        return low;
    }
}
