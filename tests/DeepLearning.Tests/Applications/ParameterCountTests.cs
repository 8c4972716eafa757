using DeepLearning.Applications;
using DeepLearning.Models;

namespace DeepLearning.Tests.Applications;

/// <summary>
/// The model builders' parameter counts at their standard inputs, against the counts Keras's and torchvision's
/// summaries print, or, where no framework ships the network, a layer-by-layer derivation from the paper (conv:
/// k·k·(c_in/groups)·c_out + c_out bias; dense: in·out + out; BatchNormalization: 2 trainable + 2 moving per channel).
/// Building a model runs each layer once on one example, so these tests also check that the standard shapes flow.
/// </summary>
public class ParameterCountTests
{
    private static long Count(IReadOnlyList<Tensor> weights) => weights.Sum(w => (long)w.ElementCount);

    [Fact]
    public void Vgg16_HasKerasCount()
    {
        // keras.applications.VGG16().summary(): "Total params: 138,357,544".
        var model = Vgg.Vgg16();
        Assert.Equal(138_357_544, model.CountParams());
        Assert.Equal([1000], model.SymbolicOutputs![0].Shape.ToArray());
    }

    [Fact]
    public void Vgg19_HasKerasCount()
    {
        // keras.applications.VGG19().summary(): "Total params: 143,667,240".
        Assert.Equal(143_667_240, Vgg.Vgg19().CountParams());
    }

    [Fact]
    public void ResNet50_HasKerasCounts()
    {
        // keras.applications.ResNet50().summary(): total 25,636,712; trainable 25,583,592; non-trainable 53,120
        // (the moving mean and variance of 26,560 BatchNormalization channels).
        var model = ResNet.ResNet50();
        Assert.Equal(25_636_712, model.CountParams());
        Assert.Equal(25_583_592, Count(model.TrainableWeights));
        Assert.Equal(53_120, Count(model.NonTrainableWeights));
    }

    [Fact]
    public void ResNet18And34_HaveTorchvisionCounts()
    {
        // sum(p.numel() for p in torchvision.models.resnet18().parameters()) = 11,689,512 and resnet34's 21,797,672:
        // PyTorch's parameters are our trainable weights (its running statistics are buffers, not parameters).
        // BatchNormalization channels: resnet18 4,800 (64 + 4·64 + 4·128 + 4·256 + 4·512 + 3 shortcut BNs of 128,
        // 256, 512 = 64 + 256 + 512 + 1024 + 2048 + 896), so 9,600 moving statistics.
        var r18 = ResNet.ResNet18();
        Assert.Equal(11_689_512, Count(r18.TrainableWeights));
        Assert.Equal(9_600, Count(r18.NonTrainableWeights));
        Assert.Equal(21_797_672, Count(ResNet.ResNet34().TrainableWeights));
    }

    [Fact]
    public void MobileNetV1_HasKerasCounts()
    {
        // keras.applications.MobileNet(alpha=1.0).summary(): total 4,253,864; trainable 4,231,976; non-trainable 21,888.
        var model = MobileNet.MobileNetV1();
        Assert.Equal(4_253_864, model.CountParams());
        Assert.Equal(4_231_976, Count(model.TrainableWeights));
        Assert.Equal([1000], model.SymbolicOutputs![0].Shape.ToArray());
    }

    [Fact]
    public void LeNet5_HasTheDerivedCount()
    {
        // 32×32×1 input, valid 5×5 convolutions, 2×2 average pooling:
        //   C1 5·5·1·6 + 6      =    156   → 28×28×6,  S2 → 14×14×6 (no weights here)
        //   C3 5·5·6·16 + 16    =  2,416   → 10×10×16, S4 → 5×5×16
        //   C5 5·5·16·120 + 120 = 48,120   → 1×1×120
        //   F6 120·84 + 84      = 10,164
        //   output 84·10 + 10   =    850
        //   total                 61,706
        // (The paper's 60,000 = 156 + 12 (S2) + 1,516 (C3's partial connections, Table I) + 32 (S4) + 48,120 + 10,164,
        // with a fixed RBF output layer.)
        var model = LeNet5.Build();
        Assert.Equal(61_706, model.CountParams());
        Assert.Equal([10], model.SymbolicOutputs![0].Shape.ToArray());
    }

