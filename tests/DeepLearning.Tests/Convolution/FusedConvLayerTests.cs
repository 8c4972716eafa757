using DeepLearning.Devices.Cpu;
using DeepLearning.Layers;
using DeepLearning.Models;
using static DeepLearning.Tests.Layers.LayerTestUtil;

namespace DeepLearning.Tests.Convolution;

// Reference script (run with /usr/bin/python3, torch 1.13, float64) for the numbers below; Keras semantics as in
// Layers/Conv2DTests.cs (Keras kernels (kh, kw, in, out) -> torch (out, in, kh, kw); Keras "same" pads applied with F.pad),
// and Keras's "same" average pooling (windows clipped to the input, the mean over the real cells only):
// import numpy as np, torch, torch.nn.functional as F
// torch.set_default_dtype(torch.float64)
// def seq(shape, a, b, f=np.sin):
//     n = int(np.prod(shape)); return f(a*np.arange(n)+b).reshape(shape)
// def same_pads(n, k, s):
//     out = -(-n//s); tot = max((out-1)*s+k-n, 0); return tot//2, tot-tot//2
// def conv2d(x, k, b, s, padding):
//     xt = torch.tensor(x).permute(0,3,1,2); kt = torch.tensor(k).permute(3,2,0,1)
//     if padding == 'same':
//         t, bo = same_pads(x.shape[1], k.shape[0], s[0]); l, r = same_pads(x.shape[2], k.shape[1], s[1])
//         xt = F.pad(xt, (l, r, t, bo))
//     return F.conv2d(xt, kt, None if b is None else torch.tensor(b), stride=s)
// def avg_pool_same(y, p, s):
//     # Keras "same" average pooling: windows clipped to the input, mean over the real cells only
//     t, bo = same_pads(y.shape[2], p, s); l, r = same_pads(y.shape[3], p, s)
//     num = F.avg_pool2d(F.pad(y, (l, r, t, bo)), p, s)
//     den = F.avg_pool2d(F.pad(torch.ones_like(y), (l, r, t, bo)), p, s)
//     return num/den
// def show(name, a): print(name, a.shape, ', '.join(repr(float(v)) for v in a.reshape(-1)))
// # Conv2D(5, 3x3, same, relu) + MaxPooling2D(2) on (2,7,6,3)
// x = seq((2,7,6,3), 0.7, 0.3); k = seq((3,3,3,5), 0.3, -0.5, np.cos); b = 0.3*seq((5,), 0.9, 0.2)
// show('relu_max', F.max_pool2d(F.relu(conv2d(x, k, b, (1,1), 'same')), 2).permute(0,2,3,1).numpy())
// # Conv2D(17, (2,3), strides (1,2), valid, tanh) + AveragePooling2D(3, strides 2, same) on (1,6,7,2)
// x = seq((1,6,7,2), 0.37, 0.1); k = seq((2,3,2,17), 0.13, 0.4, np.cos); b = 0.2*seq((17,), 0.5, -0.3)
// show('tanh_avg_same', avg_pool_same(torch.tanh(conv2d(x, k, b, (1,2), 'valid')), 3, 2).permute(0,2,3,1).numpy())

/// <summary>
/// Inference through a <see cref="Sequential"/> model whose <see cref="Conv2D"/> is followed by a pooling layer: with no
/// gradient recorded the two run as one fused kernel (<see cref="Conv2D.TryCallPooled"/>); the results match PyTorch's
/// conv2d + activation + pooling, in float64, and the fused path is taken only where it applies.
/// </summary>
public class FusedConvLayerTests
{
    private static (Sequential Model, Conv2D Conv, Pooling2D Pool) Build(Conv2D conv, Pooling2D pool, Tensor x, Tensor kernel, Tensor bias)
    {
        var model = new Sequential(conv, pool);
        using (Tensor.NoGrad()) model.Call(x);
        Set(conv.Kernel, kernel);
        Set(conv.Bias, bias);
        return (model, conv, pool);
    }

    [Fact]
    public void ReluAndMaxPoolingMatchPyTorch()
    {
        var x = Seq([2, 7, 6, 3], 0.7, 0.3);
        var (model, conv, pool) = Build(new Conv2D(5, 3, padding: Padding.Same, activation: Activation.ReLU), new MaxPooling2D(2), x,
            Seq([3, 3, 3, 5], 0.3, -0.5, cos: true), Seq([5], 0.9, 0.2) * 0.3);
        double[] expected = [
            0.0, 0.0, 0.0, 0.0, 0.0, 1.6765537658041978, 1.8477882813507291, 1.6755136539217186, 1.17149638188232,
            0.5149265193066105, 0.4142845995522777, 0.0, 0.0, 0.0, 0.0, 0.05769923984384208, 0.04886927130402438, 0.0,
            0.0, 0.0, 1.6486431116288072, 1.8286448670798803, 1.6668475037383292, 1.1754203319473415,
            0.5413326465536714, 0.5315348179155485, 0.0832894231747695, 0.0, 0.0, 0.0, 0.1790360523704696,
            0.16070607910838428, 0.0, 0.0, 0.0, 1.5874645921038262, 1.7850850518794097, 1.644797461422155,
            1.1755110123499604, 0.5644607941793993, 0.646650933082046, 0.19181591579354015, 0.0, 0.0, 0.0,
            0.3598577358302115, 0.3292069090748175, 0.09069729061246712, 0.0, 0.0, 1.4446882768037346,
            1.677603838667673, 1.5822123269689252, 1.1634125003216895, 0.5927821922021255, 0.8141881579201948,
            0.3572755112427051, 0.11443782846328451, 0.0, 0.0, 0.47882154725742204, 0.441297087254364,
            0.18590115376028044, 0.0, 0.0, 1.4049728917096254, 1.646666035067567, 1.5628156867178697,
            1.1572896675252433, 0.6072913980502358, 0.9217184582377161, 0.4692164741924192, 0.2097803829755689, 0.0,
            0.0, 0.5958896268596157, 0.5526007254365276, 0.28149792801379686, 0.0, 0.0, 1.3210245959319382,
            1.5801479067569941, 1.5196695921686993, 1.1413697188636438, 0.6182243563479516, 1.0253502304151396,
            0.5802446446380154, 0.3054078658303768, 0.0, 0.0];
        using (Tensor.NoGrad())
        {
            Assert.True(conv.TryCallPooled(x, pool, out var fused));
            TestHelpers.AssertValues(expected, fused, 1e-12);
            TestHelpers.AssertValues(expected, model.PredictOnBatch(x), 1e-12);
        }
        TestHelpers.AssertValues(expected, model.Call(x), 1e-12); // recorded for autograd: the layers one by one
    }

