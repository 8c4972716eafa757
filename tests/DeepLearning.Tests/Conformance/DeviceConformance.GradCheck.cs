using DeepLearning.Autograd;
using DeepLearning.Layers;

namespace DeepLearning.Tests.Conformance;

/// <summary>GradCheck (DESIGN.md §6, layer 2) on the device under test: every differentiable op of the registry, and
/// the recurrent layers (whose fused steps are device kernels), in float64 against central differences (relative
/// error ≤ 1e-6). Autograd does not know which device it runs on.</summary>
public abstract partial class DeviceConformance
{
    /// <summary>(op name, shape index) for every differentiable op of the registry.</summary>
    public static TheoryData<string, int> DifferentiableOpCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in OpRegistry.All.Where(o => o.Differentiable))
            for (int i = 0; i < op.Shapes!.Length; i++) data.Add(op.Name, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(DifferentiableOpCases))]
    public void AutogradMatchesCentralDifferences(string name, int shapeIndex)
    {
        var op = OpRegistry.Find(name);
        var inputs = OpInputs.For(op, shapeIndex, DType.Float64, Device);
        var report = GradCheck.Check(op.Apply, inputs, epsilon: 1e-6, tolerance: 1e-6);
        Assert.True(report.Passed, $"{name} {string.Join(" ", inputs.Select(i => i.Shape))} on {Device}: {report}");
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("simple")]
    public void RecurrentLayersPassGradCheck(string kind)
    {
        RecurrentLayer layer = kind switch
        {
            "lstm" => new LSTM(3, returnSequences: true, goBackwards: true),
            "gru" => new GRU(3, returnSequences: true),
            _ => new SimpleRNN(3, returnSequences: true),
        };
        layer.DType = DType.Float64;
        using (Tensor.NoGrad()) layer.Call(Tensor.Zeros([2, 4, 3], DType.Float64));
        layer.To(Device);
        var x = OpInputs.Draw([2, 4, 3], Domain.Any, DType.Float64, Device, 21);
        var mask = Tensor.FromArray(new double[,] { { 1, 1, 1, 0 }, { 0, 1, 1, 1 } }, Device);
        var report = GradCheck.Check(t => layer.CallMultiple([t[0]], masks: [mask])[0], [x], epsilon: 1e-6, tolerance: 1e-6);
        Assert.True(report.Passed, $"{kind} inputs on {Device}: {report}");
        var projection = OpInputs.Draw([2, 4, 3], Domain.Any, DType.Float64, Device, 22);
        var weights = GradCheck.CheckParameters(() => (layer.CallMultiple([x], masks: [mask])[0] * projection).Sum(), layer.TrainableWeights);
        Assert.True(weights.Passed, $"{kind} weights on {Device}: {weights}");
    }
}
