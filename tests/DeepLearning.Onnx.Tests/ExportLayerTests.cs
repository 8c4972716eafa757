using DeepLearning.Activations;
using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Onnx.Tests;

/// <summary>Each mapped layer exported alone (and in small graphs), run in ONNX Runtime at batch 3 (built for 1) and
/// compared with the library's inference within 1e−5 + 1e−4·|y|.</summary>
public class ExportLayerTests
{
    private static Model Single(int[] shape, Func<SymbolicTensor, SymbolicTensor> body, DType dtype = DType.Float32)
    {
        var input = new Input(new Shape(shape), dtype);
        return new Model(input.Output, body(input.Output));
    }

    public static TheoryData<string> Cases() => [.. Layers.Keys];

    internal static readonly Dictionary<string, Func<Model>> Layers = new()
    {
        ["dense_2d"] = () => Single([5], x => new Dense(4, "tanh").Call(x)),
        ["dense_3d_nobias"] = () => Single([3, 5], x => new Dense(4, useBias: false).Call(x)),
        ["conv2d_same_stride2"] = () => Single([7, 6, 3], x => new Conv2D(4, 3, strides: 2, padding: Padding.Same, activation: "relu").Call(x)),
        ["conv2d_valid_dilated"] = () => Single([8, 7, 2], x => new Conv2D(3, (3, 2), dilationRate: 2).Call(x)),
        ["conv2d_groups"] = () => Single([6, 6, 4], x => new Conv2D(6, 3, padding: Padding.Same, groups: 2).Call(x)),
        ["conv1d_causal"] = () => Single([9, 3], x => new Conv1D(4, 3, padding: Padding.Causal, dilationRate: 2).Call(x)),
        ["conv1d_same_stride"] = () => Single([9, 3], x => new Conv1D(4, 4, strides: 2, padding: Padding.Same).Call(x)),
        ["depthwise"] = () => Single([7, 7, 3], x => new DepthwiseConv2D(3, padding: Padding.Same, depthMultiplier: 2).Call(x)),
        ["conv2d_transpose_same"] = () => Single([4, 5, 3], x => new Conv2DTranspose(2, 3, strides: 2, padding: Padding.Same).Call(x)),
        ["conv2d_transpose_valid"] = () => Single([4, 5, 3], x => new Conv2DTranspose(2, (3, 2), strides: (2, 1)).Call(x)),
        ["conv2d_transpose_k2s2"] = () => Single([4, 4, 3], x => new Conv2DTranspose(2, 2, strides: 2, padding: Padding.Same).Call(x)),
        ["maxpool_same"] = () => Single([7, 5, 2], x => new MaxPooling2D(3, strides: 2, padding: Padding.Same).Call(x)),
        ["avgpool_same"] = () => Single([7, 5, 2], x => new AveragePooling2D(3, strides: 2, padding: Padding.Same).Call(x)),
        ["avgpool_valid"] = () => Single([6, 6, 2], x => new AveragePooling2D(2).Call(x)),
        ["maxpool1d"] = () => Single([9, 2], x => new MaxPooling1D(2).Call(x)),
        ["avgpool1d_same"] = () => Single([9, 2], x => new AveragePooling1D(3, strides: 2, padding: Padding.Same).Call(x)),
        ["global_avg2d"] = () => Single([4, 5, 3], x => new GlobalAveragePooling2D().Call(x)),
        ["global_max2d_keepdims"] = () => Single([4, 5, 3], x => new GlobalMaxPooling2D(keepDims: true).Call(x)),
        ["global_avg1d"] = () => Single([6, 3], x => new GlobalAveragePooling1D().Call(x)),
        ["global_max1d"] = () => Single([6, 3], x => new GlobalMaxPooling1D().Call(x)),
        ["batchnorm_4d"] = () => Single([4, 4, 3], x => new BatchNormalization().Call(x)),
        ["batchnorm_2d"] = () => Single([5], x => new BatchNormalization(scale: false).Call(x)),
        ["layernorm"] = () => Single([3, 6], x => new LayerNormalization().Call(x)),
        ["layernorm_two_axes"] = () => Single([3, 4, 2], x => new LayerNormalization([-2, -1]).Call(x)),
        ["dropout"] = () => Single([5], x => new Dense(3).Call(new Dropout(0.5).Call(x))),
        ["spatial_dropout_noise"] = () => Single([4, 4, 2], x => new GaussianNoise(0.3).Call(new SpatialDropout2D(0.5).Call(x))),
        ["flatten"] = () => Single([3, 4, 2], x => new Dense(3).Call(new Flatten().Call(x))),
        ["reshape"] = () => Single([12], x => new Reshape([3, -1, 2]).Call(x)),
        ["zeropad"] = () => Single([3, 4, 2], x => new ZeroPadding2D((1, 2), (0, 3)).Call(x)),
        ["cropping"] = () => Single([6, 7, 2], x => new Cropping2D((1, 2), (3, 0)).Call(x)),
        ["upsample_nearest"] = () => Single([3, 4, 2], x => new UpSampling2D((2, 3)).Call(x)),
        ["upsample_bilinear"] = () => Single([3, 4, 2], x => new UpSampling2D(2, Interpolation.Bilinear).Call(x)),
        ["embedding"] = () => Single([5], x => new Embedding(10, 4).Call(x), DType.Int32),
        ["rescaling"] = () => Single([4, 4, 3], x => new Rescaling([0.5, 2, -1], [0.1, 0, 0.3]).Call(x)),
        ["normalization"] = () => Single([3, 4], x => new Normalization(-1, [0.5, -1, 2, 0], [4, 0.25, 1, 0]).Call(x)),
        ["normalization_invert"] = () => Single([4], x => new Normalization(-1, [0.5, -1, 2, 0], [4, 0.25, 1, 9], invert: true).Call(x)),
        ["relu_layer_general"] = () => Single([6], x => new ReLU(maxValue: 0.4, negativeSlope: 0.1, threshold: 0.2).Call(x)),
        ["relu_layer_capped"] = () => Single([6], x => new ReLU(maxValue: 0.3).Call(x)),
        ["leaky_elu_prelu"] = () => Single([3, 4], x => new PReLU().Call(new ELU(0.7).Call(new LeakyReLU(0.2).Call(x)))),
        ["softmax_layer_axis1"] = () => Single([3, 4], x => new Softmax(1).Call(x)),
        ["add_sub_mul"] = () => Single([4, 4, 2], x =>
        {
            var a = new Conv2D(2, 3, padding: Padding.Same).Call(x);
            var b = new Conv2D(2, 1).Call(x);
            return new Multiply().Call(new Subtract().Call(new Add().Call(a, b), x), b);
        }),
        ["max_min_avg"] = () => Single([5], x =>
        {
            var a = new Dense(5).Call(x);
            return new Average().Call(new Maximum().Call(a, x), new Minimum().Call(a, x));
        }),
        ["concatenate_channels"] = () => Single([4, 4, 2], x => new Concatenate().Call(new Conv2D(3, 3, padding: Padding.Same).Call(x), x)),
        ["concatenate_axis1"] = () => Single([3, 2], x => new Concatenate(1).Call(x, new Dense(2).Call(x))),
        ["simple_rnn"] = () => Single([5, 3], x => new SimpleRNN(4).Call(x)),
        ["lstm_sequences"] = () => Single([5, 3], x => new LSTM(4, returnSequences: true).Call(x)),
        ["lstm_backwards"] = () => Single([5, 3], x => new LSTM(4, goBackwards: true, returnSequences: true).Call(x)),
        ["gru_reset_after"] = () => Single([5, 3], x => new GRU(4).Call(x)),
        ["gru_reset_before_backwards"] = () => Single([5, 3], x => new GRU(4, resetAfter: false, goBackwards: true).Call(x)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerRunsInOnnxRuntime(string name)
    {
        OrtHarness.CheckWithRandomWeights(Layers[name](), 11, batch: 3);
    }

    public static TheoryData<string> ActivationNames() =>
        ["linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu", "gelu", "gelu_approximate",
         "silu", "mish", "softplus", "softsign", "hard_sigmoid", "exponential", "leaky_relu"];

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void ActivationRunsInOnnxRuntime(string activation)
    {
        // Through Dense (channels last) and Conv2D (channels first, where softmax needs a transpose back).
        OrtHarness.CheckWithRandomWeights(Single([6], x => new Dense(5, ActivationFunction.FromName(activation)).Call(x)), 3, batch: 4);
        OrtHarness.CheckWithRandomWeights(Single([4, 4, 2], x => new Conv2D(3, 3, activation: ActivationFunction.FromName(activation)).Call(x)), 5, batch: 2);
    }

    [Fact]
    public void LstmWithStatesAndInitialStates()
    {
        var x = new Input(5, 3);
        var h0 = new Input(4);
        var c0 = new Input(4);
        var outs = new LSTM(4, returnState: true).CallMultiple([x.Output, h0.Output, c0.Output]);
        OrtHarness.CheckWithRandomWeights(new Model([x.Output, h0.Output, c0.Output], [.. outs]), 2, batch: 2);
    }

    [Fact]
    public void ChainedConvolutionsTransposeOnceEachWay()
    {
        var model = new Sequential(new Input(8, 8, 1), new Conv2D(4, 3, activation: "relu"), new BatchNormalization(),
            new Conv2D(4, 3, activation: "relu"), new MaxPooling2D(2), new Flatten(), new Dense(3, "softmax"));
        var bytes = OrtHarness.CheckWithRandomWeights(model, 9, batch: 5);
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal(2, proto.Graph.Node.Count(n => n.OpType == "Transpose"));
        Assert.Equal(17, proto.OpsetImport.Single().Version);
        Assert.Equal("N", proto.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
    }
}
