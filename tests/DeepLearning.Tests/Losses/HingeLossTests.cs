using DeepLearning.Losses;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Losses;

/// <summary>
/// Hinge-family and triplet losses against a numpy transcription of Keras's hinge losses, CS231n's multi-class SVM
/// loss and FaceNet's triplet loss (float64):
/// <code>
/// import numpy as np
/// yt = np.array([[1., -1., 1.], [-1., -1., 1.]]); yp = np.array([[0.3, 0.2, 1.5], [-2.0, 0.4, 0.6]])
/// hinge = np.mean(np.maximum(1 - yt*yp, 0), -1); sqhinge = np.mean(np.maximum(1 - yt*yp, 0)**2, -1)
/// ytc = np.array([[0., 1., 0.], [0., 0., 1.]]); s = np.array([[0.3, 0.2, 1.5], [2.0, 0.4, 0.6]])
/// cathinge = np.maximum(((1-ytc)*s).max(-1) - (ytc*s).sum(-1) + 1, 0)
/// def mc(s, y, d):    # CS231n: sum over j != y of max(0, s_j - s_y + d)
///     return [sum(max(0, si[j] - si[np.argmax(yi)] + d) for j in range(len(si)) if j != np.argmax(yi)) for si, yi in zip(s, y)]
/// a = np.array([[0., 0.], [1., 1.]]); p = np.array([[0.3, 0.4], [1., 2.]]); n = np.array([[1., 0.], [1., 1.5]])
/// triplet = np.maximum(((a-p)**2).sum(-1) - ((a-n)**2).sum(-1) + 0.2, 0)
/// </code>
/// </summary>
public class HingeLossTests
{
    private static Tensor Scores() => D([0.3, 0.2, 1.5, -2.0, 0.4, 0.6], [2, 3]);

    [Fact]
    public void HingeAndSquaredHingeWithPlusMinusOneAndBinaryLabels()
    {
        var plusMinus = D([1, -1, 1, -1, -1, 1], [2, 3]);
        var binary = D([1, 0, 1, 0, 0, 1], [2, 3]);
        AssertValues([0.6333333333333333, 0.6], new Hinge(LossReduction.None).Call(plusMinus, Scores()), 1e-12);
        AssertValues([0.6333333333333333, 0.6], new Hinge(LossReduction.None).Call(binary, Scores()), 1e-12);
        AssertValues([0.6433333333333333, 0.7066666666666666], new SquaredHinge(LossReduction.None).Call(plusMinus, Scores()), 1e-12);
        AssertValues([0.6433333333333333, 0.7066666666666666], new SquaredHinge(LossReduction.None).Call(binary, Scores()), 1e-12);
        // A batch with any label outside {0, 1} is used as given: 0 stays 0, so (0.7 + max(1 − 0, 0) + 2.5)/3.
        AssertValues([(0.7 + 1 + 2.5) / 3], new Hinge(LossReduction.None).Call(D([1, 0, -1], [1, 3]), D([0.3, 0.2, 1.5], [1, 3])), 1e-12);
    }

    [Fact]
    public void CategoricalHinge()
    {
        var y = D([0, 1, 0, 0, 0, 1], [2, 3]);
        var s = D([0.3, 0.2, 1.5, 2.0, 0.4, 0.6], [2, 3]);
        AssertValues([2.3, 2.4], new CategoricalHinge(LossReduction.None).Call(y, s), 1e-12);
    }

    [Fact]
    public void MulticlassHingeMatchesCs231n()
    {
        // CS231n lecture 3: scores cat [3.2, 5.1, −1.7], car [1.3, 4.9, 2.0], frog [2.2, 2.5, −3.1] with labels
        // 0, 1, 2 give losses 2.9, 0 and 12.9, mean 5.27 (SEEDS LO7, S3's formula with Δ = 1).
        var scores = D([3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1], [3, 3]);
        var y = Tensor.Eye(3, dtype: DType.Float64);
        AssertValues([2.9, 0, 12.9], new MulticlassHinge(reduction: LossReduction.None).Call(y, scores), 1e-12);
        Assert.Equal(5.266666666666667, new MulticlassHinge().Call(y, scores).Item<double>(), 12);
        var oneHot = D([0, 1, 0, 0, 0, 1], [2, 3]);
        var s = D([0.3, 0.2, 1.5, 2.0, 0.4, 0.6], [2, 3]);
        AssertValues([3.4, 3.2], new MulticlassHinge(reduction: LossReduction.None).Call(oneHot, s), 1e-12);
        AssertValues([2.4, 2.2], new MulticlassHinge(0.5, LossReduction.None).Call(oneHot, s), 1e-12);
    }

    [Fact]
    public void TripletLoss()
    {
        // d(A,P) = [0.25, 1], d(A,N) = [1, 0.25]: max(d(A,P) − d(A,N) + 0.2, 0) = [0, 0.95].
        var a = D([0, 0, 1, 1], [2, 2]);
        var p = D([0.3, 0.4, 1, 2], [2, 2]);
        var n = D([1, 0, 1, 1.5], [2, 2]);
        var loss = new TripletLoss(reduction: LossReduction.None);
        AssertValues([0, 0.95], loss.CallTriplets(a, p, n), 1e-12);
        var stacked = Tensor.Stack([a, p, n], axis: 1);
        Assert.Equal(new Shape(2, 3, 2), stacked.Shape);
        AssertValues([0, 0.95], loss.Call(stacked, stacked), 1e-12);
        Assert.Equal(0.95, new TripletLoss(reduction: LossReduction.Sum).CallTriplets(a, p, n).Item<double>(), 12);
        var bad = Assert.Throws<ArgumentException>(() => loss.Call(a, a));
        Assert.Contains("(…, 3, d)", bad.Message);
        Assert.Throws<ArgumentException>(() => loss.CallTriplets(a, p, D([1, 2, 3], [1, 3])));
    }
}
