using System.Globalization;
using System.Text;
using QRCoder;

namespace Npes.Print.Rendering;

/// <summary>
/// Barcodes as filled vector rectangles, written straight as content-stream operators (<c>re</c> … <c>f</c>): sharp
/// at any printer resolution, a few kilobytes each, and far cheaper to produce than PDFsharp paths of hundreds of
/// rectangles. Positions are given top-down, as XGraphics uses them, and converted to PDF's bottom-up space.
/// </summary>
internal sealed class VectorCodes
{
    private readonly StringBuilder _operators = new("q\n0 g\n");

    /// <summary>
    /// Adds a QR code (error correction level M) of <paramref name="text"/> filling the square at
    /// <paramref name="left"/>, <paramref name="top"/> of side <paramref name="size"/>; the square includes the code's
    /// quiet zone of 4 modules. Dark modules of a row are merged into runs, all filled at once, so no hairline seams
    /// appear between modules when rasterized.
    /// </summary>
    public void AddQr(string text, double left, double top, double size)
    {
        // GenerateQrCode is static and thread-safe: there is no generator instance to share or lock. The module matrix
        // includes the 4-module quiet zone on every side.
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var count = matrix.Count;
        var module = size / count;
        for (var y = 0; y < count; y++)
        {
            var row = matrix[y];
            var x = 0;
            while (x < count)
            {
                if (!row[x])
                {
                    x++;
                    continue;
                }

                var start = x;
                while (x < count && row[x])
                {
                    x++;
                }

                Rectangle(left + (start * module), top + (y * module), (x - start) * module, module);
            }
        }
    }

    /// <summary>Adds Code 128 bars (module widths from <see cref="Code128.Encode"/>, bar first) starting at <paramref name="left"/>.</summary>
    public void AddBars(int[] widths, double left, double top, double module, double height)
    {
        var x = left;
        for (var i = 0; i < widths.Length; i++)
        {
            var width = widths[i] * module;
            if (i % 2 == 0)
            {
                Rectangle(x, top, width, height);
            }

            x += width;
        }
    }

    /// <summary>The content stream: every rectangle, filled black once.</summary>
    public byte[] ToContent() => Encoding.ASCII.GetBytes(_operators.ToString() + "f\nQ\n");

    private void Rectangle(double left, double top, double width, double height) =>
        _operators.Append(CultureInfo.InvariantCulture, $"{left:0.###} {PageGeometry.Height - top - height:0.###} {width:0.###} {height:0.###} re\n");
}
