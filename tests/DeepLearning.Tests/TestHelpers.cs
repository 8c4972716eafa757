using DeepLearning.Devices;
using DeepLearning.Devices.Reference;

namespace DeepLearning.Tests;

internal static class TestHelpers
{
    public static readonly ReferenceDevice Reference = new();

    /// <summary>Asserts equal shapes and |a − e| ≤ atol + rtol·|e| everywhere (NaN matches NaN, ±∞ must match).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6, string? what = null) =>
        Conformance.ConformanceAssert.AssertClose(expected, actual, rtol, atol, what);

    public static void AssertValues(double[] expected, Tensor actual, double tol = 1e-6)
    {
        var a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - expected[i]) <= tol * Math.Max(1, Math.Abs(expected[i])), $"element {i}: {a[i]:R} vs expected {expected[i]:R}");
    }

    public static Tensor T(params float[] values) => Tensor.FromArray(values);

    public static Tensor T(float[] values, Shape shape) => Tensor.FromArray(values, shape);

    public static Tensor D(double[] values, Shape shape, Device? device = null) => Tensor.FromArray(values, shape, device);
}
