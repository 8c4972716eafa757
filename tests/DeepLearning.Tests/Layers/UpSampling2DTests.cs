using DeepLearning.Layers;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Layers;

// Reference script (run with /usr/bin/python3, torch 1.13):
// # Reference for tests/DeepLearning.Tests/Layers/UpSampling2DTests.cs: Keras UpSampling2D(size=(2, 3), interpolation="bilinear")
// # = tf.image.resize bilinear, half-pixel centres, no antialias = torch interpolate(mode="bilinear", align_corners=False).
// import numpy as np, torch, torch.nn.functional as F
// torch.set_default_dtype(torch.float64)
// x = np.sin(0.7*np.arange(12)+0.3).reshape(1,2,3,2)   # NHWC
// y = F.interpolate(torch.tensor(x).permute(0,3,1,2), size=(4, 9), mode='bilinear', align_corners=False).permute(0,2,3,1).numpy()
// print(y.shape, ', '.join(repr(float(v)) for v in y.reshape(-1)))

public class UpSampling2DTests
{
    [Fact]
    public void HarnessShapesCountsAndGradients()
    {
        LayerHarness.Check(() => new UpSampling2D(), [2, 2, 3, 2], [2, 4, 6, 2], 0);
        LayerHarness.Check(() => new UpSampling2D((1, 3), Interpolation.Bilinear), [1, 2, 3, 2], [1, 2, 9, 2], 0);
    }

    [Fact]
    public void NearestRepeatsCells()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [1, 2, 2, 1]);
        TestHelpers.AssertValues([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4], new UpSampling2D((2, 3)).Call(x));
        x.RequiresGrad = true;
        new UpSampling2D((2, 3)).Call(x).Sum().Backward();
        TestHelpers.AssertValues([6, 6, 6, 6], x.Grad!);
    }

    [Fact]
    public void BilinearMatchesKeras()
    {
        // the script at the top of this file (torch 1.13, float64): x = sin(0.7·arange(12) + 0.3).reshape(1,2,3,2) (NHWC);
        // F.interpolate(x as NCHW, size=(4, 9), mode="bilinear", align_corners=False), which is Keras's
        // UpSampling2D(size=(2, 3), interpolation="bilinear") (tf.image.resize, half-pixel centres, no antialias).
        var x = Seq([1, 2, 3, 2], 0.7, 0.3);
        var y = new UpSampling2D((2, 3), Interpolation.Bilinear).Call(x);
        Assert.Equal(new Shape(1, 4, 9, 2), y.Shape);
        TestHelpers.AssertValues([0.2955202066613396, 0.8414709848078965, 0.2955202066613396, 0.8414709848078965, 0.5275684079250492,
            0.7861350500556481, 0.7596166091887588, 0.7307991153033997, 0.9916648104524685, 0.6754631805511513, 0.6749700944460761,
            0.24635615671986136, 0.3582753784396836, -0.18275086711142857, 0.04158066243329115, -0.6118578909427186, 0.041580662433290935,
            -0.6118578909427188, -0.02274237442026955, 0.41023957467588396, -0.02274237442026955, 0.41023957467588396, 0.20159823093041765,
            0.4683206252144919, 0.425938836281105, 0.5264016757530999, 0.6502794416317922, 0.5844827262917079, 0.5147845117485645,
            0.3191371986774074, 0.379289581865337, 0.053791671063106984, 0.2437946519821094, -0.2115538565511935, 0.24379465198210928,
            -0.2115538565511937, -0.6592675365834879, -0.452223245588141, -0.6592675365834879, -0.452223245588141, -0.45034212305884536,
            -0.16730822446782026, -0.24141670953420297, 0.11760679665250051, -0.032491296009560564, 0.40252181777282114, 0.19441334635354166,
            0.4646992825924997, 0.4213179887166438, 0.5268767474121782, 0.6482226310797459, 0.5890542122318565, 0.6482226310797461,
            0.5890542122318566, -0.977530117665097, -0.8834546557201535, -0.977530117665097, -0.8834546557201535, -0.7763123000534768,
            -0.4851226493089763, -0.5750944824418569, -0.08679064289779924, -0.37387666483023685, 0.31154136351337774, 0.034227763656030155,
            0.5374803245500458, 0.44233219214229713, 0.7634192855867137, 0.8504366206285641, 0.9893582466233815, 0.8504366206285644,
            0.9893582466233818], y, 1e-12);
        // float32 follows.
        TestHelpers.AssertClose(y, new UpSampling2D((2, 3), Interpolation.Bilinear).Call(x.Cast(DType.Float32)).Cast(DType.Float64), 1e-6, 1e-6);
    }

    [Fact]
    public void BadInputAndConfig()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpSampling2D(0));
        Assert.Contains("(None, 4, 4)", Assert.Throws<ArgumentException>(() => new UpSampling2D().Call(Tensor.Zeros([1, 4, 4]))).Message);
        Assert.Equal("bilinear", RoundTrip(new UpSampling2D((3, 2), Interpolation.Bilinear), Seq([2, 2, 2, 3], 0.3, 0.1)).GetConfig().GetString("interpolation"));
        RoundTrip(new UpSampling2D(), Seq([1, 2, 2, 1], 0.3, 0.1));
    }
}
