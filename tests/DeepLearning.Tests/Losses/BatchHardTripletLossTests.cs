using DeepLearning.Autograd;
using DeepLearning.Losses;

namespace DeepLearning.Tests.Losses;

/// <summary>Batch-hard triplet mining on hand-computed examples.</summary>
public class BatchHardTripletLossTests
{
    [Fact]
    public void HandComputed()
    {
        // 1-D embeddings 0, 1, 3, 7 with labels 0, 0, 1, 1; α = 0.2; squared distances.
        // anchor 0: hardest positive D(0,1) = 1, hardest negative min(9, 49) = 9 → max(1 − 9 + 0.2, 0) = 0
        // anchor 1: positive 1, negative min(4, 36) = 4 → 0
        // anchor 3: positive D(3,7) = 16, negative min(9, 4) = 4 → 16 − 4 + 0.2 = 12.2
        // anchor 7: positive 16, negative min(49, 36) = 36 → 0.       Mean over the four anchors: 3.05.
        var e = TestHelpers.D([0, 1, 3, 7], new Shape(4, 1));
        var labels = Tensor.FromArray(new[] { 0, 0, 1, 1 });
        var loss = new BatchHardTripletLoss(0.2);
        Assert.Equal(3.05, loss.Call(labels, e).Item<double>(), 12);
        var perAnchor = new BatchHardTripletLoss(0.2, LossReduction.None).Call(labels, e);
        TestHelpers.AssertValues([0, 0, 12.2, 0], perAnchor, 1e-12);
    }

    [Fact]
    public void TwoDimensions_AndALoneLabel()
    {
        // (0,0), (3,4), (0,1) with labels 0, 0, 1: D = [[0, 25, 1], [25, 0, 18], [1, 18, 0]].
        // anchor 0: 25 − 1 + 0.2 = 24.2; anchor 1: 25 − 18 + 0.2 = 7.2; anchor 2 (alone): max(0 − 1 + 0.2, 0) = 0.
        var e = TestHelpers.D([0, 0, 3, 4, 0, 1], new Shape(3, 2));
        TestHelpers.AssertValues([0, 25, 1, 25, 0, 18, 1, 18, 0], BatchHardTripletLoss.PairwiseSquaredDistances(e), 1e-12);
        var perAnchor = new BatchHardTripletLoss(0.2, LossReduction.None).Call(TestHelpers.D([0, 0, 1], new Shape(3, 1)), e);
        TestHelpers.AssertValues([24.2, 7.2, 0], perAnchor, 1e-12);
    }

    [Fact]
    public void EuclideanDistances()
    {
        // The 1-D example above with D = |a − b|: anchor 0: 1 − 3 + 0.2 < 0 → 0; anchor 1: 1 − 2 + 0.2 → 0;
        // anchor 3: 4 − 2 + 0.2 = 2.2; anchor 7: 4 − 6 + 0.2 → 0. Mean 0.55.
        var e = TestHelpers.D([0, 1, 3, 7], new Shape(4, 1));
        var labels = Tensor.FromArray(new[] { 0, 0, 1, 1 });
        var perAnchor = new BatchHardTripletLoss(0.2, LossReduction.None, squared: false).Call(labels, e);
        TestHelpers.AssertValues([0, 0, 2.2, 0], perAnchor, 1e-12);
        Assert.Equal(0.55, new BatchHardTripletLoss(0.2, squared: false).Call(labels, e).Item<double>(), 12);
        var random = Tensor.RandomNormal([6, 3], dtype: DType.Float64, generator: new Generator(5));
        var six = Tensor.FromArray(new[] { 0, 1, 0, 1, 2, 2 });
        Assert.True(GradCheck.Check(x => new BatchHardTripletLoss(0.5, squared: false).Call(six, x[0]), [random]).Passed);
    }

    [Fact]
    public void PassesGradCheck_AndRejectsBadShapes()
    {
        var labels = Tensor.FromArray(new[] { 0, 1, 0, 1, 2, 2 });
        var e = Tensor.RandomNormal([6, 3], dtype: DType.Float64, generator: new Generator(4));
        Assert.True(GradCheck.Check(x => new BatchHardTripletLoss(0.5).Call(labels, x[0]), [e]).Passed);
        Assert.Throws<ArgumentException>(() => new BatchHardTripletLoss().Call(Tensor.FromArray(new[] { 0, 1 }), e));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchHardTripletLoss(0));
    }
}
