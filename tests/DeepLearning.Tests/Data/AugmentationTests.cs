using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

public class AugmentationTests
{
    // Values 1 … n·h·w·c, so every pixel is distinct and nonzero.
    private static Tensor Distinct(int n, int h, int w, int c) => Tensor.Arange(1, n * h * w * c + 1, 1).Reshape(n, h, w, c);

    private static float[] At(Tensor t) => t.ToArray<float>();

    [Fact]
    public void FlipsAreExactMirrors()
    {
        var x = Distinct(2, 3, 4, 2);
        var v = At(x);
        var h = At(new RandomFlip(horizontal: true, probability: 1).Apply(x));
        var vert = At(new RandomFlip(horizontal: false, vertical: true, probability: 1).Apply(x));
        for (int n = 0; n < 2; n++)
            for (int y = 0; y < 3; y++)
                for (int xx = 0; xx < 4; xx++)
                    for (int c = 0; c < 2; c++)
                    {
                        int o = ((n * 3 + y) * 4 + xx) * 2 + c;
                        Assert.Equal(v[((n * 3 + y) * 4 + (3 - xx)) * 2 + c], h[o]);
                        Assert.Equal(v[((n * 3 + (2 - y)) * 4 + xx) * 2 + c], vert[o]);
                    }
        Assert.Equal(v, At(new RandomFlip(probability: 0).Apply(x)));
        // Flipping twice with probability 1 is the identity.
        var twice = ImageAugmentation.Compose(new RandomFlip(true, true, 1), new RandomFlip(true, true, 1));
        Assert.Equal(v, At(twice.Apply(x)));
    }

    [Fact]
    public void FlipProbabilityAndSeededDeterminism()
    {
        var x = Distinct(400, 1, 2, 1);
        var a = At(new RandomFlip(generator: new Generator(5)).Apply(x));
        var b = At(new RandomFlip(generator: new Generator(5)).Apply(x));
        var c = At(new RandomFlip(generator: new Generator(6)).Apply(x));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        int flipped = Enumerable.Range(0, 400).Count(i => a[2 * i] > a[2 * i + 1]);
        Assert.InRange(flipped, 160, 240);   // Binomial(400, ½): mean 200, sd 10
        // The generator advances: two calls give different draws, a fresh generator repeats them.
        var flip = new RandomFlip(generator: new Generator(5));
        Assert.Equal(a, At(flip.Apply(x)));
        Assert.NotEqual(a, At(flip.Apply(x)));
    }

    [Fact]
    public void ShiftMovesPixelsAndFills()
    {
        // One 3 × 4 image: 1 2 3 4 / 5 6 7 8 / 9 10 11 12; output(y, x) = input(y − dy, x − dx).
        var g = new ImageGeometry(1, 3, 4, 1);
        float[] src = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var dst = new float[12];
        RandomShift.Shift(src, dst, g, 0, dy: 1, dx: -2, FillMode.Constant, fill: -1);
        Assert.Equal([-1f, -1, -1, -1, 3, 4, -1, -1, 7, 8, -1, -1], dst);
        RandomShift.Shift(src, dst, g, 0, dy: 1, dx: -2, FillMode.Nearest, fill: 0);
        Assert.Equal([3f, 4, 4, 4, 3, 4, 4, 4, 7, 8, 8, 8], dst);
        RandomShift.Shift(src, dst, g, 0, dy: 0, dx: 2, FillMode.Reflect, fill: 0);
        Assert.Equal([2f, 1, 1, 2, 6, 5, 5, 6, 10, 9, 9, 10], dst);
        RandomShift.Shift(src, dst, g, 0, dy: 0, dx: 1, FillMode.Wrap, fill: 0);
        Assert.Equal([4f, 1, 2, 3, 8, 5, 6, 7, 12, 9, 10, 11], dst);
        // Keras's modes on a row a b c d: reflect d c b a | a b c d | d c b a; wrap a b c d | a b c d | a b c d.
        Assert.Equal([1, 0, 0, 1, 2, 3, 3, 2], Enumerable.Range(-2, 8).Select(i => ImageGeometry.MapIndex(i, 4, FillMode.Reflect)));
        Assert.Equal([2, 3, 0, 1, 2, 3, 0, 1], Enumerable.Range(-2, 8).Select(i => ImageGeometry.MapIndex(i, 4, FillMode.Wrap)));
    }

