namespace DeepLearning.Schedules;

/// <summary>
/// Log-scale sampling of a hyperparameter such as the learning rate (Ng, course notes S1: <c>r = -4 *
/// np.random.rand(); alpha = 10**r</c> gives values from 10⁻⁴ to 10⁰, each decade equally likely).
/// </summary>
public static class LogUniform
{
    /// <summary>One value 10^(log₁₀ low + u·(log₁₀ high − log₁₀ low)), u uniform in [0, 1) drawn from
    /// <paramref name="generator"/> (default <see cref="Generator.Default"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">low is not &gt; 0, or high is not ≥ low, or either is not finite.</exception>
    public static double Sample(double low, double high, Generator? generator = null) => Sample(1, low, high, generator)[0];

    /// <summary><paramref name="count"/> values as in <see cref="Sample(double, double, Generator?)"/>, drawn together.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative, low is not &gt; 0, high is not ≥ low, or either is not finite.</exception>
    public static double[] Sample(int count, double low, double high, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(low > 0) || !(high >= low) || !double.IsFinite(high))
            throw new ArgumentOutOfRangeException(nameof(low), $"LogUniform: need 0 < low ≤ high, both finite; got low {low}, high {high}.");
        if (count == 0) return [];
        double a = Math.Log10(low), b = Math.Log10(high);
        using var scope = TensorScope.Begin();
        var u = Tensor.RandomUniform([count], 0, 1, DType.Float64, generator, Devices.Device.Cpu).ToArray<double>();
        for (int i = 0; i < count; i++) u[i] = Math.Pow(10, a + u[i] * (b - a));
        return u;
    }
}
