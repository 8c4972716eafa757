namespace DeepLearning.Tests.Tensors;

/// <summary>Element-wise maximum and minimum propagate NaN on the vector path and the scalar tail alike (PyTorch's
/// torch.maximum / torch.minimum): the result is NaN where either operand is, else the larger (smaller) value.</summary>
public class MaximumMinimumNaNTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void NaNInEitherOperandPropagatesAndOtherwiseTheLargerOrSmallerWins(DType dtype)
    {
        // 19 elements: two 8-lane vectors and a tail of 3 (or four 4-lane vectors of doubles and a tail of 3).
        const int n = 19;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (i % 5) - 2.0;
            y[i] = 1.5 - (i % 3);
        }
        foreach (int i in new[] { 1, 9, 17 }) x[i] = double.NaN;
        foreach (int i in new[] { 4, 9, 12, 18 }) y[i] = double.NaN;
        x[6] = -0.0;
        y[6] = 0.0;
        var xt = Tensor.FromArray(x).Cast(dtype);
        var yt = Tensor.FromArray(y).Cast(dtype);
        var max = Tensor.Maximum(xt, yt).ToArray<double>();
        var min = Tensor.Minimum(xt, yt).ToArray<double>();
        for (int i = 0; i < n; i++)
        {
            bool nan = double.IsNaN(x[i]) || double.IsNaN(y[i]);
            Assert.True(nan ? double.IsNaN(max[i]) : max[i] == Math.Max(x[i], y[i]), $"maximum at {i}: {max[i]}");
            Assert.True(nan ? double.IsNaN(min[i]) : min[i] == Math.Min(x[i], y[i]), $"minimum at {i}: {min[i]}");
        }
    }
}
