using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Devices.Cpu;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Devices;

/// <summary>The dense-layer op (<see cref="DenseNode"/>) and its fused kernels (<see cref="IFusedKernels.DenseForward"/>,
/// <see cref="IFusedKernels.DenseBackward"/>): hand-derived values through every path, the CPU kernels against their
/// composition on odd shapes and strided views, and the argument checks.</summary>
public class DenseKernelTests
{
    private static CpuDevice Unfused => FusedKernelTests.Unfused;
    private static IFusedKernels Fused => FusedKernelTests.Fused;
    private static IFusedKernels Defaults { get; } = new FusedKernelTests.OnlyDefaults();

    [Fact]
    public void AReluDenseLayerGivesHandDerivedValuesAndGradientsOnEveryPath()
    {
        // x = [[1, 2], [0, 1]], W = [[1, −1, 0.5], [2, −3, 1]], b = [0.5, 1, −3]:
        // z = x·W + b = [[5.5, −6, −0.5], [2.5, −2, −2]]; y = relu(z) = [[5.5, 0, 0], [2.5, 0, 0]].
        // With g = [[1, 2, 3], [4, 5, 6]]: ∂z = g ⊙ [z > 0] = [[1, 0, 0], [4, 0, 0]]; ∂b = Σ rows = [5, 0, 0];
        // ∂W = xᵀ·∂z = [[1, 0, 0], [6, 0, 0]]; ∂x = ∂z·Wᵀ = [[1, 2], [4, 8]].
        foreach (var device in new Device[] { Device.Cpu, Unfused, TestHelpers.Reference })
        {
            var x = Tensor.FromArray(new float[] { 1, 2, 0, 1 }, [2, 2]).To(device).Detach();
            var w = Tensor.FromArray(new float[] { 1, -1, 0.5f, 2, -3, 1 }, [2, 3]).To(device).Detach();
            var b = Tensor.FromArray(new float[] { 0.5f, 1, -3 }).To(device).Detach();
            foreach (var t in new[] { x, w, b }) t.RequiresGrad = true;
            var y = DenseNode.Apply(x, w, b, FusedActivation.Relu);
            TestHelpers.AssertValues([5.5, 0, 0, 2.5, 0, 0], y);
            (y * Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).To(device)).Sum().Backward();
            TestHelpers.AssertValues([5, 0, 0], b.Grad!);
            TestHelpers.AssertValues([1, 0, 0, 6, 0, 0], w.Grad!);
            TestHelpers.AssertValues([1, 2, 4, 8], x.Grad!);
        }
    }

    [Theory]
    [InlineData(FusedActivation.Relu, DType.Float32)]
    [InlineData(FusedActivation.Linear, DType.Float32)]
    [InlineData(FusedActivation.Tanh, DType.Float64)]
    [InlineData(FusedActivation.Sigmoid, DType.Float64)]
    public void TheFusedDenseKernelsMatchTheirComposition(FusedActivation activation, DType dtype)
    {
        // 37 × 19 by 19 × 45: neither a tile multiple nor a vector multiple; x is seen transposed, g broadcast along a row.
        var x = OpInputs.Draw([19, 37], Domain.Any, dtype, Device.Cpu, 111).Transpose();
        var w = OpInputs.Draw([19, 45], Domain.Any, dtype, Device.Cpu, 112);
        var b = OpInputs.Draw([45], Domain.Any, dtype, Device.Cpu, 113);
        var gs = new[] { OpInputs.Draw([1, 45], Domain.Any, dtype, Device.Cpu, 114).Expand([37, 45]),
            OpInputs.Draw([37, 45], Domain.Any, dtype, Device.Cpu, 115) };
        var paths = new (string Name, Action<StridedView, StridedView, StridedView, StridedView> Forward,
            Action<StridedView, StridedView, StridedView, StridedView> Backward)[]
        {
            ("cpu fused", (xv, yv, _, _) => Fused.DenseForward(xv, w.View, b.View, yv, activation),
                (yv, gv, dz, db) => Fused.DenseBackward(yv, gv, dz, db, activation)),
            ("composed", (xv, yv, _, _) => DenseNode.ComposeForward(Device.Cpu, xv, w.View, b.View, yv, activation),
                (yv, gv, dz, db) => DenseNode.ComposeBackward(Device.Cpu, yv, gv, dz, db, activation)),
            ("interface default", (xv, yv, _, _) => Defaults.DenseForward(xv, w.View, b.View, yv, activation),
                (yv, gv, dz, db) => Defaults.DenseBackward(yv, gv, dz, db, activation)),
        };
        var results = new List<Tensor[]>();
        foreach (var (_, forward, backward) in paths)
        {
            var y = Tensor.Zeros([37, 45], dtype);
            forward(x.View, y.View, default, default);
            var outputs = new List<Tensor> { y };
            foreach (var g in gs)   // g broadcast along the rows, then dense
            {
                var dz = Tensor.Zeros([37, 45], dtype);
                var db = Tensor.Zeros([45], dtype);
                backward(y.View, g.View, dz.View, db.View);
                outputs.Add(dz);
                outputs.Add(db);
            }
            results.Add([.. outputs]);
        }
        double rtol = dtype == DType.Float32 ? 1e-5 : 1e-13, atol = dtype == DType.Float32 ? 1e-5 : 1e-13;
        string[] names = ["y", "∂z (broadcast g)", "∂b (broadcast g)", "∂z", "∂b"];
        for (int p = 1; p < paths.Length; p++)
            for (int i = 0; i < names.Length; i++)
                TestHelpers.AssertClose(results[p][i], results[0][i], rtol, atol, $"{paths[p].Name}: {names[i]}");
        // The epilogue does the composition's own operations, so the forward pass agrees to the bit.
        Assert.Equal(results[1][0].ToArray<double>(), results[0][0].ToArray<double>());
    }

    [Fact]
    public void ASigmoidDenseOutputStillRaisesTheFromLogitsWarning()
    {
        // The fused op stands for matmul → add → sigmoid, so the loss still sees a sigmoid output, not logits.
        var seen = new List<DiagnosticMessage>();
        void Handler(DiagnosticMessage m)
        {
            if (m.Source == "bce_dense_sigmoid") lock (seen) seen.Add(m);
        }
        Diagnostics.Warning += Handler;
        try
        {
            var x = Tensor.Ones([4, 2]);
            var w = Tensor.Ones([2, 1]);
            var b = Tensor.Zeros([1]);
            w.RequiresGrad = true;
            var y = DenseNode.Apply(x, w, b, FusedActivation.Sigmoid);
            new DeepLearning.Losses.BinaryCrossentropy(fromLogits: true, name: "bce_dense_sigmoid").Call(Tensor.Ones([4, 1]), y);
        }
        finally
        {
            Diagnostics.Warning -= Handler;
        }
        Assert.Contains("Sigmoid activation", Assert.Single(seen).Message);
    }

    [Fact]
    public void TheFusedDenseEntryPointsCheckTheirViews()
    {
        var x = Tensor.Zeros([2, 3]);
        var w = Tensor.Zeros([3, 4]);
        var b = Tensor.Zeros([4]);
        var e = Assert.Throws<ArgumentException>(() => Fused.DenseForward(x.View, w.View, Tensor.Zeros([5]).View, Tensor.Zeros([2, 4]).View, FusedActivation.Relu));
        Assert.Contains("DenseForward: bias has shape (5,), expected (4,)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Fused.DenseForward(x.View, w.View, b.View, Tensor.Zeros([4, 2]).Transpose().View, FusedActivation.Relu));
        Assert.Contains("DenseForward: y", e.Message);
        Assert.Contains("must be contiguous", e.Message);
        var y = Tensor.Zeros([2, 4]);
        e = Assert.Throws<ArgumentException>(() => Fused.DenseBackward(y.View, y.View, y.View, Tensor.Zeros([4], DType.Float64).View, FusedActivation.Relu));
        Assert.Contains("DenseBackward: dbias is Float64", e.Message);
        e = Assert.Throws<ArgumentException>(() => DenseNode.Apply(x, Tensor.Zeros([2, 4]), b, FusedActivation.Relu));
        Assert.Contains("Dense: x (2, 3), kernel (2, 4) and bias (4,) do not fit", e.Message);
    }
}
