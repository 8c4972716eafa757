using DeepLearning.Autograd;
using DeepLearning.Initializers;
using DeepLearning.Layers;

namespace DeepLearning.Tests.Layers;

public class BatchNormalizationTests
{
    [Fact]
    public void GoesThroughTheHarnessInTrainingAndInference()
    {
        // 4 parameters per feature, 2 of them (moving mean and variance) non-trainable. In training the GradCheck
        // (float64, w.r.t. the input, γ and β) covers the batch statistics' own gradient.
        LayerHarness.Check(() => new BatchNormalization(), [6, 5], [6, 5], 10, 10, training: true);
        LayerHarness.Check(() => new BatchNormalization(), [6, 5], [6, 5], 10, 10);
        LayerHarness.Check(() => new BatchNormalization(), [2, 3, 3, 4], [2, 3, 3, 4], 8, 8, training: true);
        LayerHarness.Check(() => new BatchNormalization(axis: 1), [3, 4, 2, 2], [3, 4, 2, 2], 8, 8, training: true);
        LayerHarness.Check(() => new BatchNormalization(center: false, scale: false), [5, 3], [5, 3], 0, 6, training: true);
    }

    [Fact]
    public void GradCheckInTrainingModeWithRandomGammaAndBeta()
    {
        // γ and β away from 1 and 0 so every term of the VJP matters; float64, tolerance 1e-6.
        var bn = new BatchNormalization(gammaInitializer: new RandomUniform(0.5, 2), betaInitializer: new RandomUniform(-1, 1));
        var x = Tensor.RandomNormal([7, 2, 3], 1, 2, DType.Float64, new Generator(6));
        bn.Call(x, training: true);
        // (Σ y² is nearly constant under BN — Σ x̂² = n·σ²/(σ² + ε) — so a random projection and a cube are used.)
        var w = Tensor.RandomNormal([7, 2, 3], 0, 1, DType.Float64, new Generator(7));
        var report = GradCheck.Check(t => { var y = bn.Call(t[0], training: true); return (y * w).Sum() + y.Pow(3).Sum(); }, [x]);
        Assert.True(report.Passed, report.ToString());
        var weights = GradCheck.CheckParameters(() => (bn.Call(x, training: true) * x).Sum(), bn.TrainableWeights);
        Assert.True(weights.Passed, weights.ToString());
    }

