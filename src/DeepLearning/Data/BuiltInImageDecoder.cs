namespace DeepLearning.Data;

/// <summary>The core's decoder: PNG and binary PGM/PPM, detected from the content (<see cref="ImageFile"/>).</summary>
internal sealed class BuiltInImageDecoder : IImageDecoder
{
    public IReadOnlyCollection<string> Extensions => [.. ImageFile.SupportedExtensions];

    public DecodedImage Decode(ReadOnlySpan<byte> data, string source) => ImageFile.Decode(data, null, source);
}
