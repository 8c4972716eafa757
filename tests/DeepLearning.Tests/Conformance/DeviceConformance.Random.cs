namespace DeepLearning.Tests.Conformance;

/// <summary>The counter-based generator (Philox-4×32-10): a seed gives the same integers and the same dropout masks on
/// every device, bit for bit, and the same uniform and normal samples to float tolerance (they pass through
/// transcendental functions), for sizes that are not multiples of the generator's four words per counter, and across
/// successive draws of one generator.</summary>
public abstract partial class DeviceConformance
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1001)]
    public void IntegerAndBernoulliDrawsAreBitIdenticalToTheReference(int count)
    {
        foreach (var (low, high) in new[] { (int.MinValue, int.MaxValue), (-3, 4), (0, 1000) })
        {
            Generator expected = new(77), actual = new(77);
            for (int draw = 0; draw < 2; draw++)
                Assert.Equal(Tensor.RandomInt([count], low, high, generator: expected, device: Oracle).ToArray<int>(),
                    Tensor.RandomInt([count], low, high, generator: actual, device: Device).ToArray<int>());
        }
        var mask = Tensor.Bernoulli([count], 0.3, generator: new Generator(78), device: Oracle).ToArray<float>();
        Assert.Equal(mask, Tensor.Bernoulli([count], 0.3, generator: new Generator(78), device: Device).ToArray<float>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1001)]
    public void UniformAndNormalDrawsMatchTheReference(int count)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            double rtol = dtype == DType.Float32 ? 1e-6 : 1e-12, atol = dtype == DType.Float32 ? 1e-6 : 1e-13;
            Generator expected = new(79), actual = new(79);
            for (int draw = 0; draw < 2; draw++)
            {
                AssertClose(Tensor.RandomUniform([count], -2, 3, dtype, expected, Oracle),
                    Tensor.RandomUniform([count], -2, 3, dtype, actual, Device), rtol, atol, $"uniform {dtype} draw {draw}");
                AssertClose(Tensor.RandomNormal([count], 1, 2, dtype, expected, Oracle),
                    Tensor.RandomNormal([count], 1, 2, dtype, actual, Device), rtol, 4 * atol, $"normal {dtype} draw {draw}");
                AssertClose(Tensor.TruncatedNormal([count], 0, 1, dtype, expected, Oracle),
                    Tensor.TruncatedNormal([count], 0, 1, dtype, actual, Device), rtol, 4 * atol, $"truncated normal {dtype} draw {draw}");
            }
        }
    }
}
