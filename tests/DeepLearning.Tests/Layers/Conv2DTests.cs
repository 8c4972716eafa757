using DeepLearning.Initializers;
using DeepLearning.Layers;
using DeepLearning.Regularizers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

// Reference script (run with /usr/bin/python3, torch 1.13) for the Keras numbers here and in Conv2DTransposeTests:
// # Reference numbers for tests/DeepLearning.Tests/Layers/Conv2DTests.cs and Conv2DTransposeTests.cs.
// # Keras semantics through PyTorch: Keras kernels (kh, kw, in, out) -> torch (out, in, kh, kw); Keras "same" pads
// # (TF SAME, odd cell bottom/right) applied with F.pad; Keras transposed kernels (kh, kw, out, in) -> torch
// # conv_transpose2d weights (in, out, kh, kw), the full transposed output cropped at TF's SAME "pad before".
// import numpy as np, torch, torch.nn.functional as F
// torch.set_default_dtype(torch.float64)
// def seq(shape, a, b, f=np.sin):
//     n = int(np.prod(shape)); return f(a*np.arange(n)+b).reshape(shape)
// def same_pads(n, k, s, d=1):
//     ke = d*(k-1)+1; out = -(-n//s); tot = max((out-1)*s+ke-n, 0); return tot//2, tot-tot//2
// def conv2d(x, k, b, s, padding, d=1):
//     xt = torch.tensor(x).permute(0,3,1,2); kt = torch.tensor(k).permute(3,2,0,1)
//     if padding == 'same':
//         t, bo = same_pads(x.shape[1], k.shape[0], s, d); l, r = same_pads(x.shape[2], k.shape[1], s, d)
//         xt = F.pad(xt, (l, r, t, bo))
//     return F.conv2d(xt, kt, torch.tensor(b), stride=s, dilation=d).permute(0,2,3,1).numpy()
// def show(name, a): print(name, a.shape, ', '.join(repr(float(v)) for v in a.reshape(-1)))
// # strided, same (pads H (1,1), W (0,1)), with bias
// show('strided_same', conv2d(seq((1,5,4,2), 0.7, 0.3), seq((3,3,2,2), 0.3, -0.5, np.cos), np.array([0.1, -0.2]), 2, 'same'))
// # dilated 2, same (effective window 3x5: pads H (1,1), W (2,2)), no bias
// show('dilated_same', conv2d(seq((1,4,5,1), 0.7, 0.3), seq((2,3,1,1), 0.3, -0.5, np.cos), np.zeros(1), 1, 'same', 2))
// # transposed, stride 2, same: kernel (4,3,1,2); full output 6x7, TF pad before = ((2-1)*2+4-4)//2 = 1 rows, ((3-1)*2+3-6)//2 = 0 cols
// x = seq((1,2,3,2), 0.7, 0.3); k = seq((4,3,1,2), 0.3, -0.5, np.cos)
// full = F.conv_transpose2d(torch.tensor(x).permute(0,3,1,2), torch.tensor(k).permute(3,2,0,1), torch.tensor([0.25]), stride=2)
// show('transpose_same', full[:, :, 1:5, 0:6].permute(0,2,3,1).numpy())
// # transposed, stride 2, valid, output_padding 1: out (2-1)*2+2+1 = 5 rows, (2-1)*2+3+1 = 6 cols (torch adds the extra cell at the end, as TF)
// x = seq((1,2,2,1), 0.7, 0.3); k = seq((2,3,1,1), 0.3, -0.5, np.cos)
// y = F.conv_transpose2d(torch.tensor(x).permute(0,3,1,2), torch.tensor(k).permute(3,2,0,1), None, stride=2, output_padding=1)
// show('transpose_valid_op1', y.permute(0,2,3,1).numpy())

