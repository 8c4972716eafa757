using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Devices;
using DeepLearning.Layers;
using DeepLearning.Tests.Conformance;

namespace DeepLearning.Tests.Devices;

/// <summary>The convolution layer recorded as one op (<see cref="Conv2DBiasActivationNode"/>): hand-derived values and
/// gradients, the node against the composed graph (conv → add → activation) on odd geometries, and what the losses
/// see of its output.</summary>
public class ConvBiasActivationNodeTests
{
    private static (Tensor Y, Tensor X, Tensor K, Tensor? B) Record(Device device, double[] x, Shape xs, double[] k, Shape ks, double[]? b,
        string activation, (int, int) strides, Padding padding, (int, int) dilation, int groups, DType dtype, bool fused)
    {
        var xt = Tensor.FromArray(x, xs).Cast(dtype).To(device).Detach();
        var kt = Tensor.FromArray(k, ks).Cast(dtype).To(device).Detach();
        var bt = b is null ? null : Tensor.FromArray(b).Cast(dtype).To(device).Detach();
        xt.RequiresGrad = kt.RequiresGrad = true;
        if (bt is not null) bt.RequiresGrad = true;
        Tensor y;
        if (fused)
            y = ConvOps.FusedConv2D("conv", xt, kt, bt, strides, padding, dilation, groups, activation)!;
        else
        {
            var z = ConvOps.Conv2D("conv", xt, kt, strides, padding, dilation, groups);
            y = ((ActivationFunction)activation).Apply(bt is null ? z : z + bt);
        }
        return (y, xt, kt, bt);
    }

    [Fact]
    public void AReluConvolutionGivesHandDerivedValuesAndGradients()
    {
        // x (1, 2, 2, 1) = [[1, 2], [3, 4]]; kernel (2, 2, 1, 2): filter 0 = [[1, 0], [0, 1]], filter 1 = [[−1, −1], [0, 0]];
        // b = [0.5, 1]; valid padding: z = [1 + 4 + 0.5, −1 − 2 + 1] = [5.5, −2], y = relu(z) = [5.5, 0].
        // With g = [2, 3]: ∂z = [2, 0]; ∂b = [2, 0]; ∂kernel[:, :, 0, 0] = 2·x = [2, 4, 6, 8], ∂kernel[:, :, 0, 1] = 0;
        // ∂x = 2·filter 0 = [2, 0, 0, 2].
        double[] k = [1, -1, 0, -1, 0, 0, 1, 0];
        foreach (bool fused in new[] { true, false })
        {
            var (y, x, kt, b) = Record(Device.Cpu, [1, 2, 3, 4], [1, 2, 2, 1], k, [2, 2, 1, 2], [0.5, 1], "relu", (1, 1), Padding.Valid,
                (1, 1), 1, DType.Float32, fused);
            if (fused) Assert.IsType<Conv2DBiasActivationNode>(y.GradFn);
            TestHelpers.AssertValues([5.5, 0], y);
            (y * Tensor.FromArray(new float[] { 2, 3 }, [1, 1, 1, 2])).Sum().Backward();
            TestHelpers.AssertValues([2, 0], b!.Grad!);
            TestHelpers.AssertValues([2, 0, 4, 0, 6, 0, 8, 0], kt.Grad!);
            TestHelpers.AssertValues([2, 0, 0, 2], x.Grad!);
        }
    }

    [Theory]
    [InlineData("relu", true, 1, 1, 1, "same")]
    [InlineData("linear", true, 2, 1, 1, "valid")]
    [InlineData("tanh", false, 1, 2, 1, "same")]
    [InlineData("sigmoid", true, 2, 1, 2, "same")]
    [InlineData("relu", false, 1, 1, 2, "valid")]
    public void TheNodeMatchesTheComposedGraph(string activation, bool bias, int stride, int dilation, int groups, string padding)
    {
        // N 3, 7 × 6 pixels, 4 channels, 6 filters of 3 × 3: odd sizes, every pixel on some border.
        var pad = padding == "same" ? Padding.Same : Padding.Valid;
        var x = OpInputs.Draw([3, 7, 6, 4], Domain.Any, DType.Float64, Device.Cpu, 201).ToArray<double>();
        var k = OpInputs.Draw([3, 3, 4 / groups, 6], Domain.Any, DType.Float64, Device.Cpu, 202).ToArray<double>();
        var b = bias ? OpInputs.Draw([6], Domain.Any, DType.Float64, Device.Cpu, 203).ToArray<double>() : null;
        var results = new List<Tensor[]>();
        foreach (bool fused in new[] { true, false })
        {
            var (y, xt, kt, bt) = Record(Device.Cpu, x, [3, 7, 6, 4], k, [3, 3, 4 / groups, 6], b, activation, (stride, stride), pad,
                (dilation, dilation), groups, DType.Float64, fused);
            var g = OpInputs.Draw(y.Shape, Domain.Any, DType.Float64, Device.Cpu, 204);
            (y * g).Sum().Backward();
            results.Add(bt is null ? [y, xt.Grad!, kt.Grad!] : [y, xt.Grad!, kt.Grad!, bt.Grad!]);
        }
        string[] names = ["y", "∂x", "∂kernel", "∂b"];
        for (int i = 0; i < results[0].Length; i++)
            TestHelpers.AssertClose(results[1][i], results[0][i], 1e-12, 1e-12, $"{activation}: {names[i]}");
    }

    [Fact]
    public void ATrainingConvolutionLayerRecordsOneNodeAndASigmoidOutputIsStillSeenBySigmoidLosses()
    {
        var layer = new Conv2D(2, 3, padding: Padding.Same, activation: ActivationFunction.Sigmoid);
        var x = Tensor.Ones([2, 4, 4, 1]);
        var y = layer.Call(x, training: true);
        Assert.IsType<Conv2DBiasActivationNode>(y.GradFn);
        var seen = new List<DiagnosticMessage>();
        void Handler(DiagnosticMessage m)
        {
            if (m.Source == "bce_conv_sigmoid") lock (seen) seen.Add(m);
        }
        Diagnostics.Warning += Handler;
        try
        {
            new DeepLearning.Losses.BinaryCrossentropy(fromLogits: true, name: "bce_conv_sigmoid").Call(Tensor.Ones(y.Shape), y);
        }
        finally
        {
            Diagnostics.Warning -= Handler;
        }
        Assert.Contains("Sigmoid activation", Assert.Single(seen).Message);
    }
}