    [Fact]
    public void RandomShiftStaysWithinItsFactor()
    {
        // A single bright pixel at (4, 4) of 9 × 9 images; factor 0.25 → |shift| ≤ round(0.25·9) = 2.
        var v = new float[200 * 81];
        for (int i = 0; i < 200; i++) v[i * 81 + 40] = 1;
        var x = Tensor.FromArray(v, [200, 9, 9, 1]);
        var y = At(new RandomShift(0.25, 0.25, FillMode.Constant, generator: new Generator(3)).Apply(x));
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < 200; i++)
        {
            var img = y.AsSpan(i * 81, 81);
            int at = img.IndexOf(1f);
            Assert.True(at >= 0);
            Assert.Equal(1f, img.ToArray().Sum());
            int dy = at / 9 - 4, dx = at % 9 - 4;
            Assert.InRange(dy, -2, 2);
            Assert.InRange(dx, -2, 2);
            seen.Add((dy, dx));
        }
        Assert.True(seen.Count >= 20, $"only {seen.Count} of 25 shifts drawn");
    }

    [Fact]
    public void CropWithPaddingTakesOneWindowOfThePaddedImage()
    {
        const int n = 50, h = 5, w = 6, p = 2;
        var x = Distinct(n, h, w, 1);
        var v = At(x);
        var crop = new RandomCrop(h, w, padding: p, generator: new Generator(8));
        var y = crop.Apply(x);
        Assert.Equal(x.Shape, y.Shape);
        var o = At(y);
        var offsets = new HashSet<(int, int)>();
        for (int i = 0; i < n; i++)
        {
            // The top-left output pixel determines the offset when it is inside; search all offsets for a match.
            var match = Enumerable.Range(0, 2 * p + 1).SelectMany(oy => Enumerable.Range(0, 2 * p + 1).Select(ox => (oy, ox)))
                .Where(off => Enumerable.Range(0, h * w).All(q =>
                {
                    int sy = q / w + off.oy - p, sx = q % w + off.ox - p;
                    float expected = sy >= 0 && sy < h && sx >= 0 && sx < w ? v[i * h * w + sy * w + sx] : 0;
                    return o[i * h * w + q] == expected;
                })).ToList();
            Assert.Single(match);
            offsets.Add(match[0]);
        }
        Assert.True(offsets.Count >= 15, $"only {offsets.Count} of 25 offsets drawn");
        var small = new RandomCrop(3, 2, generator: new Generator(1)).Apply(x);
        Assert.Equal(new Shape(n, 3, 2, 1), small.Shape);
        Assert.Throws<ArgumentException>(() => new RandomCrop(9, 2).Apply(x));
    }

    [Fact]
    public void RotationByRightAnglesIsExactAndCounterClockwise()
    {
        var g = new ImageGeometry(1, 3, 3, 1);
        float[] src = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var dst = new float[9];
        // numpy: np.rot90([[1,2,3],[4,5,6],[7,8,9]]) (counter-clockwise) = [[3,6,9],[2,5,8],[1,4,7]].
        RandomRotation.Rotate(src, dst, g, 0, Math.PI / 2, FillMode.Constant, 0);
        Assert.Equal([3f, 6, 9, 2, 5, 8, 1, 4, 7], dst);
        RandomRotation.Rotate(src, dst, g, 0, Math.PI, FillMode.Constant, 0);
        Assert.Equal([9f, 8, 7, 6, 5, 4, 3, 2, 1], dst);
        RandomRotation.Rotate(src, dst, g, 0, 0, FillMode.Constant, 0);
        Assert.Equal(src, dst);
        // 45° on a 3 × 3 image: the centre stays; the corner (0, 0) samples the input at (−0.414, 1) (bilinear on the
        // top edge between (−1, 1) filled with 0 and (0, 1) = 2): 2·(1 − 0.414) = 1.1716.
        RandomRotation.Rotate(src, dst, g, 0, Math.PI / 4, FillMode.Constant, 0);
        Assert.Equal(5f, dst[4], 5);
        Assert.Equal((float)(2 * (2 - Math.Sqrt(2))), dst[0], 5);
    }

    [Fact]
    public void RandomRotationKeepsShapeAndRange()
    {
        var x = Tensor.RandomUniform([16, 10, 12, 3], generator: new Generator(4));
        var rot = new RandomRotation(15, FillMode.Constant, generator: new Generator(1));
        var y = rot.Apply(x);
        Assert.Equal(x.Shape, y.Shape);
        Assert.All(At(y), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(At(y), At(new RandomRotation(15, FillMode.Constant, generator: new Generator(1)).Apply(x)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomRotation(200));
    }

    [Fact]
    public void BrightnessAddsOneOffsetPerImageAndClips()
    {
        var x = Tensor.Full([100, 2, 2, 1], 0.5);
        var y = At(new RandomBrightness(0.2, generator: new Generator(2)).Apply(x));
        var deltas = new List<float>();
        for (int i = 0; i < 100; i++)
        {
            var img = y.AsSpan(i * 4, 4).ToArray();
            Assert.All(img, v => Assert.Equal(img[0], v));
            Assert.InRange(img[0] - 0.5f, -0.2f - 1e-6f, 0.2f + 1e-6f);
            deltas.Add(img[0] - 0.5f);
        }
        Assert.True(deltas.Min() < -0.1f && deltas.Max() > 0.1f);
        var bright = At(new RandomBrightness(1, generator: new Generator(2)).Apply(Tensor.Full([50, 1, 1, 1], 0.9)));
        Assert.All(bright, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(bright, v => v == 1f);
    }

    [Fact]
    public void ContrastScalesDeviationsFromEachChannelMean()
    {
        // Channel 0 holds 0.4, 0.6 (mean 0.5), channel 1 holds 0.2, 0.2 (mean 0.2): out = (x − m)·f + m.
        var x = Tensor.FromArray(new float[] { 0.4f, 0.2f, 0.6f, 0.2f }, [1, 1, 2, 2]);
        var y = At(new RandomContrast(0.5, generator: new Generator(7)).Apply(x));
        float f = (y[2] - 0.5f) / 0.1f;
        Assert.InRange(f, 0.5f, 1.5f);
        Assert.Equal(0.5f - 0.1f * f, y[0], 5);
        Assert.Equal(0.2f, y[1], 6);
        Assert.Equal(0.2f, y[3], 6);
    }

    [Fact]
    public void NoiseHasTheRequestedDeviation()
    {
        var x = Tensor.Full([64, 28, 28, 1], 0.5);
        var y = At(new RandomGaussianNoise(0.1, float.NegativeInfinity, float.PositiveInfinity, new Generator(3)).Apply(x));
        double mean = y.Average(v => v - 0.5);
        double std = Math.Sqrt(y.Average(v => (v - 0.5 - mean) * (v - 0.5 - mean)));
        // 50,176 draws: the mean's standard error is 0.1/√50176 ≈ 4.5e-4, the deviation's ≈ 3.2e-4.
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(std, 0.0985, 0.1015);
        var clipped = At(new RandomGaussianNoise(0.5, generator: new Generator(3)).Apply(x));
        Assert.All(clipped, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void TransformAugmentsOnlyTheChosenInputAndKeepsTheDType()
    {
        var images = Tensor.RandomUniform([4, 3, 3, 1], dtype: DType.Float64, generator: new Generator(1));
        var labels = Tensor.Arange(4, DType.Int32);
        var batch = new Batch([images, images], [labels]);
        var result = new RandomFlip(probability: 1).AsTransform(1)(batch);
        Assert.Same(images, result.Inputs[0]);
        Assert.Same(labels, result.Targets[0]);
        Assert.Equal(DType.Float64, result.Inputs[1].DType);
        Assert.NotEqual(images.ToArray<double>(), result.Inputs[1].ToArray<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFlip().AsTransform(2)(batch));
        Assert.Throws<ArgumentException>(() => new RandomFlip().Apply(Tensor.Zeros([3, 3, 1])));
        Assert.Throws<ArgumentException>(() => new RandomFlip().Apply(Tensor.Zeros([1, 3, 3, 1], DType.Int32)));
        Assert.Throws<ArgumentException>(() => ImageAugmentation.Compose());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomShift(1.5, 0));
    }
}