    [Fact]
    public void WithGammaSqrtVarPlusEpsAndBetaMeanItReproducesItsInput()
    {
        // SEEDS.md §4 item 25 (S1): with γ = √(σ² + ε) and β = μ, z̃ = z. Exact up to rounding.
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var x = Tensor.RandomNormal([32, 6], 3, 2, dtype, new Generator(10));
            var bn = new BatchNormalization();
            bn.Call(x, training: true);
            using (Tensor.NoGrad())
            {
                bn.Gamma!.Assign((x.Var(0) + 1e-3).Sqrt());
                bn.Beta!.Assign(x.Mean(0));
            }
            var y = bn.Call(x, training: true);
            double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
            TestHelpers.AssertClose(x, y, tol, tol);
        }
    }

    [Fact]
    public void TrainingOutputAndMovingStatisticsOnNhwcMatchKeras()
    {
        // /usr/bin/python3 (numpy 1.24, torch 1.13), following Keras's BatchNormalization.call:
        //   x = (np.cos(np.arange(24.) * 0.7) * 3 + np.arange(24) * 0.05).reshape(2, 2, 2, 3)   # NHWC
        //   g = [0.5, 1.0, 2.0]; b = [0.1, 0.0, -0.3]; eps = 1e-3; momentum = 0.99
        //   mean = x.mean(axis=(0, 1, 2)); var = x.var(axis=(0, 1, 2))
        //   y = (x - mean) / np.sqrt(var + eps) * g + b
        //   mm = 0 * momentum + mean * (1 - momentum); mv = 1 * momentum + var * (1 - momentum)
        //   yi = (x - mm) / np.sqrt(mv + eps) * g + b          # inference afterwards
        //   torch.nn.functional.batch_norm on the NCHW permutation agrees with y to 4.4e-16.
        double[] expectedY =
        [
            0.6335317446437525, 0.8359142363067346, -0.03385820284130447, -0.38041761037812727, -1.420685279358282, -3.119111284524793,
            -0.33540514748086503, 0.18452208041487314, 2.026821054156416, 0.737975140563773, 1.0252869943856775, 0.3557519891800253,
            -0.2859413705536905, -1.2239033851734806, -2.6634292887844664, -0.22060146832505692, 0.41125246772233304, 2.495569235489713,
            0.8422215186892992, 1.2143694854040608, 0.7452355409971418, -0.19136280715908496, -1.0267565997019161, -2.2069790436727312,
        ];
        double[] expectedInference =
        [
            1.5693225189492999, 2.2945940268024865, 0.8934245563889638, -0.5733395676691362, -2.5811871022539967, -5.342453441010507,
            -0.4782199276224185, 0.8871464228899326, 5.058445738832061, 1.7900306869925424, 2.703767260151596, 1.680900189558962,
            -0.3736938396497882, -2.156005123996109, -4.4214342390792165, -0.2356185693660692, 1.3770374009492783, 6.005874164607214,
            2.010322520081222, 3.112313320337528, 2.4681198590066558, -0.17383188304537114, -1.7300347337768571, -3.4988622603659745,
        ];
        var x = ((Tensor.Arange(24, DType.Float64) * 0.7).Cos() * 3 + Tensor.Arange(24, DType.Float64) * 0.05).Reshape(2, 2, 2, 3);
        var bn = new BatchNormalization();
        bn.Call(x.Narrow(0, 0, 1), training: false); // build only: inference does not touch the moving statistics
        using (Tensor.NoGrad())
        {
            bn.Gamma!.Assign(TestHelpers.D([0.5, 1.0, 2.0], [3]));
            bn.Beta!.Assign(TestHelpers.D([0.1, 0.0, -0.3], [3]));
        }
        TestHelpers.AssertValues(expectedY, bn.Call(x, training: true), 1e-13);
        TestHelpers.AssertValues([0.00703416122715776, 0.0050304274545719, 0.00336511989373205], bn.MovingMean!, 1e-13);
        TestHelpers.AssertValues([1.0363116587288792, 1.0385202322350637, 1.0321982445009725], bn.MovingVariance!, 1e-13);
        TestHelpers.AssertValues(expectedInference, bn.Call(x), 1e-13);
        TestHelpers.AssertValues(expectedInference, bn.Call(x, training: false), 1e-13);
    }

    [Fact]
    public void MovingStatisticsAfterSeveralTrainingCallsMatchHandNumbers()
    {
        // momentum 0.99, moving mean from 0 and moving variance from 1, biased batch variance:
        //  x1 = [[1, 2], [3, 6]]:  μ = [2, 4],  σ² = [1, 4] → mm = [0.02, 0.04],      mv = [1, 1.03]
        //  x2 = [[0, 0], [2, -2]]: μ = [1, −1], σ² = [1, 1] → mm = [0.0298, 0.0296],  mv = [1, 1.0297]
        //  x3 = [[5, 1], [5, 3]]:  μ = [5, 2],  σ² = [0, 1] → mm = [0.079502, 0.049304], mv = [0.99, 1.029403]
        var bn = new BatchNormalization();
        var y1 = bn.Call(TestHelpers.D([1, 2, 3, 6], [2, 2]), training: true);
        // (x − μ)/√(σ² + ε): [−1, 1]/√1.001 and [−2, 2]/√4.001.
        TestHelpers.AssertValues([-1 / Math.Sqrt(1.001), -2 / Math.Sqrt(4.001), 1 / Math.Sqrt(1.001), 2 / Math.Sqrt(4.001)], y1, 1e-14);
        TestHelpers.AssertValues([0.02, 0.04], bn.MovingMean!, 1e-14);
        TestHelpers.AssertValues([1, 1.03], bn.MovingVariance!, 1e-14);
        bn.Call(TestHelpers.D([0, 0, 2, -2], [2, 2]), training: true);
        TestHelpers.AssertValues([0.0298, 0.0296], bn.MovingMean!, 1e-14);
        TestHelpers.AssertValues([1, 1.0297], bn.MovingVariance!, 1e-14);
        bn.Call(TestHelpers.D([5, 1, 5, 3], [2, 2]), training: true);
        TestHelpers.AssertValues([0.079502, 0.049304], bn.MovingMean!, 1e-14);
        TestHelpers.AssertValues([0.99, 1.029403], bn.MovingVariance!, 1e-14);
        // Inference uses them: y = (x − mm)/√(mv + ε).
        var yi = bn.Call(TestHelpers.D([1, 1], [1, 2]));
        TestHelpers.AssertValues([(1 - 0.079502) / Math.Sqrt(0.991), (1 - 0.049304) / Math.Sqrt(1.030403)], yi, 1e-14);
        // ... and leaves them alone.
        TestHelpers.AssertValues([0.079502, 0.049304], bn.MovingMean!, 1e-14);
    }

    [Fact]
    public void TheUpdateHappensOncePerTrainingCallAndOutsideAutograd()
    {
        var bn = new BatchNormalization(momentum: 0.5);
        var x = TestHelpers.D([1, 3], [2, 1]);
        x.RequiresGrad = true;
        var y = bn.Call(x, training: true);
        Assert.False(bn.MovingMean!.RequiresGrad);
        Assert.Null(bn.MovingMean.GradFn);
        Assert.Null(bn.MovingVariance!.GradFn);
        (y * TestHelpers.D([1, 2], [2, 1])).Sum().Backward();
        // One update (μ = 2, σ² = 1, momentum 0.5): mm = 1, mv = 1; backward did not update again.
        TestHelpers.AssertValues([1], bn.MovingMean, 1e-15);
        TestHelpers.AssertValues([1], bn.MovingVariance, 1e-15);
        Assert.Null(bn.MovingMean.Grad);
        // x̂ = [−1, 1]/√(1 + ε); d/dx Σ wᵢx̂ᵢ with w = [1, 2] (hand: (w − mean w − x̂·mean(w·x̂))/√(σ² + ε)).
        double s = Math.Sqrt(1.001), xh = 1 / s;
        double m1 = 1.5, m2 = (-xh + 2 * xh) / 2;
        TestHelpers.AssertValues([(1 - m1 + xh * m2) / s, (2 - m1 - xh * m2) / s], x.Grad!, 1e-12);
        // Symbolic (shape-inference) calls do not update either.
        var input = new Input([1], DType.Float64);
        bn.Call(input);
        TestHelpers.AssertValues([1], bn.MovingMean, 1e-15);
    }

    [Fact]
    public void MovingStatisticsSurviveTheStepScopes()
    {
        // As in Fit: each step's temporaries are released by a scope; the moving statistics are persistent weights.
        var bn = new BatchNormalization(momentum: 0);
        for (int step = 0; step < 3; step++)
        {
            using var scope = TensorScope.Begin();
            bn.Call(TestHelpers.D([step, step + 2], [2, 1]), training: true);
        }
        TestHelpers.AssertValues([3], bn.MovingMean!, 1e-15);
        TestHelpers.AssertValues([1], bn.MovingVariance!, 1e-15);
    }

    [Fact]
    public void AFrozenLayerRunsInInferenceModeAsKeras3()
    {
        // Keras 3: `if training and self.trainable` — a frozen BN uses (and keeps) its moving statistics.
        var bn = new BatchNormalization(name: "frozen_bn");
        var x = TestHelpers.D([1, 2, 3, 6], [2, 2]);
        bn.Call(x, training: true);
        var mm = bn.MovingMean!.ToArray<double>();
        var mv = bn.MovingVariance!.ToArray<double>();
        bn.Trainable = false;
        Assert.Empty(bn.TrainableWeights);
        Assert.Equal(4, bn.NonTrainableWeights.Count);
        Assert.Equal(8, bn.NonTrainableWeights.Sum(w => w.ElementCount));
        var y = bn.Call(x, training: true);
        TestHelpers.AssertClose(bn.Call(x, training: false), y, 0, 0);
        Assert.Equal(mm, bn.MovingMean.ToArray<double>());
        Assert.Equal(mv, bn.MovingVariance.ToArray<double>());
        // Unfrozen, γ and β train again; the moving statistics never do.
        bn.Trainable = true;
        Assert.Equal(2, bn.TrainableWeights.Count);
        Assert.Equal(2, bn.NonTrainableWeights.Count);
        Assert.DoesNotContain(bn.MovingMean, bn.TrainableWeights);
    }

    [Fact]
    public void SynchronisedInOneProcessIsTheLocalComputationAndItsSettingIsSaved()
    {
        var x = TestHelpers.D([1, 2, 3, 6, -4, 0.5], [3, 2]);
        var local = new BatchNormalization(momentum: 0.5);
        var synced = new BatchNormalization(momentum: 0.5) { Synchronized = true };
        TestHelpers.AssertClose(local.Call(x, training: true), synced.Call(x, training: true), 0, 0);
        Assert.Equal(local.MovingVariance!.ToArray<double>(), synced.MovingVariance!.ToArray<double>());
        Assert.True(synced.GetConfig().GetBool("synchronized", false));
        Assert.True(((BatchNormalization)BatchNormalization.FromConfig(synced.GetConfig())).Synchronized);
        Assert.False(((BatchNormalization)BatchNormalization.FromConfig(local.GetConfig())).Synchronized);
    }

    [Fact]
    public void AMaskRestrictsTheBatchStatisticsToValidSteps()
    {
        // (batch 1, time 3, features 1) with the last step masked: μ and σ² come from [1, 3] only (Keras _moments):
        // μ = 4/(2 + 1e-7), σ² = ((1 − μ)² + (3 − μ)²)/(2 + 1e-7).
        var x = TestHelpers.D([1, 3, 100], [1, 3, 1]);
        var mask = Tensor.FromArray(new float[,] { { 1, 1, 0 } });
        var bn = new BatchNormalization(momentum: 0);
        var y = bn.Call(x, training: true, mask: mask);
        double mu = 4 / (2 + 1e-7), var = ((1 - mu) * (1 - mu) + (3 - mu) * (3 - mu)) / (2 + 1e-7);
        TestHelpers.AssertValues([mu], bn.MovingMean!, 1e-12);
        TestHelpers.AssertValues([var], bn.MovingVariance!, 1e-12);
        TestHelpers.AssertValues([(1 - mu) / Math.Sqrt(var + 1e-3), (3 - mu) / Math.Sqrt(var + 1e-3), (100 - mu) / Math.Sqrt(var + 1e-3)], y, 1e-12);
        Assert.Same(mask, y.Mask);
    }

    [Fact]
    public void TheBatchNormalizedMlpHasKerasParameterCounts()
    {
        // SEEDS.md §4 item 28 (S0 §3.5, BN after the activation): Flatten → BN → Dense 300 relu → BN → Dense 100 relu
        // → BN → Dense 10 softmax on 28×28 inputs: 271,346 parameters, 2,368 non-trainable. Flatten lives on another
        // branch, so the chain starts from the flattened (None, 784) input (Flatten has no parameters).
        //   BN(784) 3,136 (1,568 non-trainable); Dense 235,500; BN(300) 1,200 (600); Dense 30,100; BN(100) 400 (200); Dense 1,010.
        Layer[] layers =
        [
            new BatchNormalization(), new Dense(300, Activation.ReLU), new BatchNormalization(), new Dense(100, Activation.ReLU),
            new BatchNormalization(), new Dense(10, Activation.Softmax),
        ];
        var x = Tensor.RandomUniform([2, 784], generator: new Generator(1));
        foreach (var layer in layers) x = layer.Call(x, training: true);
        Assert.Equal(new Shape(2, 10), x.Shape);
        Assert.Equal(new long[] { 3136, 235500, 1200, 30100, 400, 1010 }, layers.Select(l => l.CountParams()));
        Assert.Equal(271_346, layers.Sum(l => l.CountParams()));
        Assert.Equal(2_368, layers.Sum(l => l.NonTrainableWeights.Sum(w => (long)w.ElementCount)));
        Assert.Equal(268_978, layers.Sum(l => l.TrainableWeights.Sum(w => (long)w.ElementCount)));
    }

    [Fact]
    public void BadInputNamesTheLayerAndTheShapes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(momentum: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(epsilon: -1));
        var bn = new BatchNormalization(name: "probe_bn");
        bn.Call(Tensor.Ones([2, 4]));
        var e = Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Ones([2, 5])));
        Assert.Contains("probe_bn", e.Message);
        Assert.Contains("(None, 4)", e.Message);
        Assert.Contains("(None, 5)", e.Message);
        var axis = Assert.Throws<ArgumentException>(() => new BatchNormalization(axis: 0, name: "probe_axis").Call(Tensor.Ones([2, 4])));
        Assert.Contains("probe_axis", axis.Message);
        Assert.Contains("batch axis", axis.Message);
        Assert.Throws<ArgumentException>(() => new BatchNormalization(axis: 3).Call(Tensor.Ones([2, 4])));
        var channel = new BatchNormalization(axis: 1, name: "probe_nchw");
        channel.Call(Tensor.Ones([2, 3, 4]));
        var c = Assert.Throws<ArgumentException>(() => channel.Call(Tensor.Ones([2, 5, 4])));
        Assert.Contains("(2, 5, 4)", c.Message);
    }
}
