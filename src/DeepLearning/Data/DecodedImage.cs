namespace DeepLearning.Data;

/// <summary>A decoded image as an <see cref="IImageDecoder"/> returns it: <see cref="Data"/> holds height × width ×
/// channels values in [0, 1], row-major with the channels last (HWC, the layout of one image of an NHWC batch).
/// Channels are 1 (gray), 2 (gray + alpha), 3 (R, G, B) or 4 (R, G, B, A), in that order; alpha is straight (not
/// premultiplied).</summary>
public sealed class DecodedImage
{
    /// <summary>Wraps decoded pixels (no copy).</summary>
    /// <param name="width">The width in pixels, ≥ 1.</param>
    /// <param name="height">The height in pixels, ≥ 1.</param>
    /// <param name="channels">1, 2, 3 or 4.</param>
    /// <param name="data">height · width · channels values, HWC.</param>
    /// <exception cref="ArgumentException">A size below 1, another channel count, or a data length that is not
    /// height · width · channels.</exception>
    public DecodedImage(int width, int height, int channels, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (width < 1 || height < 1 || channels is < 1 or > 4)
            throw new ArgumentException($"DecodedImage: {width} × {height} with {channels} channels; the size must be ≥ 1 and the channels 1 to 4.");
        if (data.Length != (long)width * height * channels)
            throw new ArgumentException($"DecodedImage: {data.Length} values do not make a {width} × {height} image with {channels} channels ({(long)width * height * channels} values).", nameof(data));
        Width = width;
        Height = height;
        Channels = channels;
        Data = data;
    }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Height × width × channels values in [0, 1], HWC.</summary>
    public float[] Data { get; }

    // ITU-R BT.601 luma, the weights of tf.image.rgb_to_grayscale.
    private const float LumaR = 0.2989f, LumaG = 0.5870f, LumaB = 0.1140f;

    /// <summary>Converts to 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels: gray is replicated, colour
    /// becomes gray by BT.601 luma, alpha is dropped (not composited) or added as 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">target is not 1 to 4.</exception>
    public DecodedImage WithChannels(int target)
    {
        if (target == Channels) return this;
        if (target is not (1 or 2 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(target), target, "Image channels: only 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) can be requested.");
        int n = Width * Height;
        var dst = new float[n * target];
        var src = Data;
        int c = Channels;
        for (int p = 0; p < n; p++)
        {
            float r, g, b, a;
            int s = p * c;
            switch (c)
            {
                case 1: r = g = b = src[s]; a = 1; break;
                case 2: r = g = b = src[s]; a = src[s + 1]; break;
                case 3: r = src[s]; g = src[s + 1]; b = src[s + 2]; a = 1; break;
                default: r = src[s]; g = src[s + 1]; b = src[s + 2]; a = src[s + 3]; break;
            }
            int d = p * target;
            if (target <= 2)
            {
                dst[d] = c <= 2 ? r : LumaR * r + LumaG * g + LumaB * b;
                if (target == 2) dst[d + 1] = a;
                continue;
            }
            dst[d] = r; dst[d + 1] = g; dst[d + 2] = b;
            if (target == 4) dst[d + 3] = a;
        }
        return new DecodedImage(Width, Height, target, dst);
    }

    /// <summary>Bilinear resize with half-pixel centres and edge clamping (tf.image.resize, method bilinear, no
    /// antialiasing): source coordinate = (dst + ½)·(in/out) − ½.</summary>
    /// <exception cref="ArgumentOutOfRangeException">height or width is below 1.</exception>
    public DecodedImage Resized(int height, int width)
    {
        if (height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(height), $"DecodedImage.Resized: the size must be ≥ 1; got {height} × {width}.");
        if (height == Height && width == Width) return this;
        int c = Channels;
        var dst = new float[height * width * c];
        double sy = (double)Height / height, sx = (double)Width / width;
        for (int y = 0; y < height; y++)
        {
            double fy = Math.Clamp((y + 0.5) * sy - 0.5, 0, Height - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, Height - 1);
            float wy = (float)(fy - y0);
            for (int x = 0; x < width; x++)
            {
                double fx = Math.Clamp((x + 0.5) * sx - 0.5, 0, Width - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, Width - 1);
                float wx = (float)(fx - x0);
                for (int k = 0; k < c; k++)
                {
                    float top = Data[(y0 * Width + x0) * c + k] * (1 - wx) + Data[(y0 * Width + x1) * c + k] * wx;
                    float bottom = Data[(y1 * Width + x0) * c + k] * (1 - wx) + Data[(y1 * Width + x1) * c + k] * wx;
                    dst[(y * width + x) * c + k] = top * (1 - wy) + bottom * wy;
                }
            }
        }
        return new DecodedImage(width, height, c, dst);
    }
}
