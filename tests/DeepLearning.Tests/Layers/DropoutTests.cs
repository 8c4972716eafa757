using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void EveryRandomLayerGoesThroughTheHarness()
    {
        // Training: random, so shape and counts only; inference: the identity, GradCheck included.
        Func<Layer>[] makes =
        [
            () => new Dropout(0.3), () => new AlphaDropout(0.2), () => new GaussianNoise(0.5), () => new GaussianDropout(0.3),
        ];
        foreach (var make in makes)
        {
            LayerHarness.Check(make, [4, 5], [4, 5], 0, training: true, gradCheck: false);
            LayerHarness.Check(make, [4, 5], [4, 5], 0);
        }
        LayerHarness.Check(() => new SpatialDropout1D(0.5), [2, 3, 4], [2, 3, 4], 0, training: true, gradCheck: false);
        LayerHarness.Check(() => new SpatialDropout1D(0.5), [2, 3, 4], [2, 3, 4], 0);
        LayerHarness.Check(() => new SpatialDropout2D(0.5), [2, 3, 3, 4], [2, 3, 3, 4], 0, training: true, gradCheck: false);
        LayerHarness.Check(() => new SpatialDropout2D(0.5), [2, 3, 3, 4], [2, 3, 3, 4], 0);
    }

    [Fact]
    public void InvertedDropoutKeepsTheExpectation()
    {
        // SEEDS.md §4 item 24: E[inverted dropout(x)] = x. Each output is x/keep with probability keep, else 0, so
        // Var(y) = x²·(1 − keep)/keep; the mean of a column of n draws has σ = x·√(rate/(keep·n)). With n = 2000 and
        // rate 0.2 that is 0.0112·x; every one of the 50 column means must lie within 5σ (a false alarm has
        // probability < 50 · 5.8e-7 ≈ 3e-5, and the generator is seeded). The same for the notes' keep_prob 0.5 (S2).
        const int n = 2000, f = 50;
        var x = Tensor.Linspace(0.5, 2, f).Reshape(1, f).Expand([n, f]).Contiguous();
        foreach (double rate in new[] { 0.2, 0.5 })
        {
            double keep = 1 - rate;
            var y = new Dropout(rate, seed: 17).Call(x, training: true);
            var means = y.Mean(0).ToArray<float>();
            var xs = x.Select(0, 0).ToArray<float>();
            for (int j = 0; j < f; j++)
            {
                double sigma = xs[j] * Math.Sqrt(rate / (keep * n));
                Assert.True(Math.Abs(means[j] - xs[j]) <= 5 * sigma, $"rate {rate}, column {j}: mean {means[j]} vs x {xs[j]} (5σ = {5 * sigma})");
            }
            // The grand mean over all n·f values: σ² = Σx²·(rate/keep)/N².
            double sumSq = xs.Sum(v => (double)v * v) * n, total = (double)n * f;
            double grandSigma = Math.Sqrt(sumSq * rate / keep) / total;
            Assert.True(Math.Abs(y.Mean().Item() - x.Mean().Item()) <= 5 * grandSigma);
        }
    }

    [Fact]
    public void KeptUnitsAreScaledByExactlyOneOverKeep()
    {
        // rate 0.2: 1/0.8 = 1.25 and rate 0.5: 2 are exact in binary, so a kept unit is exactly 1.25·x or 2·x. For rate
        // 0.3 a kept unit is x·fl(1/0.7) in float32 (the mask holds the rounded scale, as PyTorch's x·mask·scale).
        var x = Tensor.RandomNormal([400, 25], 0, 1, generator: new Generator(5));
        var xs = x.ToArray<float>();
        foreach (double rate in new[] { 0.2, 0.5, 0.3 })
        {
            float scale = (float)(1 / (1 - rate));
            var ys = new Dropout(rate, seed: 3).Call(x, training: true).ToArray<float>();
            int kept = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                if (ys[i] == 0 && xs[i] != 0) continue;
                kept++;
                Assert.Equal(xs[i] * scale, ys[i]);
            }
            // The kept fraction is Binomial(N, 1 − rate)/N: within 5·√(rate(1 − rate)/N) of 1 − rate.
            double frac = (double)kept / xs.Length;
            Assert.True(Math.Abs(frac - (1 - rate)) <= 5 * Math.Sqrt(rate * (1 - rate) / xs.Length), $"rate {rate}: kept {frac}");
        }
    }

    [Fact]
    public void InferenceIsTheIdentity()
    {
        var x = Tensor.RandomNormal([3, 4], generator: new Generator(1));
        Layer[] layers = [new Dropout(0.5), new SpatialDropout1D(0.5), new AlphaDropout(0.5), new GaussianNoise(1), new GaussianDropout(0.5)];
        foreach (var layer in layers)
        {
            var input = layer is SpatialDropout1D ? x.Reshape(1, 3, 4) : x;
            Assert.Same(input, layer.Call(input));
            Assert.Same(input, layer.Call(input, training: false));
        }
        // rate 0 is the identity in training too.
        Assert.Same(x, new Dropout(0).Call(x, training: true));
    }

    [Fact]
    public void ASeedFixesTheSequenceOfMasks()
    {
        var x = Tensor.Ones([8, 16]);
        var a = new Dropout(0.5, seed: 42);
        var b = new Dropout(0.5, seed: 42);
        var a1 = a.Call(x, training: true).ToArray<float>();
        var a2 = a.Call(x, training: true).ToArray<float>();
        Assert.Equal(a1, b.Call(x, training: true).ToArray<float>());
        Assert.Equal(a2, b.Call(x, training: true).ToArray<float>());
        Assert.NotEqual(a1, a2);
        Assert.NotEqual(a1, new Dropout(0.5, seed: 43).Call(x, training: true).ToArray<float>());
    }

    [Fact]
    public void ANoiseShapeSharesTheMaskAlongItsUnitAxes()
    {
        // noise_shape (batch, 1, features): one mask per sequence, the same at every time step (Keras's example).
        var x = Tensor.Ones([4, 6, 5]);
        var y = new Dropout(0.5, noiseShape: [-1, 1, 5], seed: 1).Call(x, training: true);
        var first = y.Select(1, 0).Unsqueeze(1);
        TestHelpers.AssertClose(first.Expand([4, 6, 5]).Contiguous(), y, 0, 0);
        Assert.Contains(0f, y.ToArray<float>());
        Assert.Contains(2f, y.ToArray<float>());
        var e = Assert.Throws<ArgumentException>(() => new Dropout(0.5, noiseShape: [4, 2, 5], name: "probe_noise").Call(x, training: true));
        Assert.Contains("probe_noise", e.Message);
        Assert.Contains("(4, 6, 5)", e.Message);
    }

    [Fact]
    public void SpatialDropoutDropsWholeFeatureMaps()
    {
        // NHWC: the mask is (batch, 1, 1, channels); a channel of a sample is 0 or 2·x at every pixel.
        var x = Tensor.RandomUniform([3, 4, 5, 8], 1, 2, generator: new Generator(9));
        var y = new SpatialDropout2D(0.5, seed: 2).Call(x, training: true);
        var ratio = (y / x).ToArray<float>();
        int dropped = 0;
        for (int b = 0; b < 3; b++)
            for (int c = 0; c < 8; c++)
            {
                var values = Enumerable.Range(0, 20).Select(p => ratio[((b * 20) + p) * 8 + c]).Distinct().ToArray();
                Assert.Single(values);
                Assert.True(values[0] is 0f or 2f);
                if (values[0] == 0) dropped++;
            }
        Assert.InRange(dropped, 1, 23);
        // 1-D: (batch, steps, channels) with the mask (batch, 1, channels).
        var s = Tensor.Ones([2, 7, 6]);
        var ys = new SpatialDropout1D(0.5, seed: 4).Call(s, training: true);
        TestHelpers.AssertClose(ys.Select(1, 0).Unsqueeze(1).Expand([2, 7, 6]).Contiguous(), ys, 0, 0);
    }

    [Fact]
    public void AlphaDropoutUsesKerasCoefficientsAndKeepsMeanAndVariance()
    {
        // Keras alpha_dropout.py, computed by:
        //   alpha = 1.6732632423543772848170429916717; scale = 1.0507009873554804934193349852946; ap = -alpha*scale
        //   A = ((1 - rate) * (1 + rate * ap**2)) ** -0.5; B = -A * ap * rate
        // rate 0.1: A = 0.9212845161497115, B = 0.16197097005757022, ap = -1.7580993408473766
        // rate 0.5: A = 0.886404894665932, B = 0.7791939305180317, dropped value A·ap + B = -0.7791939305180317
        var (a, b, ap) = AlphaDropout.Coefficients(0.1);
        Assert.Equal(0.9212845161497115, a, 14);
        Assert.Equal(0.16197097005757022, b, 14);
        Assert.Equal(-1.7580993408473766, ap, 14);
        (a, b, _) = AlphaDropout.Coefficients(0.5);
        Assert.Equal(0.886404894665932, a, 14);
        Assert.Equal(0.7791939305180317, b, 14);

        // Every output is a·x + b (kept) or a·α' + b (dropped).
        var x = Tensor.RandomNormal([200, 50], 0, 1, DType.Float64, new Generator(8));
        var y = new AlphaDropout(0.5, seed: 5).Call(x, training: true);
        var xs = x.ToArray<double>();
        var ys = y.ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
            Assert.True(Math.Abs(ys[i] - (a * xs[i] + b)) < 1e-12 || Math.Abs(ys[i] - (-0.7791939305180317)) < 1e-12, $"element {i}: {ys[i]}");

        // On standardised inputs the output keeps mean 0 and variance 1 (the SELU fixed point). N = 10⁴ values:
        // σ(mean) ≈ 1/√N = 0.01, σ(variance) ≈ √(2/N) ≈ 0.014 for a Gaussian (larger here: the output is a mixture),
        // so the tolerances are 0.05 and 0.1.
        Assert.InRange(y.Mean().Item<double>(), -0.05, 0.05);
        Assert.InRange(y.Var().Item<double>(), 0.9, 1.1);
    }

    [Fact]
    public void GaussianLayersHaveTheirMeanAndSpread()
    {
        // GaussianNoise(0.5): y − x ~ N(0, 0.25); GaussianDropout(0.2): y/x ~ N(1, 0.2/0.8 = 0.25). N = 4·10⁴:
        // σ(mean) = 0.5/200 = 0.0025 and σ(std) ≈ 0.5/√(2N) ≈ 0.0018; tolerances are 5σ.
        var x = Tensor.RandomUniform([200, 200], 1, 2, DType.Float64, new Generator(4));
        var noise = new GaussianNoise(0.5, seed: 1).Call(x, training: true) - x;
        Assert.InRange(noise.Mean().Item<double>(), -0.0125, 0.0125);
        Assert.InRange(noise.Std().Item<double>(), 0.491, 0.509);
        var factor = new GaussianDropout(0.2, seed: 1).Call(x, training: true) / x;
        Assert.InRange(factor.Mean().Item<double>(), 1 - 0.0125, 1 + 0.0125);
        Assert.InRange(factor.Std().Item<double>(), 0.491, 0.509);
    }

    [Fact]
    public void MasksPassThroughTheRandomLayers()
    {
        var x = Tensor.Ones([2, 3, 4]);
        var mask = Tensor.FromArray(new float[,] { { 1, 1, 0 }, { 1, 0, 0 } });
        foreach (var layer in new Layer[] { new Dropout(0.5), new SpatialDropout1D(0.5), new AlphaDropout(0.5), new GaussianNoise(0.1), new GaussianDropout(0.1) })
            Assert.Same(mask, layer.Call(x, training: true, mask: mask).Mask);
    }

    [Fact]
    public void BadArgumentsAndInputsNameTheLayer()
    {
        foreach (double rate in new[] { -0.1, 1.0, 1.5, double.NaN })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(rate));
            Assert.Contains("Dropout", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new SpatialDropout2D(rate));
            Assert.Throws<ArgumentOutOfRangeException>(() => new AlphaDropout(rate));
            Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianDropout(rate));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(0.5, noiseShape: [0, 1]));
        var rank = Assert.Throws<ArgumentException>(() => new SpatialDropout2D(0.5, name: "probe_sd2").Call(Tensor.Ones([2, 3, 4]), training: true));
        Assert.Contains("probe_sd2", rank.Message);
        Assert.Contains("(None, 3, 4)", rank.Message);
        Assert.Throws<ArgumentException>(() => new SpatialDropout1D(0.5).Call(Tensor.Ones([2, 3])));
        var ints = Assert.Throws<ArgumentException>(() => new Dropout(0.5, name: "probe_int").Call(Tensor.Zeros([2, 2], DType.Int32), training: true));
        Assert.Contains("probe_int", ints.Message);
    }
}

[Collection(GlobalGeneratorCollection.Name)]
public class DropoutGlobalSeedTests
{
    [Fact]
    public void WithoutASeedTheGlobalSeedMakesDropoutReproducible()
    {
        var x = Tensor.Ones([8, 16]);
        var layer = new Dropout(0.5);
        Generator.Seed(2024);
        var a = layer.Call(x, training: true).ToArray<float>();
        Generator.Seed(2024);
        var b = new Dropout(0.5).Call(x, training: true).ToArray<float>();
        Assert.Equal(a, b);
    }
}
