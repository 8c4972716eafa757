using DeepLearning.Optimizers;

namespace DeepLearning.Tests.Optimizers;

/// <summary>SEEDS §4 item 11 (course notes S1, TensorFlow example): J(w) = w² − 10w + 25 from w₀ = 0 with gradient
/// descent at lr 0.01. Hand derivation: w ← w − 0.01(2w − 10) = 0.98w + 0.1, so wₖ = 5(1 − 0.98ᵏ): w₁ = 0.1 and
/// w₁₀₀₀ = 5(1 − 0.98¹⁰⁰⁰) = 4.99999999916… ("close to 5").</summary>
public class GradientDescentTests
{
    [Fact]
    public void ScalarQuadraticReachesFiveInAThousandSteps()
    {
        var w = Tensor.Scalar(0, DType.Float64);
        w.RequiresGrad = true;
        var optimizer = new SGD(learningRate: 0.01);
        optimizer.AddParameters([w]);
        for (int step = 1; step <= 1000; step++)
        {
            using var scope = TensorScope.Begin();
            var cost = w.Square() - w * 10 + 25;
            optimizer.ZeroGrad();
            cost.Backward();
            optimizer.Step();
            if (step == 1) Assert.Equal(0.1, w.Item<double>(), 1e-15);
        }
        Assert.True(Math.Abs(w.Item<double>() - 5) < 1e-3);
        Assert.Equal(5 * (1 - Math.Pow(0.98, 1000)), w.Item<double>(), 1e-12);
        Assert.Equal(1000, optimizer.Iterations);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardAndStepDoesNotZeroThem()
    {
        var w = Tensor.FromArray(new[] { 1.0, 2.0 }, [2]);
        w.RequiresGrad = true;
        (w * 3.0).Sum().Backward();
        (w * 3.0).Sum().Backward(); // accumulated: g = 6
        var optimizer = new SGD(learningRate: 0.1);
        optimizer.Step([w]);
        Assert.Equal([1 - 0.6, 2 - 0.6], w.ToArray<double>().Select(x => Math.Round(x, 12)));
        Assert.Equal([6.0, 6.0], w.Grad!.ToArray<double>());
        optimizer.AddParameters([w]);
        optimizer.ZeroGrad();
        Assert.Equal([0.0, 0.0], w.Grad!.ToArray<double>());
    }

    [Fact]
    public void ParametersWithoutGradientAreSkippedButIterationsAdvance()
    {
        var a = Tensor.Ones([2], DType.Float64);
        var b = Tensor.Ones([2], DType.Float64);
        a.Grad = Tensor.Full([2], 1.0, DType.Float64);
        var optimizer = new Adam(learningRate: 0.1);
        optimizer.Step([a, b]);
        Assert.Equal([1.0, 1.0], b.ToArray<double>());
        Assert.False(optimizer.HasState(b));
        Assert.True(optimizer.HasState(a));
        // First Adam step moves by η·g/(|g| + ε/√(1 − β₂)) ≈ η for g = 1: 1 − 0.1·1/(1 + 1e-7/√0.001).
        Assert.Equal(1 - 0.1 / (1 + 1e-7 / Math.Sqrt(0.001)), a.ToArray<double>()[0], 1e-12);
        optimizer.Step([b]);
        Assert.Equal(2, optimizer.Iterations);
    }
}