    [Fact]
    public void TanhAndSameAveragePoolingMatchPyTorch()
    {
        // 17 filters: one full vector of channels and a partial one (AVX-512 float64: 8 lanes; AVX2: 4).
        var x = Seq([1, 6, 7, 2], 0.37, 0.1);
        var (model, _, _) = Build(new Conv2D(17, (2, 3), strides: (1, 2), activation: Activation.Tanh),
            new AveragePooling2D(3, strides: 2, padding: Padding.Same), x, Seq([2, 3, 2, 17], 0.13, 0.4, cos: true), Seq([17], 0.5, -0.3) * 0.2);
        double[] expected = [
            0.11116141613086819, 0.2908821175610456, 0.44122584902097084, 0.5408052149648541, 0.5881160220368534,
            0.5916798850307977, 0.5634229480454738, 0.5182406494401504, 0.472625485337774, 0.43987548462547305,
            0.4265314687098153, 0.43218702901011513, 0.45127211257519495, 0.4757568116642197, 0.49741922149882456,
            0.5086155690297186, 0.5021309895181644, 0.18834321601563253, 0.20979014860223782, 0.2123675754570673,
            0.18225183450152804, 0.1153923669637831, 0.01713039309725844, -0.09786907078809726, -0.2094933203892412,
            -0.30075065487634883, -0.36388665874635034, -0.39914985897786004, -0.41046271169697185,
            -0.40282260841060474, -0.3817621692131924, -0.3538420006513698, -0.3273221540443425, -0.31169417215198536,
            -0.2322976351023131, -0.09480555947188511, 0.03319815968432223, 0.12432201015180926, 0.17104921720267757,
            0.18104560631034466, 0.16799703402301533, 0.1460100037276127, 0.12743297396875417, 0.12209667181621929,
            0.13643006833956758, 0.17225635854767374, 0.22600914256327787, 0.2891888938478047, 0.3505630328313503,
            0.3995261333205222, 0.42837573027907344, 0.0389415236229145, 0.20432844326122604, 0.3428178402488679,
            0.43209879260526146, 0.4708080634686084, 0.46858309021407535, 0.4394224450146894, 0.3988048507600648,
            0.36072782332783654, 0.3359037670448461, 0.33105892347667076, 0.3476328818180338, 0.3807946602201965,
            0.42068902876279535, 0.45601354454769094, 0.4773625853267188, 0.4777790367067453, -0.17731371672856341,
            -0.1918995288713933, -0.20713674827872186, -0.2415298929435134, -0.30455544978921156,
            -0.39164672744526824, -0.48627538772052953, -0.5692006381613304, -0.6279869248917924, -0.658900248596543,
            -0.6629712021749797, -0.6428548322976252, -0.6026194901707377, -0.5483909738333559, -0.4876333595985464,
            -0.4279674861710809, -0.37701757524418744, -0.31464238393907384, -0.17698741965445064,
            -0.04605105056682196, 0.050969800493133155, 0.10495583604326067, 0.12161865626721133, 0.11404740555363145,
            0.09699221512352538, 0.08396420843798788, 0.08581650059053834, 0.10918760764982839, 0.15472771610803118,
            0.21643396212917426, 0.2837586796572963, 0.34616482088306977, 0.3963545333377618, 0.42961290990586587];
        TestHelpers.AssertValues(expected, model.PredictOnBatch(x), 1e-12);
    }

    [Fact]
    public void TheFusedPathIsTakenOnlyWhereItApplies()
    {
        var x = Seq([1, 6, 6, 2], 0.7, 0.3);
        var (_, conv, pool) = Build(new Conv2D(3, 3, activation: Activation.ReLU), new MaxPooling2D(2), x, Seq([3, 3, 2, 3], 0.3, -0.5), Seq([3], 0.9, 0.2));
        Assert.False(conv.TryCallPooled(x, pool, out _)); // gradients are recorded through the kernel
        using (Tensor.NoGrad())
        {
            Assert.True(conv.TryCallPooled(x, pool, out _));
            var masked = x.Detach();
            masked.Mask = Tensor.Ones([1, 6, 6]);
            Assert.False(conv.TryCallPooled(masked, pool, out _));
            var swish = new Conv2D(3, 3, activation: Activation.Swish);
            swish.Call(x);
            Assert.False(swish.TryCallPooled(x, pool, out _)); // no fused form of swish: the layers compose it
            Assert.False(new Conv2D(3, 3).TryCallPooled(x, pool, out _)); // not built yet
            var unfused = new CpuDevice { FusedKernelsEnabled = false };
            var onUnfused = new Conv2D(3, 3, activation: Activation.ReLU);
            onUnfused.Call(x);
            onUnfused.To(unfused);
            Assert.False(onUnfused.TryCallPooled(x.To(unfused), pool, out _));
        }
    }
}
