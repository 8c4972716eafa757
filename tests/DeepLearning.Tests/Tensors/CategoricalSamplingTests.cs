namespace DeepLearning.Tests.Tensors;

/// <summary>Tensor.RandomCategorical against the distribution softmax(logits / T), computed by hand.</summary>
public class CategoricalSamplingTests
{
    private const int Draws = 50_000;

    private static double[] Frequencies(Tensor drawn, int k)
    {
        var counts = new double[k];
        foreach (int i in drawn.ToArray<int>()) counts[i]++;
        return [.. counts.Select(c => c / drawn.Shape.ElementCount)];
    }

    // With n = 50,000 draws a frequency has standard deviation √(p(1 − p)/n) ≤ 0.00224; 5σ = 0.0112.
    private static void AssertFrequencies(double[] expected, double[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 0.0112, $"class {i}: frequency {actual[i]:F4}, expected {expected[i]:F4}");
    }

    [Fact]
    public void Temperature1_FollowsTheSoftmax()
    {
        // logits ln 0.1, ln 0.2, ln 0.3, ln 0.4: softmax gives back (0.1, 0.2, 0.3, 0.4).
        var logits = Tensor.FromArray(new[] { Math.Log(0.1), Math.Log(0.2), Math.Log(0.3), Math.Log(0.4) });
        var drawn = Tensor.RandomCategorical(logits, Draws, generator: new Generator(11));
        Assert.Equal(new Shape(Draws), drawn.Shape);
        Assert.Equal(DType.Int32, drawn.DType);
        AssertFrequencies([0.1, 0.2, 0.3, 0.4], Frequencies(drawn, 4));
    }

    [Fact]
    public void Temperature_SharpensAndFlattens()
    {
        // T = 0.5: p ∝ p_k² = (0.01, 0.04, 0.09, 0.16)/0.30. T = 2: p ∝ √p_k = (0.3162, 0.4472, 0.5477, 0.6325)/1.9436.
        var logits = Tensor.FromArray(new[] { Math.Log(0.1), Math.Log(0.2), Math.Log(0.3), Math.Log(0.4) }, new Shape(1, 4));
        var sharp = Tensor.RandomCategorical(logits, Draws, 0.5, new Generator(12));
        Assert.Equal(new Shape(1, Draws), sharp.Shape);
        AssertFrequencies([0.01 / 0.3, 0.04 / 0.3, 0.09 / 0.3, 0.16 / 0.3], Frequencies(sharp, 4));
        double z = Math.Sqrt(0.1) + Math.Sqrt(0.2) + Math.Sqrt(0.3) + Math.Sqrt(0.4);
        var flat = Tensor.RandomCategorical(logits, Draws, 2, new Generator(13));
        AssertFrequencies([Math.Sqrt(0.1) / z, Math.Sqrt(0.2) / z, Math.Sqrt(0.3) / z, Math.Sqrt(0.4) / z], Frequencies(flat, 4));
    }

    [Fact]
    public void Rows_AreIndependent_MinusInfinityIsNeverDrawn_AndZeroTemperatureIsArgmax()
    {
        // Row 0: (0, 0, −∞) → 1/2, 1/2, 0. Row 1: (ln 3, 0, 0) → 3/5, 1/5, 1/5.
        var logits = Tensor.FromArray(new float[] { 0, 0, float.NegativeInfinity, MathF.Log(3), 0, 0 }, new Shape(2, 3));
        var drawn = Tensor.RandomCategorical(logits, Draws, generator: new Generator(14));
        AssertFrequencies([0.5, 0.5, 0], Frequencies(drawn.Select(0, 0), 3));
        AssertFrequencies([0.6, 0.2, 0.2], Frequencies(drawn.Select(0, 1), 3));
        Assert.Equal([2, 0], Tensor.RandomCategorical(Tensor.FromArray(new float[] { 1, 2, 5, 9, 1, 1 }, new Shape(2, 3)), 1, 0).ToArray<int>());
    }

    [Fact]
    public void SameSeed_SameDraws()
    {
        var logits = Tensor.RandomNormal([3, 50], generator: new Generator(1));
        var a = Tensor.RandomCategorical(logits, 20, 0.8, new Generator(99)).ToArray<int>();
        var b = Tensor.RandomCategorical(logits, 20, 0.8, new Generator(99)).ToArray<int>();
        var c = Tensor.RandomCategorical(logits, 20, 0.8, new Generator(100)).ToArray<int>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void BadInputs_Throw()
    {
        Assert.Throws<ArgumentException>(() => Tensor.RandomCategorical(Tensor.Zeros([2, 2, 2])));
        Assert.Throws<ArgumentException>(() => Tensor.RandomCategorical(Tensor.FromArray(new[] { 1, 2 })));
        Assert.Throws<ArgumentException>(() => Tensor.RandomCategorical(Tensor.FromArray(new[] { 1f, float.NaN })));
        Assert.Throws<ArgumentException>(() => Tensor.RandomCategorical(Tensor.FromArray(new[] { float.NegativeInfinity, float.NegativeInfinity })));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandomCategorical(Tensor.Zeros([3]), temperature: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandomCategorical(Tensor.Zeros([3]), samples: 0));
    }
}
