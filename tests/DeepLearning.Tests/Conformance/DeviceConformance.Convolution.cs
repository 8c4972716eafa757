namespace DeepLearning.Tests.Conformance;

/// <summary>Convolution and pooling, forward and backward (∂x and ∂kernel of Σ w ⊙ y), on the device under test against
/// the reference device: strides, dilation, groups, same/valid/explicit padding, transposed and depthwise convolution,
/// and max/average pooling with windows that overlap or leave cells out, all NHWC with sizes that are not tile
/// multiples. float64 agrees to ~1e-12, float32 to a few ulps of the sums.</summary>
public abstract partial class DeviceConformance
{
    private sealed record ConvCase(Shape Input, Shape? Kernel, Func<Tensor, Tensor?, Tensor> Apply);

    private static readonly Dictionary<string, ConvCase> ConvCases = new()
    {
        ["Conv2DSameStrided"] = new([2, 7, 6, 3], [3, 3, 3, 4], (x, k) => x.Conv2D(k!, (2, 1), Padding.Same)),
        ["Conv2DValidDilated"] = new([1, 9, 8, 2], [3, 2, 2, 5], (x, k) => x.Conv2D(k!, dilation: (2, 3))),
        ["Conv2DExplicitPads"] = new([2, 5, 4, 3], [2, 2, 3, 2], (x, k) => x.Conv2D(k!, (1, 2), (1, 0, 0, 2), (2, 1))),
        ["Conv2DGroups"] = new([1, 5, 5, 4], [3, 3, 2, 6], (x, k) => x.Conv2D(k!, padding: Padding.Same, groups: 2)),
        ["Conv2DPointwise"] = new([3, 4, 5, 7], [1, 1, 7, 3], (x, k) => x.Conv2D(k!)),
        ["DepthwiseConv2D"] = new([2, 6, 5, 3], [3, 3, 3, 2], (x, k) => x.DepthwiseConv2D(k!, (2, 2), Padding.Same)),
        ["Conv2DTranspose"] = new([2, 3, 4, 3], [3, 3, 2, 3], (x, k) => x.Conv2DTranspose(k!, (2, 2), Padding.Same)),
        ["Conv2DTransposeValid"] = new([1, 3, 3, 2], [2, 3, 4, 2], (x, k) => x.Conv2DTranspose(k!, (2, 1))),
        ["Conv1DCausal"] = new([2, 9, 3], [3, 3, 2], (x, k) => x.Conv1D(k!, 1, Padding.Causal, dilation: 2)),
        ["MaxPool2DSame"] = new([2, 7, 5, 3], null, (x, _) => x.MaxPool2D((2, 2), (1, 2), Padding.Same)),
        ["MaxPool2DValid"] = new([1, 7, 7, 2], null, (x, _) => x.MaxPool2D((3, 3), (2, 2))),
        ["AvgPool2DSame"] = new([2, 5, 4, 3], null, (x, _) => x.AvgPool2D((3, 2), null, Padding.Same)),
        ["AvgPool2DOverlapping"] = new([1, 6, 7, 2], null, (x, _) => x.AvgPool2D((3, 3), (1, 2))),
    };

    /// <summary>The names of the convolution and pooling cases.</summary>
    public static TheoryData<string> ConvolutionCases() => Names(ConvCases.Keys);

    [Theory]
    [MemberData(nameof(ConvolutionCases))]
    public void ConvolutionAndPoolingMatchTheReferenceForwardAndBackward(string name)
    {
        var c = ConvCases[name];
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var x = OpInputs.Draw(c.Input, Domain.Any, dtype, Oracle, 41);
            var k = c.Kernel is { } ks ? OpInputs.Draw(ks, Domain.Any, dtype, Oracle, 42) : null;
            var expected = ForwardBackward(c, x, k, null);
            var actual = ForwardBackward(c, x.To(Device), k?.To(Device), expected.Y.Shape);
            double rtol = dtype == DType.Float64 ? 1e-11 : 1e-5, atol = dtype == DType.Float64 ? 1e-12 : 2e-5;
            AssertClose(expected.Y, actual.Y, rtol, atol, $"{name} {dtype} y");
            AssertClose(expected.Dx, actual.Dx, rtol, atol, $"{name} {dtype} ∂x");
            if (k is not null) AssertClose(expected.Dk!, actual.Dk!, rtol, 4 * atol, $"{name} {dtype} ∂kernel");
        }
    }

    private static (Tensor Y, Tensor Dx, Tensor? Dk) ForwardBackward(ConvCase c, Tensor x, Tensor? k, Shape? outputShape)
    {
        x = x.Detach();
        k = k?.Detach();
        x.RequiresGrad = true;
        if (k is not null) k.RequiresGrad = true;
        var y = c.Apply(x, k);
        var w = OpInputs.Draw(outputShape ?? y.Shape, Domain.Any, x.DType, Oracle, 43).To(x.Device);
        (y * w).Sum().Backward();
        return (y, x.Grad!, k?.Grad);
    }
}
