namespace DeepLearning.Data;

/// <summary>
/// Reads image files into float tensors of shape (height, width, channels) with values in [0, 1], using the BCL only:
/// PNG (non-interlaced; gray, RGB, palette, gray + alpha, RGBA; 1 to 16 bits) and binary PGM/PPM (P5/P6).
/// JPEG, GIF, BMP and WebP need the DeepLearning.Images package (or a conversion to PNG). The format is detected from the content.
/// </summary>
/// <example><code>var image = ImageFile.Load("digit.png", channels: 1);   // (28, 28, 1) in [0, 1]</code></example>
public static class ImageFile
{
    /// <summary>The file extensions this class reads (lower case).</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".png", ".pgm", ".ppm", ".pnm"];

    /// <summary>Image extensions that are recognised but not supported by this class (DeepLearning.Images's
    /// decoder reads all but TIFF).</summary>
    internal static IReadOnlyList<string> UnsupportedExtensions { get; } = [".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"];

    /// <summary>This class's decoder (PNG, PGM, PPM) as an <see cref="IImageDecoder"/>: the default of
    /// <see cref="ImageFolderDataset"/>, and the fallback other decoders may use for PGM/PPM.</summary>
    public static IImageDecoder BuiltInDecoder { get; } = new BuiltInImageDecoder();

    /// <summary>Reads an image file as a float32 tensor (height, width, channels) in [0, 1].</summary>
    /// <param name="path">A PNG, PGM or PPM file.</param>
    /// <param name="channels">1 (gray), 3 (RGB) or 4 (RGBA) to convert to; null keeps the file's channels
    /// (gray + alpha PNGs have 2). Colour becomes gray by ITU-R BT.601 luma (0.2989 R + 0.5870 G + 0.1140 B, as
    /// tf.image.rgb_to_grayscale); alpha is dropped, or added as 1.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt or truncated, or not an image.</exception>
    /// <exception cref="NotSupportedException">JPEG or another unsupported format, or an interlaced PNG.</exception>
    /// <exception cref="ArgumentOutOfRangeException">channels is not 1, 3 or 4.</exception>
    public static Tensor Load(string path, int? channels = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckChannels(channels);
        if (!File.Exists(path)) throw new FileNotFoundException($"ImageFile: no file at '{path}'.", path);
        return ToTensor(Decode(File.ReadAllBytes(path), channels, path));
    }

    /// <summary>Decodes an image held in memory (see <see cref="Load"/>).</summary>
    /// <exception cref="InvalidDataException">The bytes are corrupt, truncated or not an image.</exception>
    /// <exception cref="NotSupportedException">JPEG or another unsupported format, or an interlaced PNG.</exception>
    /// <exception cref="ArgumentOutOfRangeException">channels is not 1, 3 or 4.</exception>
    public static Tensor Decode(ReadOnlySpan<byte> data, int? channels = null)
    {
        CheckChannels(channels);
        return ToTensor(Decode(data, channels, "<memory>"));
    }

    private static void CheckChannels(int? channels)
    {
        if (channels is not null and not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "ImageFile: channels must be 1 (gray), 3 (RGB), 4 (RGBA) or null (as stored).");
    }

    /// <summary>Reads a file with <paramref name="decoder"/> and converts it to <paramref name="channels"/>.</summary>
    internal static DecodedImage Read(string path, int? channels, IImageDecoder decoder)
    {
        var image = decoder.Decode(File.ReadAllBytes(path), path)
            ?? throw new InvalidOperationException($"ImageFile: the decoder {decoder.GetType().Name} returned null for '{path}'.");
        return channels is int c ? image.WithChannels(c) : image;
    }

    internal static DecodedImage Decode(ReadOnlySpan<byte> data, int? channels, string source)
    {
        DecodedImage image;
        if (PngDecoder.IsPng(data)) image = PngDecoder.Decode(data, source);
        else if (PnmDecoder.IsPnm(data)) image = PnmDecoder.Decode(data, source);
        else if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            throw new NotSupportedException($"ImageFile: '{source}' is a JPEG; this decoder reads PNG, PGM and PPM only. Decode JPEG with the DeepLearning.Images package (SkiaImageDecoder), or convert it to PNG.");
        else throw new InvalidDataException($"ImageFile: '{source}' is not a PNG, PGM (P5) or PPM (P6) image.");
        return channels is int c ? image.WithChannels(c) : image;
    }

    private static Tensor ToTensor(DecodedImage image) =>
        Tensor.FromArray(image.Data, [image.Height, image.Width, image.Channels]);
}
