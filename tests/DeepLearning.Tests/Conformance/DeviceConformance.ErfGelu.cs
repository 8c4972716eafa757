namespace DeepLearning.Tests.Conformance;

/// <summary>
/// Erf and GELU against references that share no code with the library: Abramowitz and Stegun's Table 7.1 and
/// the Maclaurin series erf x = 2/√π Σₙ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)) summed in float64 here, with GELU's exact
/// definition x·Φ(x), Φ(x) = (1 + erf(x/√2))/2, and its derivative Φ(x) + x·φ(x) (Hendrycks and Gimpel, 2016).
/// </summary>
public abstract partial class DeviceConformance
{
    /// <summary>erf x to ten decimals, from M. Abramowitz and I. A. Stegun, Handbook of Mathematical Functions (1964),
    /// Table 7.1.</summary>
    [Theory]
    [InlineData(0.1, 0.1124629160)]
    [InlineData(0.2, 0.2227025892)]
    [InlineData(0.3, 0.3286267595)]
    [InlineData(0.4, 0.4283923550)]
    [InlineData(0.5, 0.5204998778)]
    [InlineData(0.6, 0.6038560908)]
    [InlineData(0.7, 0.6778011938)]
    [InlineData(0.8, 0.7421009647)]
    [InlineData(0.9, 0.7969082124)]
    [InlineData(1.0, 0.8427007929)]
    [InlineData(1.5, 0.9661051465)]
    [InlineData(2.0, 0.9953222650)]
    public void ErfMatchesAbramowitzAndStegunTable71(double x, double erf)
    {
        var got = Tensor.FromArray([x, -x], [2], Device).Erf().ToArray<double>();
        Assert.Equal(erf, got[0], 5e-11);
        Assert.Equal(-erf, got[1], 5e-11);
        var single = Tensor.FromArray([(float)x], [1], Device).Erf().ToArray<float>();
        Assert.Equal(erf, single[0], 2e-7);
    }

    [Fact]
    public void ErfMatchesItsMaclaurinSeriesAndSaturates()
    {
        var xs = Grid(-4, 4, 0.0625).Concat([1e-9, -3e-7, 6, -6, 10, -27]).ToArray();
        var got = Tensor.FromArray(xs, [xs.Length], Device).Erf().ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
        {
            double expected = Math.Abs(xs[i]) >= 6 ? Math.Sign(xs[i]) : SeriesErf(xs[i]);
            Assert.True(Math.Abs(got[i] - expected) <= 1e-11 + 1e-14 * Math.Abs(expected),
                $"erf({xs[i]}) = {got[i]:R}, series {expected:R}");
        }
    }

    [Fact]
    public void GeluMatchesItsExactDefinitionAndTheTanhApproximationItsFormula()
    {
        var xs = Grid(-4, 4, 0.125).ToArray();
        var exact = Tensor.FromArray(xs, [xs.Length], Device).Gelu().ToArray<double>();
        var tanh = Tensor.FromArray(xs, [xs.Length], Device).Gelu(approximate: true).ToArray<double>();
        var single = Tensor.FromArray(xs.Select(v => (float)v).ToArray(), [xs.Length], Device).Gelu().ToArray<float>();
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i], gelu = x * Phi(x);
            Assert.True(Math.Abs(exact[i] - gelu) <= 1e-11, $"gelu({x}) = {exact[i]:R}, exact {gelu:R}");
            Assert.True(Math.Abs(single[i] - gelu) <= 1e-6 * Math.Max(1, Math.Abs(gelu)), $"float32 gelu({x}) = {single[i]:R}, exact {gelu:R}");
            double approx = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            Assert.Equal(approx, tanh[i], 1e-13);
            // The approximation stays within 1e-3 of the exact curve on this range (the paper's claim of closeness).
            Assert.True(Math.Abs(approx - gelu) < 1e-3);
        }
    }

    [Fact]
    public void GeluGradientIsPhiPlusXTimesTheNormalDensity()
    {
        var xs = Grid(-4, 4, 0.25).ToArray();
        var x = Tensor.FromArray(xs, [xs.Length], Device);
        x.RequiresGrad = true;
        x.Gelu().Sum().Backward();
        var grad = x.Grad!.ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
        {
            double v = xs[i], expected = Phi(v) + v * Math.Exp(-v * v / 2) / Math.Sqrt(2 * Math.PI);
            Assert.True(Math.Abs(grad[i] - expected) <= 1e-11, $"gelu'({v}) = {grad[i]:R}, exact {expected:R}");
        }
    }

    private static IEnumerable<double> Grid(double from, double to, double step)
    {
        for (double v = from; v <= to + step / 2; v += step) yield return v;
    }

    /// <summary>Φ(x) = (1 + erf(x/√2))/2 with the series erf.</summary>
    private static double Phi(double x) => 0.5 * (1 + SeriesErf(x / Math.Sqrt(2)));

    /// <summary>The Maclaurin series of erf summed until the terms no longer change the sum; for |x| ≤ 4 the
    /// cancellation costs at most about 1e-11 absolute in float64.</summary>
    private static double SeriesErf(double x)
    {
        double sum = 0, power = x;
        for (int n = 0; n < 200; n++)
        {
            double term = power / (2 * n + 1);
            sum += term;
            if (n > 3 && Math.Abs(term) < 1e-18 * Math.Abs(sum)) break;
            power *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
