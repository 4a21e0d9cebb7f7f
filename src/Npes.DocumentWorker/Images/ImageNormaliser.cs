using System.Globalization;
using Npes.Core.Errors;
using SkiaSharp;

namespace Npes.DocumentWorker.Images;

/// <summary>A decoded and re-encoded image: what print and previews use (no metadata, orientation applied).</summary>
internal sealed record NormalisedImage(byte[] Content, string MediaType, int Width, int Height);

/// <summary>
/// Decodes a PNG or JPEG with Skia after reading only its header: an image with more pixels than the limit is
/// refused before a byte of it is decoded. The pixels are then encoded anew (8-bit RGBA PNG, or JPEG), which drops
/// every chunk and marker the sender added (EXIF, ICC, text, private data) and gives the print leg a plain image.
/// </summary>
internal static class ImageNormaliser
{
    public static NormalisedImage Normalise(string name, byte[] content, string mediaType, long maxPixels)
    {
        var (bitmap, origin, expected) = Decode(name, content, mediaType, maxPixels);
        using (bitmap)
        {
            using var oriented = Orient(bitmap, origin);
            using var image = SKImage.FromBitmap(oriented);
            using var encoded = expected == SKEncodedImageFormat.Png
                ? image.Encode(SKEncodedImageFormat.Png, 100)
                : image.Encode(SKEncodedImageFormat.Jpeg, 92);
            if (encoded is null)
            {
                throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' cannot be encoded anew.");
            }

            return new NormalisedImage(encoded.ToArray(), mediaType, oriented.Width, oriented.Height);
        }
    }

    /// <summary>The same checks as <see cref="Normalise"/> — header, pixel limit, every pixel decoded — without encoding a copy nobody keeps.</summary>
    public static void Check(string name, byte[] content, string mediaType, long maxPixels) => Decode(name, content, mediaType, maxPixels).Bitmap.Dispose();

    private static (SKBitmap Bitmap, SKEncodedOrigin Origin, SKEncodedImageFormat Format) Decode(string name, byte[] content, string mediaType, long maxPixels)
    {
        using var codec = SKCodec.Create(new MemoryStream(content, writable: false), out var result);
        if (codec is null || result != SKCodecResult.Success)
        {
            throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable image.");
        }

        var expected = mediaType == "image/png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        if (codec.EncodedFormat != expected)
        {
            throw new Refusal(NpesErrors.DocumentTypeMismatch, $"'{name}' looks like {mediaType} but decodes as {codec.EncodedFormat}.");
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is an image without a size.");
        }

        if ((long)info.Width * info.Height > maxPixels)
        {
            throw new Refusal(
                NpesErrors.DocumentImageTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"'{name}' is {info.Width} × {info.Height} pixels; at most {maxPixels} pixels are accepted."),
                "image");
        }

        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(target);
        var decoded = codec.GetPixels(target, bitmap.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw new Refusal(NpesErrors.DocumentInvalid, $"'{name}' is not a readable image ({decoded}).");
        }

        return (bitmap, codec.EncodedOrigin, expected);
    }

    /// <summary>Applies the EXIF orientation, so the re-encoded image (which has no EXIF) looks as viewers show the original.</summary>
    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var rotated = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType);
        using var canvas = new SKCanvas(rotated);
        var w = bitmap.Width;
        var h = bitmap.Height;
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(bitmap, 0, 0);
        return rotated;
    }
}
