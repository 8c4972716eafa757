using DeepLearning.Applications;
using DeepLearning.Layers;
using DeepLearning.Models;

namespace DeepLearning.Tests.Applications;

/// <summary>Each builder at a small input: the output shapes (derived from the layer lists), a forward pass of a
/// batch of two giving a probability vector per example, the base without its top, and the documented errors.</summary>
public class BuilderForwardTests
{
    private static void AssertForward(Model model, Shape input, int classes)
    {
        var x = Tensor.RandomUniform([2, .. input.ToArray()], generator: new Generator(3));
        var y = model.Call(x, training: false);
        Assert.Equal(new Shape(2, classes), y.Shape);
        var p = y.ToArray<float>();
        for (int n = 0; n < 2; n++)
        {
            var row = p.AsSpan(n * classes, classes).ToArray();
            Assert.All(row, v => Assert.True(v >= 0 && float.IsFinite(v)));
            Assert.Equal(1.0, row.Sum(), 4);
        }
    }

    private static ApplicationOptions Small(int size, int channels = 3, int classes = 7) =>
        new() { InputShape = new Shape(size, size, channels), Classes = classes };

    [Fact]
    public void Vgg16_RunsAt32()
    {
        // five 2×2 poolings: 32 → 1, so Flatten gives 512 features.
        var model = Vgg.Vgg16(Small(32));
        Assert.Equal([512], model.GetLayer("flatten").OutputShapes![0].ToArray());
        AssertForward(model, new Shape(32, 32, 3), 7);
    }

    [Fact]
    public void Vgg19_BaseWithAveragePooling()
    {
        var model = Vgg.Vgg19(Small(64) with { IncludeTop = false, Pooling = ApplicationPooling.Average });
        Assert.Equal([512], model.SymbolicOutputs![0].Shape.ToArray());
        var baseOnly = Vgg.Vgg19(Small(64) with { IncludeTop = false });
        Assert.Equal([2, 2, 512], baseOnly.SymbolicOutputs![0].Shape.ToArray());
        // 16 convolutions, no dense layer: 143,667,240 − fc1 (25,088·4,096 + 4,096) − fc2 (16,781,312) − predictions (4,097,000).
        Assert.Equal(20_024_384, baseOnly.CountParams());
    }

    [Fact]
    public void ResNets_RunAt32()
    {
        // stem: pad 3 → 38, 7×7/2 → 16, pad 1 → 18, 3×3/2 pool → 8; stages 8, 4, 2, 1.
        var r18 = ResNet.ResNet18(Small(32));
        Assert.Equal([8, 8, 64], r18.GetLayer("pool1_pool").OutputShapes![0].ToArray());
        Assert.Equal([1, 1, 512], r18.GetLayer("conv5_block2_out").OutputShapes![0].ToArray());
        AssertForward(r18, new Shape(32, 32, 3), 7);
        var r50 = ResNet.ResNet50(Small(32));
        Assert.Equal([1, 1, 2048], r50.GetLayer("conv5_block3_out").OutputShapes![0].ToArray());
        AssertForward(r50, new Shape(32, 32, 3), 7);
        var r34 = ResNet.ResNet34(Small(32) with { IncludeTop = false, Pooling = ApplicationPooling.Max });
        Assert.Equal([512], r34.SymbolicOutputs![0].Shape.ToArray());
    }

    [Fact]
    public void MobileNet_RunsAt32_AndAlphaScalesTheWidths()
    {
        var model = MobileNet.MobileNetV1(Small(32));
        Assert.Equal([1, 1, 1024], model.GetLayer("conv_pw_13_relu").OutputShapes![0].ToArray());
        AssertForward(model, new Shape(32, 32, 3), 7);
        // α = 0.25: 8, 16, 32, …, 256 filters. Derived: conv1 27·8 + BN 4·8 = 248; then each block from c to f channels
        // has 9·c (depthwise) + 4c (BN) + c·f (pointwise) + 4f (BN): 296 + 848 + 1,568 + … + 35,456 + 69,888, total 218,544
        // (plus Keras's 256·1,000 + 1,000 classifier: the 475,544 of keras.applications.MobileNet(alpha=0.25)).
        var narrow = MobileNet.MobileNetV1(Small(32) with { IncludeTop = false }, alpha: 0.25);
        Assert.Equal([1, 1, 256], narrow.SymbolicOutputs![0].Shape.ToArray());
        Assert.Equal(218_544, narrow.CountParams());
    }