public class Conv2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new Conv2D(3, 3, padding: Padding.Same), [2, 5, 4, 2], [2, 5, 4, 3], 3 * 3 * 2 * 3 + 3);
        LayerHarness.Check(() => new Conv2D(4, (3, 2), strides: (2, 3), padding: Padding.Same), [2, 5, 7, 2], [2, 3, 3, 4], 3 * 2 * 2 * 4 + 4);
        LayerHarness.Check(() => new Conv2D(2, 3, dilationRate: 2, useBias: false), [1, 6, 5, 2], [1, 2, 1, 2], 3 * 3 * 2 * 2);
        LayerHarness.Check(() => new Conv2D(4, 2, groups: 2, activation: Activation.Tanh), [2, 4, 4, 4], [2, 3, 3, 4], 2 * 2 * 2 * 4 + 4);
    }

    [Fact]
    public void ParameterCountsOfTheCourseNotes()
    {
        // SEEDS.md §4 item 4: "10 (3,3,3) filters … 27+1 (bias) parameters … 280 in total".
        var ten = new Conv2D(10, 3);
        ten.Call(Tensor.Zeros([1, 8, 8, 3]));
        Assert.Equal(280, ten.CountParams());
        // "5·5·3·10 + 10 = 760 weights"; 32×32×3 input, 5×5 kernel, valid → 28×28×10.
        var conv = new Conv2D(10, 5);
        var y = conv.Call(Tensor.Zeros([1, 32, 32, 3]));
        Assert.Equal(new Shape(1, 28, 28, 10), y.Shape);
        Assert.Equal(760, conv.CountParams());
        Assert.Equal(new Shape(5, 5, 3, 10), conv.Kernel!.Shape);
        // "with a FC layer we would have 32·32·3·10 ≈ 31k": exactly 30,720 weights + 10 biases.
        var fc = new Dense(10);
        fc.Call(new Flatten().Call(Tensor.Zeros([1, 32, 32, 3])));
        Assert.Equal(30_730, fc.CountParams());
    }

    [Fact]
    public void TheWorkedTwoDimensionalExampleIsACrossCorrelation()
    {
        // SEEDS.md §4 item 6 (S4 "How Convolutions Work"): the feature map starts "4", then "4 3"; full valid map
        // [[4,3,4],[2,4,3],[2,3,4]]. The kernel is symmetric under a flip only on its diagonal, so a flipped
        // (true) convolution would give a different map: this checks cross-correlation.
        var image = Tensor.FromArray(new double[,] { { 1, 1, 1, 0, 0 }, { 0, 1, 1, 1, 0 }, { 0, 0, 1, 1, 1 }, { 0, 0, 1, 1, 0 }, { 0, 1, 1, 0, 0 } });
        var kernel = Tensor.FromArray(new double[,] { { 1, 0, 1 }, { 0, 1, 0 }, { 1, 0, 1 } });
        var conv = new Conv2D(1, 3, useBias: false);
        var x = image.Reshape(1, 5, 5, 1);
        conv.Call(x);
        Set(conv.Kernel, kernel.Reshape(3, 3, 1, 1));
        TestHelpers.AssertValues([4, 3, 4, 2, 4, 3, 2, 3, 4], conv.Call(x));
        // An asymmetric kernel tells correlation from convolution: k[0,1] = 1 only (the pixel above) picks x[i, j+1].
        var shift = new Conv2D(1, 3, useBias: false);
        shift.Call(x);
        Set(shift.Kernel, Tensor.FromArray(new double[,] { { 0, 1, 0 }, { 0, 0, 0 }, { 0, 0, 0 } }).Reshape(3, 3, 1, 1));
        TestHelpers.AssertValues([1, 1, 0, 1, 1, 1, 0, 1, 1], shift.Call(x)); // rows 0–2, cols 1–3 of the image
    }

    [Fact]
    public void SameStridedOutputSizeFollowsKeras()
    {
        // SEEDS.md §4 item 7: 128×128, stride 2, same, k = 3 → 64×64 (⌈n/s⌉).
        var y = new Conv2D(1, 3, strides: 2, padding: Padding.Same).Call(Tensor.Zeros([1, 128, 128, 1]));
        Assert.Equal(new Shape(1, 64, 64, 1), y.Shape);
        // (n + 2p − f)/s + 1 with p = (f − 1)/2 = 1: ⌊(128 + 2 − 3)/2⌋ + 1 = 64 as well.
        Assert.Equal(new Shape(1, 64, 64, 1), Tensor.Zeros([1, 128, 128, 1]).Conv2D(Tensor.Zeros([3, 3, 1, 1]), (2, 2), (1, 1, 1, 1)).Shape);
    }

    [Fact]
    public void TheMnistCnnHasTheDerivedShapesAndCounts()
    {
        // SEEDS.md §4 item 9 (A9, 28×28×1 input): 28×28×32 (320), 28×28×64 (18,496), 14×14×64 (0), 12,544,
        // 128 (1,605,760), 10 (1,290); total 1,625,866. Dropout has no weights and is left out here.
        var layers = new Layer[]
        {
            new Conv2D(32, 3, padding: Padding.Same, activation: Activation.ReLU, kernelInitializer: Initializer.HeNormal),
            new Conv2D(64, 3, padding: Padding.Same, activation: Activation.ReLU, kernelInitializer: Initializer.HeNormal),
            new MaxPooling2D(),
            new Flatten(),
            new Dense(128, Activation.ReLU, kernelInitializer: Initializer.HeNormal),
            new Dense(10, Activation.Softmax),
        };
        var shapes = new[] { new Shape(1, 28, 28, 32), new Shape(1, 28, 28, 64), new Shape(1, 14, 14, 64), new Shape(1, 12_544), new Shape(1, 128), new Shape(1, 10) };
        var counts = new long[] { 320, 18_496, 0, 0, 1_605_760, 1_290 };
        var x = Tensor.RandomUniform([1, 28, 28, 1], generator: new Generator(1));
        for (int i = 0; i < layers.Length; i++)
        {
            x = layers[i].Call(x);
            Assert.Equal(shapes[i], x.Shape);
            Assert.Equal(counts[i], layers[i].CountParams());
        }
        Assert.Equal(1_625_866, layers.Sum(l => l.CountParams()));
        Assert.Equal(1.0, x.Sum().Item<float>(), 5);
    }

    [Fact]
    public void StridedSameConvolutionMatchesKeras()
    {
        // the script at the top of this file (torch 1.13, float64), Keras semantics:
        //   seq(shape, a, b, f=sin) = f(a*arange(n) + b).reshape(shape)
        //   x = seq((1,5,4,2), 0.7, 0.3); k = seq((3,3,2,2), 0.3, -0.5, cos)   # Keras layout (kh, kw, in, out)
        //   torch: kernel.permute(3,2,0,1); Keras "same" pads H (1,1), W (0,1) (odd cell right) with F.pad;
        //   F.conv2d(x, k, bias=[0.1, -0.2], stride=2)
        var conv = new Conv2D(2, 3, strides: 2, padding: Padding.Same);
        var x = Seq([1, 5, 4, 2], 0.7, 0.3);
        conv.Call(x);
        Set(conv.Kernel, Seq([3, 3, 2, 2], 0.3, -0.5, cos: true));
        Set(conv.Bias, Tensor.FromArray(new[] { 0.1, -0.2 }));
        var y = conv.Call(x);
        Assert.Equal(new Shape(1, 3, 2, 2), y.Shape);
        TestHelpers.AssertValues([-3.217398193806903, -3.379384021163156, 2.0429215869286947, 1.369121475407215, -0.007110486457973936,
            -0.11140126441604575, -0.40667579257314634, -0.8231037931982528, 0.021003820787503985, -1.1903539575670765, 0.9473629370098589,
            1.1641313875759827], y, 1e-12);
    }

    [Fact]
    public void DilatedSameConvolutionMatchesKeras()
    {
        // the script at the top of this file: x = seq((1,4,5,1), 0.7, 0.3); k = seq((2,3,1,1), 0.3, -0.5, cos); dilation 2, same
        // (effective window 3×5 → pads H (1,1), W (2,2)); no bias.
        var conv = new Conv2D(1, (2, 3), dilationRate: 2, padding: Padding.Same, useBias: false);
        var x = Seq([1, 4, 5, 1], 0.7, 0.3);
        conv.Call(x);
        Set(conv.Kernel, Seq([2, 3, 1, 1], 0.3, -0.5, cos: true));
        TestHelpers.AssertValues([-0.9453073152314455, -0.9496626974495029, -1.070935311388294, -1.1863215079477594, -0.5754356454549172,
            2.2849937033867747, 2.2668754114304, 2.225257571757761, 2.3306677310791892, 1.043574258175032, -2.42251605058991,
            -1.8227009975358084, -1.8060990994167416, -1.7801659923310773, -0.14280093915815917, 1.4931416538332458, 0.9942886025498152,
            0.7741344335558387, 0.8925251111377475, -0.03080061637944098], conv.Call(x), 1e-12);
    }

    [Fact]
    public void Float32MatchesFloat64()
    {
        var conv32 = new Conv2D(5, 3, strides: (2, 1), padding: Padding.Same, activation: Activation.ReLU);
        var conv64 = new Conv2D(5, 3, strides: (2, 1), padding: Padding.Same, activation: Activation.ReLU);
        var x = Seq([3, 7, 6, 4], 0.37, 0.1);
        conv32.Call(x.Cast(DType.Float32));
        conv64.Call(x);
        Set(conv64.Kernel, conv32.Kernel!);
        TestHelpers.AssertClose(conv64.Call(x), conv32.Call(x.Cast(DType.Float32)).Cast(DType.Float64), 1e-5, 1e-5);
    }

    [Fact]
    public void BadInputRaisesClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(-4, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(4, (3, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(4, 3, strides: 0));
        Assert.Contains("groups", Assert.Throws<ArgumentException>(() => new Conv2D(5, 3, groups: 2)).Message);
        Assert.Contains("dilation", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, strides: 2, dilationRate: 2)).Message);
        Assert.Contains("Causal", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, padding: Padding.Causal)).Message);

        var big = new Conv2D(4, 5, name: "too_big");
        var e = Assert.Throws<ArgumentException>(() => big.Call(Tensor.Zeros([2, 4, 4, 3])));
        Assert.Contains("too_big", e.Message);
        Assert.Contains("(None, 4, 4, 3)", e.Message);
        Assert.False(big.Built);
        Assert.Equal(new Shape(2, 1, 2, 4), big.Call(Tensor.Zeros([2, 5, 6, 3])).Shape);
        var rank = Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, name: "flat").Call(Tensor.Zeros([2, 28, 28])));
        Assert.Contains("flat", rank.Message);
        Assert.Contains("(None, 28, 28)", rank.Message);
        Assert.Contains("groups", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, groups: 2).Call(Tensor.Zeros([1, 5, 5, 3]))).Message);
        // Later calls: spatial sizes may change (as in Keras), channels may not; too small a later input names the layer.
        var conv = new Conv2D(2, 3, name: "later");
        conv.Call(Tensor.Zeros([1, 5, 5, 1]));
        Assert.Contains("later", Assert.Throws<ArgumentException>(() => conv.Call(Tensor.Zeros([1, 2, 9, 1]))).Message);
        Assert.Throws<ArgumentException>(() => conv.Call(Tensor.Zeros([1, 5, 5, 2])));
    }

    [Fact]
    public void ConfigRoundTrip()
    {
        var layer = new Conv2D(4, (3, 2), strides: (2, 1), padding: Padding.Same, groups: 2, activation: Activation.Tanh,
            kernelInitializer: Initializer.HeNormal, name: "conv_rt");
        var copy = RoundTrip(layer, Seq([2, 5, 6, 2], 0.3, 0.2));
        var c = copy.GetConfig();
        Assert.Equal(new[] { 3, 2 }, c.GetInts("kernel_size"));
        Assert.Equal("same", c.GetString("padding"));
        Assert.Equal("he_normal", c.GetString("kernel_initializer"));
        Assert.Equal("channels_last", c.GetString("data_format"));
        Assert.Throws<InvalidDataException>(() => Conv2D.FromConfig(layer.GetConfig().Set("data_format", "channels_first")));
        Assert.Throws<InvalidDataException>(() => Conv2D.FromConfig(layer.GetConfig().Set("padding", "full")));
    }

    [Fact]
    public void RegularizersAndConstraintsApplyToKernelAndBias()
    {
        var conv = new Conv2D(2, 2, kernelRegularizer: Regularizer.L2(0.1), biasRegularizer: Regularizer.L1(0.5),
            kernelConstraint: Constraint.NonNeg(), biasInitializer: new Constant(-1));
        conv.Call(Tensor.Zeros([1, 3, 3, 1]));
        var k = conv.Kernel!.ToArray<float>();
        var losses = conv.Losses;
        Assert.Equal(2, losses.Count);
        Assert.Equal(0.1 * k.Sum(v => (double)v * v), losses[0].Item<float>(), 5);  // Keras L2: λ·Σw²
        Assert.Equal(0.5 * 2, losses[1].Item<float>(), 5);                          // L1 of a bias of −1s
        conv.ApplyConstraints();
        Assert.Equal(k.Select(v => Math.Max(v, 0f)).ToArray(), conv.Kernel!.ToArray<float>());
        Assert.Equal(new float[] { -1, -1 }, conv.Bias!.ToArray<float>());
    }

    [Fact]
    public void SymbolicCallsInferConvAndPoolShapes()
    {
        // The functional API builds every layer from the symbolic input's per-sample shape.
        var input = new Input(28, 28, 1);
        var h = new Conv2D(8, 3, strides: 2, padding: Padding.Same).Call(input);
        Assert.Equal(new Shape(14, 14, 8), h.Shape);
        h = new MaxPooling2D(2).Call(h);
        Assert.Equal(new Shape(7, 7, 8), h.Shape);
        h = new Conv2DTranspose(4, 3, strides: 2, padding: Padding.Same).Call(h);
        Assert.Equal(new Shape(14, 14, 4), h.Shape);
        h = new GlobalAveragePooling2D().Call(h);
        Assert.Equal(new Shape(4), h.Shape);
        var e = Assert.Throws<ArgumentException>(() => new Conv2D(2, 30, name: "huge").Call(new Input(28, 28, 1)));
        Assert.Contains("(None, 28, 28, 1)", e.Message);
    }
}
