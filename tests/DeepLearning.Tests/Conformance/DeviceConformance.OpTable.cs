using DeepLearning.Devices;

namespace DeepLearning.Tests.Conformance;

/// <summary>The op table (DESIGN.md §6, layer 1): every public op of <see cref="OpRegistry"/>, over shapes with 0, 1
/// and odd sizes, broadcast and non-contiguous inputs, on the device under test against the float64 reference
/// device. float32 agrees to a few ulps, float64 to ~1e-12.</summary>
public abstract partial class DeviceConformance
{
    /// <summary>(op name, shape index) for every op of the registry.</summary>
    public static TheoryData<string, int> OpCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in OpRegistry.All)
            for (int i = 0; i < op.Shapes!.Length; i++) data.Add(op.Name, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(OpCases))]
    public void OpFloat32MatchesTheReference(string name, int shapeIndex) => CompareOp(OpRegistry.Find(name), shapeIndex, DType.Float32, Float32Rtol, Float32Atol);

    [Theory]
    [MemberData(nameof(OpCases))]
    public void OpFloat64MatchesTheReference(string name, int shapeIndex) => CompareOp(OpRegistry.Find(name), shapeIndex, DType.Float64, 1e-11, 1e-13);

    private void CompareOp(OpCase op, int shapeIndex, DType dtype, double rtol, double atol)
    {
        var inputs = OpInputs.For(op, shapeIndex, dtype, Oracle);
        var expected = op.Apply(inputs);
        var dense = inputs.Select(t => t.To(Device)).ToArray();
        var result = op.Apply(dense);
        Assert.Equal(expected.DType, result.DType);
        Assert.Same(Device, result.Device);
        AssertClose(expected, result, rtol, atol, $"{op.Name} dense");
        var strided = dense.Select(OpInputs.Strided).ToArray();
        Assert.Contains(strided, t => !t.IsContiguous || t.ElementCount <= 1);
        AssertClose(expected, op.Apply(strided), rtol, atol, $"{op.Name} strided");
    }

    /// <summary>The activations whose gradients are activation derivatives (<see cref="ActivationDerivative"/>: fused on
    /// devices that offer them, composed otherwise), with their input domains.</summary>
    public static TheoryData<string> ActivationCases() => Names(["Relu", "LeakyRelu", "Elu", "Selu", "Gelu", "GeluTanh", "Softplus", "Softsign", "Silu", "Mish",
        "HardSigmoid", "Clip", "Sigmoid", "Tanh"]);

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationGradientsMatchTheReference(string name)
    {
        var op = OpRegistry.Find(name);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            foreach (bool strided in new[] { false, true })
            {
                var x = OpInputs.Draw([3, 5], op.Domain, dtype, Oracle, 11);
                var w = OpInputs.Draw([3, 5], Domain.Any, dtype, Oracle, 12);
                var expected = ActivationGradient(op, x, w);
                var xd = x.To(Device);
                if (strided) xd = OpInputs.Strided(xd);
                var actual = ActivationGradient(op, xd, w.To(Device));
                double rtol = dtype == DType.Float32 ? Float32Rtol : 1e-11, atol = dtype == DType.Float32 ? Float32Atol : 1e-13;
                AssertClose(expected, actual, rtol, atol, $"∂/∂x Σ w·{name}(x), {dtype}{(strided ? " strided" : "")}");
            }
    }

    private static Tensor ActivationGradient(OpCase op, Tensor x, Tensor w)
    {
        x = x.Detach();
        x.RequiresGrad = true;
        (op.Apply([x]) * w).Sum().Backward();
        return x.Grad!;
    }
}