    [Fact]
    public void AlexNet_HasThePapersCount()
    {
        // 227×227×3 input, the paper's two-GPU grouping (conv2, conv4, conv5 see half of the previous maps):
        //   conv1 11·11·3·96 + 96      =     34,944  → 55×55×96, pool → 27×27×96
        //   conv2 5·5·48·256 + 256     =    307,456  → 27×27×256, pool → 13×13×256
        //   conv3 3·3·256·384 + 384    =    885,120
        //   conv4 3·3·192·384 + 384    =    663,936
        //   conv5 3·3·192·256 + 256    =    442,624  → 13×13×256, pool → 6×6×256
        //   fc6 9,216·4,096 + 4,096    = 37,752,832
        //   fc7 4,096·4,096 + 4,096    = 16,781,312
        //   fc8 4,096·1,000 + 1,000    =  4,097,000
        //   total                        60,965,224   ("60 million parameters", §1)
        // Ungrouped, conv2/4/5 double: 614,656 + 1,327,488 + 884,992, total 62,378,344.
        var model = AlexNet.Build();
        Assert.Equal(60_965_224, model.CountParams());
        Assert.Equal([6, 6, 256], model.GetLayer("pool5").OutputShapes![0].ToArray());
        Assert.Equal(62_378_344, AlexNet.Build(grouped: false).CountParams());
    }

    [Fact]
    public void GoogLeNet_HasTheDerivedCount()
    {
        // Table 1 of the paper, biases included, no auxiliary classifiers. Inception block with c inputs:
        // c·(#1×1 + #3×3red + #5×5red + poolproj) + 9·#3×3red·#3×3 + 25·#5×5red·#5×5 + biases (sum of the six counts).
        //   conv1 7·7·3·64 + 64 = 9,472; conv2 reduce 64·64 + 64 = 4,160; conv2 3·3·64·192 + 192 = 110,784
        //   3a (c 192: 64, 96→128, 16→32, 32):       192·208 + 9·96·128 + 25·16·32 + 368     =   163,696
        //   3b (c 256: 128, 128→192, 32→96, 64):     256·352 + 9·128·192 + 25·32·96 + 640    =   388,736
        //   4a (c 480: 192, 96→208, 16→48, 64):      480·368 + 9·96·208 + 25·16·48 + 624     =   376,176
        //   4b (c 512: 160, 112→224, 24→64, 64):     512·360 + 9·112·224 + 25·24·64 + 648    =   449,160
        //   4c (c 512: 128, 128→256, 24→64, 64):     512·344 + 9·128·256 + 25·24·64 + 664    =   510,104
        //   4d (c 512: 112, 144→288, 32→64, 64):     512·352 + 9·144·288 + 25·32·64 + 704    =   605,376
        //   4e (c 528: 256, 160→320, 32→128, 128):   528·576 + 9·160·320 + 25·32·128 + 1,024 =   868,352
        //   5a (c 832: 256, 160→320, 32→128, 128):   832·576 + 9·160·320 + 25·32·128 + 1,024 = 1,043,456
        //   5b (c 832: 384, 192→384, 48→128, 128):   832·752 + 9·192·384 + 25·48·128 + 1,264 = 1,444,080
        //   linear 1,024·1,000 + 1,000 = 1,025,000
        //   total 6,998,552 (the paper's table rounds and omits biases, and its per-block figures sum to about 6.8M)
        var model = GoogLeNet.Build();
        Assert.Equal(6_998_552, model.CountParams());
        Assert.Equal([7, 7, 1024], model.GetLayer("inception_5b_output").OutputShapes![0].ToArray());
    }

    [Fact]
    public void UNet_HasTheDerivedCount()
    {
        // The paper's Figure 1 (64 filters, 4 levels, 1 input channel, 2 classes). Two 3×3 convs c→f→f:
        // 9·c·f + f + 9·f·f + f. Encoder 1→64: 37,568; 64→128: 221,440; 128→256: 885,248; 256→512: 3,539,968;
        // bottleneck 512→1024: 14,157,824. Decoder level f: up-conv 2·2·2f·f + f, then convs 2f→f→f:
        // f=512: 2,097,664 + 7,078,912; f=256: 524,544 + 1,769,984; f=128: 131,200 + 442,624; f=64: 32,832 + 110,720.
        // 1×1 classifier 64·2 + 2 = 130. Total 31,030,658. The count does not depend on the input size or padding,
        // so a small "same" input keeps the test fast.
        var model = UNet.Build(new ApplicationOptions { InputShape = new Shape(16, 16, 1), Classes = 2 }, padding: Padding.Same);
        Assert.Equal(31_030_658, model.CountParams());
    }
}
