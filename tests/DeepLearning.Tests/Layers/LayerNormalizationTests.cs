using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

public class LayerNormalizationTests
{
    // /usr/bin/python3 (numpy 1.24, torch 1.13):
    //   x = (np.sin(np.arange(24.)) * 2 + np.arange(24) * 0.1).reshape(2, 3, 4)
    //   last:   torch.nn.functional.layer_norm(x, (4,), g=[0.5, 1, 1.5, 2], b=[0.1, -0.2, 0.3, 0], eps=1e-3)
    //   joint:  torch.nn.functional.layer_norm(x, (3, 4), g=np.linspace(0.5, 2, 12).reshape(3, 4),
    //                                          b=np.linspace(-0.3, 0.3, 12).reshape(3, 4), eps=1e-3)
    //   middle: axis=1 by Keras's ops.layer_normalization: m = x.mean(1, keepdims), v = x.var(1, keepdims),
    //           inv = g.reshape(1, 3, 1) / sqrt(v + 1e-3); y = x * inv + (b.reshape(1, 3, 1) - m * inv),
    //           g = [2, 0.5, 1], b = [0, 1, -1]
    private static readonly double[] Last =
    [
        -0.5558618923152184, 0.6222601966234678, 1.9564658814417184, -1.2296939992416838, -0.2692187176197096, -1.1643385902271146,
        0.47847516319558536, 3.167585166672288, 0.7544943863392445, 0.3825079119141341, -0.6990855214596705, -2.4508793405723535,
        -0.7084700038434203, -0.17712344187033408, 1.850210240127059, 1.121179912278272, 0.20961266783035082, -1.351753095943662,
        -0.5687198651138927, 3.023348674051111, 0.563459779463587, 0.6872519018020775, -0.1695992682828448, -3.0022105637480436,
    ];

    private static readonly double[] Joint =
    [
        -0.5292762347509394, 0.3038801495209659, 0.6111375000791281, -0.1608236368519343, -1.4243166272247834, -1.811441643191558,
        -0.5369507828444552, 1.586569250675593, 2.684144923290336, 1.6067873605496692, -0.7307610436020312, -1.9515146556068597,
        -0.9193593397282238, -0.10983216953286254, 0.665172353155527, 0.4901769104991622, -0.7003962748198013, -1.7891705833417693,
        -1.4428874057618266, 0.45413309526895407, 2.4089899524886924, 2.592846257298675, 0.6990243761908282, -1.4842031522848012,
    ];

    private static readonly double[] Middle =
    [
        -0.6780781213057435, 1.4529686927216128, 2.8226718665181654, 0.02828188367009998, 0.49036307570907095, 0.2931421246772278,
        0.6806548087327494, 1.6085903540899738, 0.3583129092347299, -0.3127685957152624, -1.7726455507245817, -2.2313216500149973,
        -1.9446427473161474, 0.29667210222702556, 2.248844644608386, 2.0117791032446677, 0.7985752138478164, 0.35403584196188687,
        0.34780649688604315, 1.178466468742799, 0.3751709459624406, 0.14359226496271393, -0.8200353160762788, -2.362822489107931,
    ];

    private static Tensor X() => ((Tensor.Arange(24, DType.Float64)).Sin() * 2 + Tensor.Arange(24, DType.Float64) * 0.1).Reshape(2, 3, 4);

    private static LayerNormalization Built(LayerNormalization ln, double[] gamma, double[] beta)
    {
        var x = X();
        ln.Call(x);
        using (Tensor.NoGrad())
        {
            ln.Gamma!.Assign(TestHelpers.D(gamma, ln.Gamma.Shape));
            ln.Beta!.Assign(TestHelpers.D(beta, ln.Beta.Shape));
        }
        return ln;
    }

    [Fact]
    public void MatchesTorchOverTheLastAxis()
    {
        var ln = Built(new LayerNormalization(), [0.5, 1, 1.5, 2], [0.1, -0.2, 0.3, 0]);
        Assert.Equal(new Shape(4), ln.Gamma!.Shape);
        TestHelpers.AssertValues(Last, ln.Call(X()), 1e-13);
        // Training and inference agree (no batch statistics).
        TestHelpers.AssertValues(Last, ln.Call(X(), training: true), 1e-13);
    }

    [Fact]
    public void MatchesTorchOverTwoTrailingAxes()
    {
        double[] g = Enumerable.Range(0, 12).Select(i => 0.5 + 1.5 * i / 11).ToArray();
        double[] b = Enumerable.Range(0, 12).Select(i => -0.3 + 0.6 * i / 11).ToArray();
        var ln = Built(new LayerNormalization([-2, -1]), g, b);
        Assert.Equal(new Shape(3, 4), ln.Gamma!.Shape);
        TestHelpers.AssertValues(Joint, ln.Call(X()), 1e-13);
    }

    [Fact]
    public void MatchesNumpyOverAMiddleAxis()
    {
        var ln = Built(new LayerNormalization(axis: 1), [2, 0.5, 1], [0, 1, -1]);
        Assert.Equal(new Shape(3), ln.Gamma!.Shape);
        TestHelpers.AssertValues(Middle, ln.Call(X()), 1e-13);
    }

    [Fact]
    public void GoesThroughTheHarness()
    {
        LayerHarness.Check(() => new LayerNormalization(), [3, 5], [3, 5], 10);
        LayerHarness.Check(() => new LayerNormalization([1, 2]), [2, 3, 4], [2, 3, 4], 24);
        LayerHarness.Check(() => new LayerNormalization(axis: 1), [2, 3, 4], [2, 3, 4], 6);
        LayerHarness.Check(() => new LayerNormalization(center: false), [3, 5], [3, 5], 5);
        LayerHarness.Check(() => new LayerNormalization(scale: false, center: false), [3, 5], [3, 5], 0);
    }

    [Fact]
    public void MasksPassThroughAndBadAxesAreRejected()
    {
        var mask = Tensor.FromArray(new float[,] { { 1, 0, 1 } });
        Assert.Same(mask, new LayerNormalization().Call(Tensor.Ones([1, 3, 2]), mask: mask).Mask);
        var e = Assert.Throws<ArgumentException>(() => new LayerNormalization(axis: 3, name: "probe_ln").Call(Tensor.Ones([2, 4])));
        Assert.Contains("probe_ln", e.Message);
        Assert.Contains("(None, 4)", e.Message);
        Assert.Throws<ArgumentException>(() => new LayerNormalization([1, -1]).Call(Tensor.Ones([2, 4])));
        Assert.Throws<ArgumentException>(() => new LayerNormalization(axis: 0).Call(Tensor.Ones([2, 4])));
        Assert.Throws<ArgumentException>(() => new LayerNormalization(Array.Empty<int>()));
        var ln = new LayerNormalization(name: "probe_ln2");
        ln.Call(Tensor.Ones([2, 4]));
        var shape = Assert.Throws<ArgumentException>(() => ln.Call(Tensor.Ones([2, 5])));
        Assert.Contains("(None, 5)", shape.Message);
    }
}
