using DeepLearning.Schedules;

namespace DeepLearning.Tests.Schedules;

/// <summary>SEEDS §4 item 15 (Ng, course notes S1): <c>r = -4 * np.random.rand(); alpha = 10**r</c> samples the
/// learning rate on a log scale between 10⁻⁴ and 10⁰.</summary>
public class LogUniformTests
{
    [Fact]
    public void SamplesAreTenToAUniformExponent()
    {
        var samples = LogUniform.Sample(4000, 1e-4, 1, new Generator(7));
        // The same uniforms: 10^(−4 + 4u) (= 10^r with r = −4·(1 − u), Ng's form).
        var u = Tensor.RandomUniform([4000], 0, 1, DType.Float64, new Generator(7)).ToArray<double>();
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.InRange(samples[i], 1e-4, 1.0);
            Assert.Equal(Math.Pow(10, -4 + 4 * u[i]), samples[i], 1e-12);
        }
        // Each decade holds about a quarter of the samples (binomial sd ≈ 0.007).
        for (int d = -4; d < 0; d++)
        {
            double fraction = samples.Count(x => x >= Math.Pow(10, d) && x < Math.Pow(10, d + 1)) / 4000.0;
            Assert.InRange(fraction, 0.22, 0.28);
        }
    }

    [Fact]
    public void SameSeedSameSamplesAndBadRangesThrow()
    {
        Assert.Equal(LogUniform.Sample(1e-5, 1e-1, new Generator(3)), LogUniform.Sample(1e-5, 1e-1, new Generator(3)));
        Assert.Equal(0.01, LogUniform.Sample(0.01, 0.01), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogUniform.Sample(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogUniform.Sample(1, 0.1));
        Assert.Empty(LogUniform.Sample(0, 1e-4, 1));
    }
}
