using DeepLearning.Autograd;
using DeepLearning.Devices;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Autograd;

/// <summary>GradCheck itself and the split of the registry into differentiable and other ops. GradCheck of every
/// differentiable op on every device is in the conformance suite (<see cref="DeviceConformance"/>).</summary>
public class GradCheckTests
{
    [Fact]
    public void EveryOpIsInBothTables()
    {
        // The op table iterates OpRegistry.All; GradCheck iterates its differentiable subset. The
        // non-differentiable ops are exactly those whose outputs are piecewise constant or integer.
        var nonDifferentiable = OpRegistry.All.Where(o => !o.Differentiable).Select(o => o.Name).Order().ToArray();
        Assert.Equal(
            new[] { "ArgMax", "ArgMin", "Ceil", "Eq", "Floor", "Greater", "GreaterEqual", "Less", "LessEqual", "Ne", "OneHot", "Round", "Sign", "TopKIndices" }.Order(),
            nonDifferentiable);
    }

    [Fact]
    public void ReportsTheRelativeErrorOfAWrongGradient()
    {
        var x = Tensor.RandomNormal([5], dtype: DType.Float64);
        var report = GradCheck.Check(t => WrongSquare.Apply(t[0]).Sum(), [x]);
        Assert.False(report.Passed);
        Assert.Equal("wrong", report.Verdict);
        // Analytic 3x against numeric 2x: ‖x‖ / (‖2x‖ + ‖3x‖) = 1/5.
        Assert.Equal(0.2, report.RelativeError, 6);
    }

    /// <summary>A custom op with a deliberately wrong derivative (3x instead of 2x).</summary>
    private sealed class WrongSquare : Node
    {
        public override string Name => "WrongSquare";

        public static Tensor Apply(Tensor x)
        {
            Tensor y;
            using (Tensor.NoGrad()) y = x * x;
            if (!ShouldRecord(x)) return y;
            var node = new WrongSquare();
            node.Save(x);
            return node.Attach(y, x);
        }

        protected internal override void Backward(Tensor g) => PassGrad(0, g * GetSaved(0) * 3.0);
    }
}
