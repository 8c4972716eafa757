using DeepLearning.Autograd;
using DeepLearning.Losses;

namespace DeepLearning.Tests.Losses;

/// <summary>Semi-hard triplet mining against hand derivations and TensorFlow Addons' triplet_semihard_loss re-stated in
/// float64 torch (semihard_triplet_reference.py beside this file prints every number used here).</summary>
public class SemiHardTripletLossTests
{
    private static readonly double[] Six =
        [0.3, -1.2, 0.8, 1.1, 0.4, -0.5, -0.7, 0.9, 0.2, 0.6, -0.3, 1.4, -1.0, -0.6, 0.1, 0.5, 1.3, -0.9];

    private static readonly Tensor SixLabels = Tensor.FromArray(new[] { 0, 1, 0, 1, 2, 2 });

    [Fact]
    public void HandComputed_FallsBackToTheEasiestNegative()
    {
        // 1-D embeddings 0, 1, 3, 7 with labels 0, 0, 1, 1; α = 0.2; squared distances; |P| = 4 positive pairs.
        // (0,1): D = 1, negatives of 0 at 9, 49, the closest beyond 1 is 9 → max(1 − 9 + 0.2, 0) = 0
        // (1,0): D = 1, negatives at 4, 36 → 4 → 0
        // (3,7): D = 16, negatives of 3 at 9, 4, none beyond 16 → the farthest, 9 → 16 − 9 + 0.2 = 7.2
        // (7,3): D = 16, negatives at 49, 36 → 36 → 0.     L = 7.2/4 = 1.8 (batch-hard gives 3.05 here).
        // ∂L/∂e = ∂[(e₂ − e₃)² − (e₂ − e₀)²]/4: e₀: 2·3/4 = 1.5; e₂: (−8 − 6)/4 = −3.5; e₃: 8/4 = 2.
        var e = TestHelpers.D([0, 1, 3, 7], new Shape(4, 1));
        e.RequiresGrad = true;
        var labels = Tensor.FromArray(new[] { 0, 0, 1, 1 });
        var loss = new SemiHardTripletLoss(0.2).Call(labels, e);
        Assert.Equal(1.8, loss.Item<double>(), 12);
        loss.Backward();
        TestHelpers.AssertValues([1.5, 0, -3.5, 2], e.Grad!, 1e-12);
        TestHelpers.AssertValues([0, 0, 7.2, 0], new SemiHardTripletLoss(0.2, LossReduction.None).Call(labels, e), 1e-12);
    }

    [Fact]
    public void HandComputed_SemiHardNegativesInsideTheMargin()
    {
        // 1-D embeddings 0, 2, 3, 5, 9 with labels 0, 0, 1, 1, 1; α = 6; |P| = 2 + 6 = 8.
        // (0,2): D = 4, negatives 9, 25, 81 → 9 → 4 − 9 + 6 = 1;   (2,0): negatives 1, 9, 49 → 9 → 1
        // (3,5): D = 4, negatives 9, 1 → 9 → 1;   (3,9): D = 36, none beyond → 9 → 33
        // (5,3): D = 4, negatives 25, 9 → 9 → 1;  (5,9): D = 16 → 25 → 0;  (9,3): 36 → 49 → 0;  (9,5): 16 → 49 → 0
        // L = 37/8 = 4.625; per anchor (N/|P| = 5/8) × [1, 1, 34, 1, 0] = [0.625, 0.625, 21.25, 0.625, 0].
        var e = TestHelpers.D([0, 2, 3, 5, 9], new Shape(5, 1));
        e.RequiresGrad = true;
        var labels = TestHelpers.D([0, 0, 1, 1, 1], new Shape(5, 1));
        var loss = new SemiHardTripletLoss(6).Call(labels, e);
        Assert.Equal(4.625, loss.Item<double>(), 12);
        loss.Backward();
        TestHelpers.AssertValues([1.25, 2.5, -4.75, -0.5, 1.5], e.Grad!, 1e-12);
        TestHelpers.AssertValues([0.625, 0.625, 21.25, 0.625, 0], new SemiHardTripletLoss(6, LossReduction.None).Call(labels, e), 1e-12);
    }

