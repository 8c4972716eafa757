namespace DeepLearning.Data;

/// <summary>Decodes image files for <see cref="ImageFolderDataset"/>. The core's decoder
/// (<see cref="ImageFile.BuiltInDecoder"/>) reads PNG and binary PGM/PPM with the BCL only; the optional
/// DeepLearning.Images package adds JPEG, BMP, GIF and WebP through SkiaSharp. Implementations must be thread-safe
/// (the loader decodes on its prefetch thread).</summary>
public interface IImageDecoder
{
    /// <summary>The file extensions the decoder reads, lower case with the dot (".png"). The dataset indexes only
    /// files with one of these.</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Decodes one file's bytes into an image with the channels as stored (1, 2, 3 or 4).</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="source">The file's path (or another name), for error messages.</param>
    /// <exception cref="InvalidDataException">The bytes are corrupt, truncated or not an image; the message names
    /// <paramref name="source"/>.</exception>
    /// <exception cref="NotSupportedException">A valid image in a variant the decoder does not read.</exception>
    DecodedImage Decode(ReadOnlySpan<byte> data, string source);
}
