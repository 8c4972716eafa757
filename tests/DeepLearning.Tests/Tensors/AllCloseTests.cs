namespace DeepLearning.Tests.Tensors;

/// <summary>Tensor.AllClose against numpy.allclose's definition, |a − b| ≤ atol + rtol·|b| (rtol 1e-5, atol 1e-8),
/// with each case's margin worked out by hand.</summary>
public class AllCloseTests
{
    private static Tensor T(params double[] v) => Tensor.FromArray(v);

    [Fact]
    public void TheToleranceIsAbsolutePlusRelativeToTheSecondArgument()
    {
        // |100 − 100.001| = 0.001 ≤ 1e-8 + 1e-5 · 100.001 = 0.00100002: close.
        Assert.True(T(100, 0).AllClose(T(100.001, 0)));
        // |100 − 100.0011| = 0.0011 > 0.00100002: not close.
        Assert.False(T(100).AllClose(T(100.0011)));
        // Near zero only atol counts: |0 − 1e-8| = 1e-8 ≤ 1e-8 + 1e-5·1e-8, but |2e-8 − 0| = 2e-8 > 1e-8 + 1e-5·0.
        Assert.True(T(0).AllClose(T(1e-8)));
        Assert.False(T(2e-8).AllClose(T(0)));
        // Explicit tolerances: |1 − 1.1| = 0.1 ≤ 0 + 0.1·1.1 = 0.11, but not ≤ 0.05 + 0.
        Assert.True(T(1).AllClose(T(1.1), rtol: 0.1, atol: 0));
        Assert.False(T(1).AllClose(T(1.1), rtol: 0, atol: 0.05));
    }

    [Fact]
    public void InfinitiesAndNaNFollowNumPy()
    {
        Assert.True(T(double.PositiveInfinity, 1).AllClose(T(double.PositiveInfinity, 1)));
        Assert.False(T(double.PositiveInfinity).AllClose(T(double.NegativeInfinity)));
        Assert.False(T(double.PositiveInfinity).AllClose(T(1e308)));
        Assert.False(T(double.NaN).AllClose(T(double.NaN)));
        Assert.True(T(double.NaN, 2).AllClose(T(double.NaN, 2), equalNan: true));
        Assert.False(T(double.NaN).AllClose(T(1), equalNan: true));
    }

    [Fact]
    public void ShapesBroadcastAndDTypesMix()
    {
        Assert.True(Tensor.Ones([2, 3]).AllClose(Tensor.Scalar(1)));
        Assert.True(Tensor.FromArray(new[] { 1, 2 }).AllClose(Tensor.FromArray(new float[] { 1, 2.00001f })));
        Assert.False(Tensor.Ones([2, 3]).AllClose(Tensor.FromArray(new float[] { 1, 1, 1.1f })));
        var e = Assert.Throws<ArgumentException>(() => Tensor.Ones([2, 3]).AllClose(Tensor.Ones([2])));
        Assert.Contains("AllClose", e.Message);
        Assert.Contains("(2, 3)", e.Message);
        Assert.Throws<ArgumentException>(() => T(1).AllClose(T(1), rtol: -1));
        Assert.Throws<ArgumentException>(() => T(1).AllClose(T(1), atol: double.NaN));
    }
}