    [Fact]
    public void MatchesTheReference_OnThreeDimensions()
    {
        var e = TestHelpers.D(Six, new Shape(6, 3));
        e.RequiresGrad = true;
        var loss = new SemiHardTripletLoss().Call(SixLabels, e);
        Assert.Equal(0.9216666666666663, loss.Item<double>(), 12);
        loss.Backward();
        TestHelpers.AssertValues([0.6, -0.16666666666666666, -0.23333333333333334, -0.6333333333333333, -0.39999999999999997,
            -0.6333333333333333, 0.5333333333333333, -0.09999999999999998, 0.5999999999999999, -1.2333333333333334,
            0.8666666666666667, -0.29999999999999993, -0.29999999999999993, -0.9333333333333333, 0.4666666666666667,
            1.0333333333333334, 0.7333333333333333, 0.09999999999999998], e.Grad!, 1e-12);
        TestHelpers.AssertValues([0, 0.4599999999999991, 2.1999999999999993, 0.7799999999999994, 2.09, 0],
            new SemiHardTripletLoss(reduction: LossReduction.None).Call(SixLabels, e), 1e-12);
    }

    [Fact]
    public void EuclideanDistances_MatchTheReference()
    {
        var e = TestHelpers.D(Six, new Shape(6, 3));
        e.RequiresGrad = true;
        var loss = new SemiHardTripletLoss(0.5, squared: false).Call(SixLabels, e);
        Assert.Equal(0.4365393010991889, loss.Item<double>(), 12);
        loss.Backward();
        TestHelpers.AssertValues([0.12967965873978682, -0.025116071386998798, -0.0563495088111478, -0.12609177379788855,
            -0.07810030594601511, -0.16404949270523278, 0.13332054236052587, -0.04140520139736051, 0.14548156317781386,
            -0.2885601369201123, 0.17035418754426174, -0.020182488825482674, -0.045193980587668464, -0.17242354911474844,
            0.08563671334135409, 0.19684569020535664, 0.1466909403008611, 0.009463213822695379], e.Grad!, 1e-10);
    }

    [Fact]
    public void EdgeCases_OneLabel_AndNoPositivePair()
    {
        // One label: no negatives, so S = D(a, a) = 0 and each of the 6 ordered pairs costs D + 0.2:
        // (1.2 + 9.2 + 1.2 + 4.2 + 9.2 + 4.2)/6 = 29.2/6.
        var e = TestHelpers.D([0, 1, 3], new Shape(3, 1));
        Assert.Equal(29.2 / 6, new SemiHardTripletLoss(0.2).Call(Tensor.FromArray(new[] { 4, 4, 4 }), e).Item<double>(), 12);
        // Every label alone: no positive pair, the loss is 0 (not 0/0).
        Assert.Equal(0, new SemiHardTripletLoss(0.2).Call(Tensor.FromArray(new[] { 0, 1, 2 }), e).Item<double>());
    }

    [Fact]
    public void PassesGradCheck_AndRejectsBadInput()
    {
        var e = Tensor.RandomNormal([6, 3], dtype: DType.Float64, generator: new Generator(4));
        Assert.True(GradCheck.Check(x => new SemiHardTripletLoss(0.5).Call(SixLabels, x[0]), [e]).Passed);
        Assert.True(GradCheck.Check(x => new SemiHardTripletLoss(0.5, squared: false).Call(SixLabels, x[0]), [e]).Passed);
        var wrongCount = Assert.Throws<ArgumentException>(() => new SemiHardTripletLoss().Call(Tensor.FromArray(new[] { 0, 1 }), e));
        Assert.Contains("triplet_semihard_loss", wrongCount.Message);
        Assert.Throws<ArgumentException>(() => new SemiHardTripletLoss().Call(SixLabels, e.Reshape(6, 3, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SemiHardTripletLoss(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SemiHardTripletLoss(double.NaN));
    }
}