    [Fact]
    public void GoogLeNet_RunsAt32()
    {
        var model = GoogLeNet.Build(Small(32));
        Assert.Equal([4, 4, 480], model.GetLayer("inception_3b_output").OutputShapes![0].ToArray());
        AssertForward(model, new Shape(32, 32, 3), 7);
    }

    [Fact]
    public void InceptionBlock_ConcatenatesTheFourBranches()
    {
        var input = new Input(5, 5, 8);
        var y = GoogLeNet.InceptionBlock(input, 2, 3, 4, 1, 5, 6, "probe");
        Assert.Equal([5, 5, 17], y.Shape.ToArray());
        // 8·(2 + 3 + 1 + 6) + 9·3·4 + 25·1·5 + (2 + 3 + 4 + 1 + 5 + 6) = 96 + 108 + 125 + 21.
        Assert.Equal(350, new Model(input, y).CountParams());
        Assert.Throws<ArgumentOutOfRangeException>(() => GoogLeNet.InceptionBlock(input, 2, 0, 4, 1, 5, 6, "bad"));
    }

    [Fact]
    public void LeNet5AndAlexNet_RunAtTheirSmallestInputs()
    {
        var lenet = LeNet5.Build();
        Assert.Equal([1, 1, 120], lenet.GetLayer("c5").OutputShapes![0].ToArray());
        AssertForward(lenet, new Shape(32, 32, 1), 10);
        // 67 → conv1 15 → pool 7 → pool 3 → pool 1.
        var alex = AlexNet.Build(Small(67));
        Assert.Equal([1, 1, 256], alex.GetLayer("pool5").OutputShapes![0].ToArray());
        AssertForward(alex, new Shape(67, 67, 3), 7);
    }

    [Fact]
    public void UNet_ValidPaddingCropsTheSkips()
    {
        // 188 → 184 → 92 → 88 → 44 → 40 → 20 → 16 → 8 → bottleneck 4 → up 8 → 4 → 8 → 4 → 8 → 4 → 8 → 4.
        var model = UNet.Build(new ApplicationOptions { InputShape = new Shape(188, 188, 1), Classes = 3 }, filters: 2);
        Assert.Equal([4, 4, 3], model.SymbolicOutputs![0].Shape.ToArray());
        Assert.Equal([16, 16, 16], model.GetLayer("enc4_relu2").OutputShapes![0].ToArray());
        var y = model.Call(Tensor.RandomUniform([1, 188, 188, 1], generator: new Generator(5)));
        Assert.Equal(new Shape(1, 4, 4, 3), y.Shape);
        Assert.Equal(16.0, y.Sum().Item<float>(), 3);   // a softmax per pixel
        var same = UNet.Build(new ApplicationOptions { InputShape = new Shape(16, 16, 3), Classes = 4 }, filters: 4, depth: 2,
            padding: Padding.Same, batchNormalization: true);
        Assert.Equal([16, 16, 4], same.SymbolicOutputs![0].Shape.ToArray());
    }

    [Fact]
    public void BadOptions_NameTheNetworkAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Vgg.Vgg16(new ApplicationOptions { InputShape = new Shape(16, 16, 3) }));
        Assert.Contains("vgg16", e.Message);
        Assert.Contains("(16, 16, 3)", e.Message);
        Assert.Throws<ArgumentException>(() => ResNet.ResNet18(new ApplicationOptions { InputShape = new Shape(64, 64) }));
        Assert.Throws<ArgumentException>(() => MobileNet.MobileNetV1(new ApplicationOptions { Pooling = ApplicationPooling.Average }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LeNet5.Build(new ApplicationOptions { Classes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MobileNet.MobileNetV1(alpha: 0));
        var odd = Assert.Throws<ArgumentException>(() => UNet.Build(new ApplicationOptions { InputShape = new Shape(18, 18, 1) }, filters: 2, depth: 2, padding: Padding.Same));
        Assert.Contains("odd", odd.Message);
    }
}
