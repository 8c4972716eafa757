using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Optimizers;

/// <summary>Gradient clipping against hand values (Keras 3 semantics, base_optimizer.py): with SGD at lr 1 the
/// parameter moves by exactly minus the clipped gradient.</summary>
public class GradientClippingTests
{
    private static Tensor Param(double[] values, double[] grad)
    {
        var p = Tensor.FromArray(values, [values.Length]);
        p.Grad = Tensor.FromArray(grad, [grad.Length]);
        return p;
    }

    [Fact]
    public void ClipNormRescalesEachGradientToTheLimit()
    {
        // g = [3, 4], ‖g‖ = 5 > 1: g·1/5 = [0.6, 0.8]. h = [0.3, 0.4], ‖h‖ = 0.5 ≤ 1: unchanged.
        var a = Param([0, 0], [3, 4]);
        var b = Param([0, 0], [0.3, 0.4]);
        new SGD(1.0, clipNorm: 1.0).Step([a, b]);
        TestHelpers.AssertValues([-0.6, -0.8], a, 1e-15);
        TestHelpers.AssertValues([-0.3, -0.4], b, 1e-15);
        Assert.Equal([3.0, 4.0], a.Grad!.ToArray<double>()); // the gradient itself is not modified
    }

    [Fact]
    public void GlobalClipNormScalesAllGradientsByOneFactor()
    {
        // N = √(3² + 4² + 12²) = 13, c = 6.5: every gradient × 0.5.
        var a = Param([0, 0], [3, 4]);
        var b = Param([1], [12]);
        new SGD(1.0, globalClipNorm: 6.5).Step([a, b]);
        TestHelpers.AssertValues([-1.5, -2], a, 1e-15);
        TestHelpers.AssertValues([1 - 6], b, 1e-15);

        // N = 13 ≤ 20: unchanged.
        var c = Param([0, 0], [3, 4]);
        var d = Param([0], [12]);
        new SGD(1.0, globalClipNorm: 20).Step([c, d]);
        TestHelpers.AssertValues([-3, -4], c, 1e-15);
        TestHelpers.AssertValues([-12], d, 1e-15);
    }

    [Fact]
    public void ClipValueClipsElementWise()
    {
        var a = Param([0, 0, 0], [-3, 1, 5]);
        new SGD(1.0, clipValue: 2).Step([a]);
        TestHelpers.AssertValues([2, -1, -2], a, 1e-15);
    }

    [Fact]
    public void ZeroGradientStaysZeroAndNonFiniteGlobalNormGivesNaN()
    {
        var z = Param([1, 1], [0, 0]);
        new SGD(1.0, clipNorm: 1).Step([z]);
        Assert.Equal([1.0, 1.0], z.ToArray<double>());

        // Keras: scale = c·min(1/N, 1/c) + (N − N) is NaN when N is NaN, so every parameter becomes NaN.
        var a = Param([0, 0], [double.NaN, 1]);
        var b = Param([0], [1]);
        new SGD(1.0, globalClipNorm: 1).Step([a, b]);
        Assert.True(double.IsNaN(b.Item<double>()));
    }

    [Fact]
    public void ClipOptionsAreMutuallyExclusive()
    {
        var e = Assert.Throws<ArgumentException>(() => new Adam(clipNorm: 1, clipValue: 1));
        Assert.Contains("Adam", e.Message);
        var sgd = new SGD(clipNorm: 1);
        Assert.Throws<InvalidOperationException>(() => sgd.GlobalClipNorm = 2);
        sgd.ClipNorm = null;
        sgd.GlobalClipNorm = 2;
        Assert.Equal(2, sgd.GlobalClipNorm);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(clipValue: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(globalClipNorm: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(clipNorm: double.NaN));
    }
}
