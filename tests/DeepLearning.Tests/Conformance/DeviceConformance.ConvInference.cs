using DeepLearning.Devices;
using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Tests.Conformance;

/// <summary>Inference (no gradients) through convolution layers — a Conv2D alone and a Conv2D followed by a pooling layer
/// in a Sequential model, the path where a device's fused convolution kernels (<c>IFusedKernels.Conv2DBiasActivation</c>
/// and <c>Conv2DBiasActivationPool</c>) or, with them off or absent, the composed layers run — against the reference
/// device, in float64 and float32.</summary>
public abstract partial class DeviceConformance
{
    private sealed record InferenceCase(Func<Layer[]> Make, Shape Input);

    private static readonly Dictionary<string, InferenceCase> InferenceCases = new()
    {
        ["Conv2DReluMaxPool"] = new(() => [new Conv2D(5, 3, padding: Padding.Same, activation: Activation.ReLU), new MaxPooling2D(2)], [2, 7, 6, 3]),
        ["Conv2DTanhAveragePoolSame"] = new(() => [new Conv2D(17, (2, 3), strides: (1, 2), activation: Activation.Tanh),
            new AveragePooling2D(3, strides: 2, padding: Padding.Same)], [1, 6, 7, 2]),
        ["Conv2DSigmoidNoBias"] = new(() => [new Conv2D(4, 3, strides: 2, padding: Padding.Same, activation: Activation.Sigmoid, useBias: false)], [3, 5, 5, 2]),
        ["Conv2DGroupsMaxPool"] = new(() => [new Conv2D(6, 3, padding: Padding.Same, groups: 2), new MaxPooling2D(2, strides: 1)], [2, 5, 4, 4]),
        // 16 input channels, 3 × 3, stride 1, ReLU, 2 × 2 pooling: the CPU's Winograd kernel in float32.
        ["Conv2DReluMaxPoolWinograd"] = new(() => [new Conv2D(20, 3, padding: Padding.Same, activation: Activation.ReLU), new MaxPooling2D(2)], [2, 7, 6, 16]),
        ["Conv2DSwishMaxPool"] = new(() => [new Conv2D(3, 2, activation: Activation.Swish), new MaxPooling2D(2)], [1, 5, 5, 2]),
    };

    /// <summary>The names of the inference cases.</summary>
    public static TheoryData<string> InferenceCaseNames() => Names(InferenceCases.Keys);

    [Theory]
    [MemberData(nameof(InferenceCaseNames))]
    public void ConvolutionInferenceMatchesTheReference(string name)
    {
        var c = InferenceCases[name];
        AssertClose(Infer(c, Oracle, DType.Float64), Infer(c, Device, DType.Float64), 1e-11, 1e-12, $"{name} float64");
        AssertClose(Infer(c, Oracle, DType.Float32), Infer(c, Device, DType.Float32), Float32Rtol, 1e-5, $"{name} float32");
    }

    /// <summary>The model's output for a fixed input and weights, built on the CPU and moved to <paramref name="device"/>.</summary>
    private static Tensor Infer(InferenceCase c, Device device, DType dtype)
    {
        var model = new Sequential(c.Make()) { DType = dtype };
        using (Tensor.NoGrad()) model.Call(Tensor.Zeros(c.Input, dtype));
        model.To(device);
        using var noGrad = Tensor.NoGrad();
        for (int i = 0; i < model.TrainableWeights.Count; i++)
        {
            var w = model.TrainableWeights[i];
            w.Assign(OpInputs.Draw(w.Shape, Domain.Any, DType.Float64, Oracle, (ulong)(71 + i)).Cast(dtype).To(device) * 0.5);
        }
        var x = OpInputs.Draw(c.Input, Domain.Any, DType.Float64, Oracle, 70).Cast(dtype).To(device);
        return model.Call(x);
    }
}
