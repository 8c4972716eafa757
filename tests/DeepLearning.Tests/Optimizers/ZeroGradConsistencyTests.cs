using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Optimizers;

/// <summary>A custom loop written the PyTorch way (<c>ZeroGrad(); Backward(); Step(ps)</c>) is either right or refused,
/// never silently accumulating gradients across steps.</summary>
public class ZeroGradConsistencyTests
{
    [Fact]
    public void ZeroGradAndStepWithoutKnownParametersAreBothRefused()
    {
        var optimizer = new SGD(0.1);
        var zero = Assert.Throws<InvalidOperationException>(optimizer.ZeroGrad);
        Assert.Contains("AddParameters", zero.Message);
        Assert.Contains("AddParameters", Assert.Throws<InvalidOperationException>(optimizer.Step).Message);
    }

    [Fact]
    public void AfterAStepWithExplicitParametersZeroGradClearsThem()
    {
        // f(w) = 3·Σw, g = 3 per element. Step 1 (before any ZeroGrad could know w): w = 1 − 0.1·3 = 0.7.
        // Steps 2 and 3 each start with ZeroGrad, so g stays 3: w = 0.4, then 0.1 (with accumulation it would be
        // 0.7 − 0.6 = 0.1 after step 2 and 0.1 − 0.9 = −0.8 after step 3).
        var w = Tensor.FromArray(new[] { 1.0, 1.0 }, [2]);
        w.RequiresGrad = true;
        var optimizer = new SGD(0.1);
        (w * 3.0).Sum().Backward();
        optimizer.Step([w]);
        Assert.Equal([0.7, 0.7], w.ToArray<double>().Select(v => Math.Round(v, 12)));
        for (int step = 2; step <= 3; step++)
        {
            optimizer.ZeroGrad();
            (w * 3.0).Sum().Backward();
            Assert.Equal([3.0, 3.0], w.Grad!.ToArray<double>());
            optimizer.Step([w]);
        }
        Assert.Equal([0.1, 0.1], w.ToArray<double>().Select(v => Math.Round(v, 12)));

        // Step() now acts on the same parameters: 0.1 − 0.1·3 = −0.2.
        optimizer.ZeroGrad();
        (w * 3.0).Sum().Backward();
        optimizer.Step();
        Assert.Equal([-0.2, -0.2], w.ToArray<double>().Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void RegisteredAndSteppedParametersAreZeroedTogether()
    {
        var a = Tensor.FromArray(new[] { 1.0 }, [1]);
        var b = Tensor.FromArray(new[] { 2.0 }, [1]);
        a.RequiresGrad = b.RequiresGrad = true;
        var optimizer = new SGD(0.5);
        optimizer.AddParameters([a]);
        (a * b).Sum().Backward();   // ∂/∂a = b = 2, ∂/∂b = a = 1
        optimizer.Step([a, b]);
        Assert.Equal(0.0, a.Item<double>(), 12);    // 1 − 0.5·2
        Assert.Equal(1.5, b.Item<double>(), 12);    // 2 − 0.5·1
        optimizer.ZeroGrad();
        Assert.Equal(0.0, a.Grad!.Item<double>());
        Assert.Equal(0.0, b.Grad!.Item<double>());
    }
}
