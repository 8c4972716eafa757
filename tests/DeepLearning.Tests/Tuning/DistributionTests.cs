using DeepLearning.Tuning;

namespace DeepLearning.Tests.Tuning;

public class DistributionTests
{
    [Theory]
    // LogUniform(1e-4, 1): 10^(−4 + 4u) — the exponent is linear in u (hand derivation).
    [InlineData(0.0, 1e-4)]
    [InlineData(0.25, 1e-3)]
    [InlineData(0.5, 1e-2)]
    [InlineData(0.75, 1e-1)]
    [InlineData(1.0, 1.0)]
    public void LogUniformQuantileIsTenToALinearExponent(double u, double expected)
    {
        var d = Distribution.LogUniform(1e-4, 1);
        Assert.Equal(expected, (double)d.Quantile(u), expected * 1e-12);
    }

    [Fact]
    public void SeedsItem15ExponentOfLogUniformSamplesIsUniformOnMinusFourToZero()
    {
        // Ng (S1): r = −4·rand(); α = 10^r. With LogUniform(1e-4, 1), log10 of the samples must be uniform on [−4, 0].
        const int n = 4000;
        var samples = new SearchSpace().LogUniform("learning_rate", 1e-4, 1).Sample(n, seed: 15);
        var r = samples.Select(s => Math.Log10(s.GetDouble("learning_rate"))).Order().ToArray();
        Assert.True(r[0] >= -4 - 1e-12 && r[^1] <= 1e-12, $"exponents in [{r[0]}, {r[^1]}]");
        // Each decade gets a quarter: binomial sd √(n·¼·¾) ≈ 27, so ±110 is 4 sd.
        for (int decade = -4; decade < 0; decade++)
        {
            int count = r.Count(v => v >= decade && v < decade + 1);
            Assert.InRange(count, n / 4 - 110, n / 4 + 110);
        }
        // Kolmogorov–Smirnov distance to U(−4, 0) below the 1 % critical value 1.63/√n ≈ 0.0258.
        double ks = 0;
        for (int i = 0; i < n; i++)
        {
            double cdf = (r[i] + 4) / 4;
            ks = Math.Max(ks, Math.Max(Math.Abs(cdf - (double)i / n), Math.Abs(cdf - (double)(i + 1) / n)));
        }
        Assert.True(ks < 0.0258, $"KS distance {ks}");
        Assert.Equal(-2.0, r.Average(), 0.07);   // sd of the mean: (4/√12)/√n ≈ 0.018
    }

    [Fact]
    public void OneMinusLogUniformConcentratesNearOne()
    {
        // β ∈ [0.9, 0.999]: 1 − β = 10^(−1 − 2u) (Ng: r ∈ [−3, −1], β = 1 − 10^r). Quantiles by hand:
        var d = Distribution.OneMinusLogUniform(0.9, 0.999);
        Assert.Equal(0.9, (double)d.Quantile(0), 1e-15);
        Assert.Equal(0.99, (double)d.Quantile(0.5), 1e-15);
        Assert.Equal(0.999, (double)d.Quantile(1), 1e-15);
        Assert.Equal(1 - Math.Pow(10, -1.5), (double)d.Quantile(0.25), 1e-15);

        var betas = new SearchSpace().Add("beta", d).Sample(2000, seed: 7).Select(s => s.GetDouble("beta")).ToArray();
        Assert.All(betas, b => Assert.InRange(b, 0.9, 0.999));
        // Half of the samples fall in [0.99, 0.999], which holds only 9 % of the interval (uniform sampling would put
        // 0.009/0.099 ≈ 9 % there): binomial sd √(2000/4) ≈ 22 → ±0.05 is 4.5 sd.
        double aboveNinetyNine = betas.Count(b => b >= 0.99) / (double)betas.Length;
        Assert.Equal(0.5, aboveNinetyNine, 0.05);
        // log10(1 − β) is uniform on [−3, −1]: mean −2.
        Assert.Equal(-2.0, betas.Average(b => Math.Log10(1 - b)), 0.06);
    }

