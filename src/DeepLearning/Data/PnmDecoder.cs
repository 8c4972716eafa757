namespace DeepLearning.Data;

/// <summary>
/// A decoder for the binary Netpbm formats (netpbm.sourceforge.net/doc/pgm.html, ppm.html): P5 (PGM, gray) and
/// P6 (PPM, RGB), with a maximum value up to 255 (one byte per sample) or up to 65535 (two bytes, big-endian).
/// Samples are scaled to [0, 1] by the maximum value. Header comments (#) are allowed.
/// </summary>
internal static class PnmDecoder
{
    public static bool IsPnm(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'P' && data[1] is (byte)'5' or (byte)'6';

    public static DecodedImage Decode(ReadOnlySpan<byte> data, string source)
    {
        if (!IsPnm(data)) throw Bad(source, "it does not start with P5 or P6 (ASCII P2/P3 files are not supported)");
        int channels = data[1] == (byte)'5' ? 1 : 3;
        int pos = 2;
        int width = ReadNumber(data, ref pos, source, "width");
        int height = ReadNumber(data, ref pos, source, "height");
        int maxValue = ReadNumber(data, ref pos, source, "maximum value");
        if (pos >= data.Length || !IsSpace(data[pos])) throw Bad(source, "its header does not end with a whitespace byte");
        pos++;
        if (width <= 0 || height <= 0 || (long)width * height > 1L << 28) throw Bad(source, $"its size {width} × {height} is invalid or too large");
        if (maxValue is <= 0 or > 65535) throw Bad(source, $"its maximum value {maxValue} is outside 1 … 65535");
        int bytesPerSample = maxValue < 256 ? 1 : 2;
        long samples = (long)width * height * channels;
        if (data.Length - pos < samples * bytesPerSample)
            throw Bad(source, $"it is truncated: {samples * bytesPerSample} bytes of pixels are needed, {data.Length - pos} follow the header");
        var values = new float[samples];
        float scale = 1f / maxValue;
        var raster = data[pos..];
        for (long i = 0; i < samples; i++)
        {
            int v = bytesPerSample == 1 ? raster[(int)i] : (raster[(int)(2 * i)] << 8) | raster[(int)(2 * i + 1)];
            if (v > maxValue) throw Bad(source, $"sample {i} is {v}, above the maximum value {maxValue}");
            values[i] = v * scale;
        }
        return new DecodedImage(width, height, channels, values);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static int ReadNumber(ReadOnlySpan<byte> data, ref int pos, string source, string what)
    {
        while (pos < data.Length)
        {
            if (IsSpace(data[pos])) pos++;
            else if (data[pos] == (byte)'#')
                while (pos < data.Length && data[pos] != (byte)'\n' && data[pos] != (byte)'\r') pos++;
            else break;
        }
        long value = 0;
        int start = pos;
        while (pos < data.Length && data[pos] >= (byte)'0' && data[pos] <= (byte)'9' && value <= int.MaxValue)
            value = value * 10 + (data[pos++] - (byte)'0');
        if (pos == start || value > int.MaxValue) throw Bad(source, $"its header has no valid {what}");
        return (int)value;
    }

    private static InvalidDataException Bad(string source, string why) =>
        new($"ImageFile: '{source}' is not a valid binary PGM/PPM: {why}.");
}
