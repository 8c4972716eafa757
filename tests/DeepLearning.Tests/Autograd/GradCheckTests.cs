using DeepLearning.Autograd;
using DeepLearning.Devices;
using DeepLearning.Tests.Ops;

namespace DeepLearning.Tests.Autograd;

/// <summary>Every differentiable op of the registry: autograd against central differences in float64, relative
/// error ≤ 1e-6, on the CPU device and on the reference device (autograd does not know which it runs on).</summary>
public class GradCheckTests
{
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var op in OpRegistry.All.Where(o => o.Differentiable))
            for (int i = 0; i < op.Shapes!.Length; i++)
                foreach (var device in new[] { "cpu", "reference" }) data.Add(op.Name, i, device);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AutogradMatchesCentralDifferences(string name, int shapeIndex, string deviceName)
    {
        var op = OpRegistry.All.Single(o => o.Name == name);
        Device device = deviceName == "cpu" ? Device.Cpu : TestHelpers.Reference;
        var inputs = OpInputs.For(op, shapeIndex, DType.Float64, device);
        var report = GradCheck.Check(op.Apply, inputs, epsilon: 1e-6, tolerance: 1e-6);
        Assert.True(report.Passed, $"{name} {string.Join(" ", inputs.Select(i => i.Shape))} on {deviceName}: {report}");
    }

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