    [Fact]
    public void UniformIntRangeAndChoiceQuantiles()
    {
        var uniform = Distribution.Uniform(-2, 6);
        Assert.Equal(-2.0, uniform.Quantile(0));
        Assert.Equal(0.0, uniform.Quantile(0.25));
        Assert.Equal(6.0, uniform.Quantile(1));

        // IntRange(1, 100, 10): 1, 11, …, 91 (10 values, 100 is not reached); quantile min + step·min(⌊10u⌋, 9).
        var ints = Distribution.IntRange(1, 100, 10);
        Assert.Equal([1, 11, 21, 31, 41, 51, 61, 71, 81, 91], ints.GridValues!.Cast<int>());
        Assert.Equal(1, ints.Quantile(0.0999));
        Assert.Equal(11, ints.Quantile(0.1));
        Assert.Equal(91, ints.Quantile(1));
        Assert.IsType<int>(ints.Quantile(0.5));
        // IntRange's max is inclusive (Keras Tuner's hp.Int).
        Assert.Equal([0, 1, 2, 3], Distribution.IntRange(0, 3).GridValues!.Cast<int>());

        var choice = Distribution.Choice("relu", "tanh");
        Assert.Equal("relu", choice.Quantile(0.4999));
        Assert.Equal("tanh", choice.Quantile(0.5));
        Assert.Equal("tanh", choice.Quantile(1));
        Assert.Equal(42, Distribution.Fixed(42).Quantile(0.3));
        // Overloads: an int[] is its values, a lone string is one value (not its characters).
        Assert.Equal([1, 2, 3], Distribution.Choice(new[] { 1, 2, 3 }).Values.Cast<int>());
        Assert.Equal(["relu"], Distribution.Choice("relu").Values.Cast<string>());
        Assert.Equal(["relu", "elu"], Distribution.Choice(new[] { "relu", "elu" }).Values.Cast<string>());
        Assert.Equal(3, new SearchSpace().Choice("units", new List<int> { 8, 16, 32 }).GridSize);
        Assert.Equal(1, new SearchSpace().Choice("activation", "relu").GridSize);
        Assert.Equal([1, "relu", true], Distribution.Choice<object>(1, "relu", true).Values);
        Assert.False(uniform.IsDiscrete);
        Assert.True(choice.IsDiscrete);
    }

    [Fact]
    public void IntRangeSamplesEveryValueEquallyOften()
    {
        var counts = new int[4];
        foreach (var s in new SearchSpace().IntRange("n_hidden", 0, 3).Sample(4000, seed: 3)) counts[s.GetInt("n_hidden")]++;
        Assert.All(counts, c => Assert.InRange(c, 1000 - 110, 1000 + 110));
    }

    [Fact]
    public void DiscretizeTakesEquallySpacedQuantilesIncludingTheBounds()
    {
        var grid = Distribution.LogUniform(1e-4, 1).Discretize(5).Values.Cast<double>().ToArray();
        double[] expected = [1e-4, 1e-3, 1e-2, 1e-1, 1];
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], grid[i], expected[i] * 1e-12);
        Assert.Equal([0.0, 0.5, 1.0], Distribution.Uniform(0, 1).Discretize(3).Values.Cast<double>());
        var betas = Distribution.OneMinusLogUniform(0.9, 0.999).Discretize(3).Values.Cast<double>().ToArray();
        Assert.Equal(0.9, betas[0], 1e-15);
        Assert.Equal(0.99, betas[1], 1e-15);
        Assert.Equal(0.999, betas[2], 1e-15);
    }

    [Fact]
    public void BadBoundsRaiseClearErrors()
    {
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.LogUniform(0, 1)).Message);
        Assert.Contains("LogUniform", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.LogUniform(-1e-3, 1)).Message);
        Assert.Contains("min < max", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.LogUniform(1e-2, 1e-2)).Message);
        Assert.Contains("min < max", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Uniform(2, 1)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Uniform(0, double.PositiveInfinity)).Message);
        Assert.Contains("IntRange", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.IntRange(3, 3)).Message);
        Assert.Contains("step", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.IntRange(0, 3, 0)).Message);
        Assert.Contains("< 1", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.OneMinusLogUniform(0.9, 1.0)).Message);
        Assert.Contains("0 ≤ min", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.OneMinusLogUniform(-0.1, 0.5)).Message);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => Distribution.Choice<int>()).Message);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => Distribution.Choice<object>(1, null!)).Message);
        Assert.Throws<ArgumentNullException>(() => Distribution.Fixed(null!));
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Uniform(0, 1).Quantile(1.5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Uniform(0, 1).Quantile(double.NaN));
        Assert.Contains("at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Uniform(0, 1).Discretize(1)).Message);
    }
}
