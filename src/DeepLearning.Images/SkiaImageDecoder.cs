using DeepLearning.Data;
using SkiaSharp;

namespace DeepLearning.Images;

/// <summary>An <see cref="IImageDecoder"/> on SkiaSharp: JPEG, PNG, BMP, GIF (the first frame) and WebP (lossy and
/// lossless), detected from the content, plus binary PGM/PPM through the core's <see cref="ImageFile.BuiltInDecoder"/>.
/// Pixels are decoded as 8 bits per channel without colour-space conversion (an embedded ICC profile is ignored, as
/// PIL and tf.io.decode_image do) and scaled to [0, 1] by v / 255.</summary>
/// <remarks>Channels follow the file: 1 for gray images (gray PNG, gray JPEG), 3 for opaque colour images, 4 (R, G,
/// B, A with straight alpha) when the file has transparency; the dataset's <c>channels</c> argument converts further.
/// The decoder is stateless and thread-safe.</remarks>
/// <example><code>var data = new ImageFolderDataset("photos", channels: 3, height: 128, width: 128, decoder: new SkiaImageDecoder());</code></example>
public sealed class SkiaImageDecoder : IImageDecoder
{
    /// <summary>The largest image accepted, in pixels (2^28: a 16384 × 16384 image, 1 GiB as RGBA bytes); a larger
    /// header is treated as corrupt rather than allocated.</summary>
    public const long MaxPixels = 1L << 28;

    private static readonly string[] SkiaExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"];

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [.. SkiaExtensions.Concat(ImageFile.BuiltInDecoder.Extensions).Distinct()];

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The bytes are empty, not an image of a supported format, corrupt,
    /// truncated or larger than <see cref="MaxPixels"/>; the message names <paramref name="source"/>.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> data, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (data.IsEmpty) throw new InvalidDataException($"SkiaImageDecoder: '{source}' is empty.");
        using var skData = SKData.CreateCopy(data.ToArray());
        using var codec = SKCodec.Create(skData);
        if (codec is null)
        {
            // Not a format Skia recognises: PGM/PPM, or a corrupt file the core's decoder may explain better.
            try
            {
                return ImageFile.BuiltInDecoder.Decode(data, source);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                throw new InvalidDataException($"SkiaImageDecoder: '{source}' is not a JPEG, PNG, BMP, GIF, WebP, PGM or PPM image, or its header is corrupt ({e.Message})", e);
            }
        }
        var info = codec.Info;
        if (info.Width < 1 || info.Height < 1 || (long)info.Width * info.Height > MaxPixels)
            throw new InvalidDataException($"SkiaImageDecoder: '{source}' declares a {info.Width} × {info.Height} image; the size must be between 1 and {MaxPixels} pixels.");

        bool gray = info.ColorType == SKColorType.Gray8;
        int channels = gray ? 1 : info.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        var target = gray
            ? new SKImageInfo(info.Width, info.Height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(target, out byte[] pixels);
        if (result != SKCodecResult.Success)
        {
            string why = result == SKCodecResult.IncompleteInput ? "is truncated" : $"could not be decoded ({result})";
            throw new InvalidDataException($"SkiaImageDecoder: '{source}' ({codec.EncodedFormat}, {info.Width} × {info.Height}) {why}.");
        }
        int n = info.Width * info.Height, stride = gray ? 1 : 4;
        var values = new float[n * channels];
        for (int p = 0; p < n; p++)
            for (int c = 0; c < channels; c++)
                values[p * channels + c] = pixels[p * stride + c] / 255f;
        return new DecodedImage(info.Width, info.Height, channels, values);
    }
}
