namespace DeepLearning.Data;

/// <summary>The shape of an NHWC batch of images, and pixel lookups with a <see cref="FillMode"/>.</summary>
internal readonly record struct ImageGeometry(int N, int H, int W, int C)
{
    public int ImageSize => H * W * C;

    /// <summary>The in-range index for coordinate i of an axis of length n, or −1 for a constant fill.</summary>
    public static int MapIndex(int i, int n, FillMode mode)
    {
        if ((uint)i < (uint)n) return i;
        switch (mode)
        {
            case FillMode.Nearest: return i < 0 ? 0 : n - 1;
            case FillMode.Reflect:
            {
                int period = 2 * n;
                int m = ((i % period) + period) % period;
                return m < n ? m : period - 1 - m;
            }
            case FillMode.Wrap: return ((i % n) + n) % n;
            default: return -1;
        }
    }

    /// <summary>Channel k of pixel (y, x) of the image starting at <paramref name="image"/>, filled outside.</summary>
    public float Fetch(float[] src, int image, int y, int x, int k, FillMode mode, float fill)
    {
        int yy = MapIndex(y, H, mode), xx = MapIndex(x, W, mode);
        return yy < 0 || xx < 0 ? fill : src[image + (yy * W + xx) * C + k];
    }

    /// <summary>Bilinear interpolation of channel k at the real coordinates (y, x), each neighbour filled outside.</summary>
    public float Bilinear(float[] src, int image, double y, double x, int k, FillMode mode, float fill)
    {
        double fy = Math.Floor(y), fx = Math.Floor(x);
        int y0 = (int)fy, x0 = (int)fx;
        double wy = y - fy, wx = x - fx;
        double top = Fetch(src, image, y0, x0, k, mode, fill) * (1 - wx) + Fetch(src, image, y0, x0 + 1, k, mode, fill) * wx;
        double bottom = Fetch(src, image, y0 + 1, x0, k, mode, fill) * (1 - wx) + Fetch(src, image, y0 + 1, x0 + 1, k, mode, fill) * wx;
        return (float)(top * (1 - wy) + bottom * wy);
    }
}
