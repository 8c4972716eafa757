using DeepLearning.Losses;
using static DeepLearning.Tests.TestHelpers;

namespace DeepLearning.Tests.Losses;

/// <summary>
/// Reductions, sample weights and masks, following keras/src/losses/loss.py (reduce_weighted_values, apply_mask,
/// reduce_values, squeeze_or_expand_to_same_rank). The per-sample losses are hand-derived: mean squared error of
/// yTrue [[1, 0.3, −2], [0, 4, 0.5]] and yPred [[1.9, 0.3, −1], [0.2, 2.5, 0.5]] is
/// ℓ = [(0.81 + 0 + 1)/3, (0.04 + 2.25 + 0)/3] = [0.60333…, 0.76333…].
/// </summary>
public class ReductionTests
{
    private const double L0 = 1.81 / 3, L1 = 2.29 / 3;

    private static Tensor YTrue() => D([1.0, 0.3, -2.0, 0.0, 4.0, 0.5], [2, 3]);

    private static Tensor YPred() => D([1.9, 0.3, -1.0, 0.2, 2.5, 0.5], [2, 3]);

    private static double Mse(LossReduction reduction, Tensor? sampleWeight = null, Tensor? mask = null) =>
        new MeanSquaredError(reduction).Call(YTrue(), YPred(), sampleWeight, mask).Item<double>();

    [Fact]
    public void TheThreeReductions()
    {
        Assert.Equal((L0 + L1) / 2, Mse(LossReduction.SumOverBatchSize), 14);
        Assert.Equal(L0 + L1, Mse(LossReduction.Sum), 14);
        var none = new MeanSquaredError(LossReduction.None).Call(YTrue(), YPred());
        Assert.Equal(new Shape(2), none.Shape);
        AssertValues([L0, L1], none, 1e-14);
        // Without weights, mean_with_sample_weight is the mean.
        Assert.Equal((L0 + L1) / 2, Mse(LossReduction.MeanWithSampleWeight), 14);
    }

    [Fact]
    public void PerSampleWeights()
    {
        var w = D([0.5, 2], [2]);
        // Σwℓ / n with n = 2 elements (not Σw), as Keras's sum_over_batch_size.
        Assert.Equal((0.5 * L0 + 2 * L1) / 2, Mse(LossReduction.SumOverBatchSize, w), 14);
        Assert.Equal(0.5 * L0 + 2 * L1, Mse(LossReduction.Sum, w), 14);
        Assert.Equal((0.5 * L0 + 2 * L1) / 2.5, Mse(LossReduction.MeanWithSampleWeight, w), 14);
        AssertValues([0.5 * L0, 2 * L1], new MeanSquaredError(LossReduction.None).Call(YTrue(), YPred(), w), 1e-14);
        // A scalar weight scales everything; a (batch, 1) weight lines up with (batch) losses (Keras expands the
        // losses to (batch, 1), so the None reduction keeps that shape).
        Assert.Equal(3 * (L0 + L1) / 2, Mse(LossReduction.SumOverBatchSize, Tensor.Scalar(3, DType.Float64)), 14);
        Assert.Equal((0.5 * L0 + 2 * L1) / 2, Mse(LossReduction.SumOverBatchSize, D([0.5, 2], [2, 1])), 14);
        Assert.Equal(new Shape(2, 1), new MeanSquaredError(LossReduction.None).Call(YTrue(), YPred(), D([0.5, 2], [2, 1])).Shape);
        // Integer weights are cast to the losses' dtype.
        Assert.Equal((L0 + 2 * L1) / 2, Mse(LossReduction.SumOverBatchSize, Tensor.FromArray(new[] { 1, 2 })), 14);
        // All-zero weights: mean_with_sample_weight gives 0 (divide_no_nan), not NaN.
        Assert.Equal(0, Mse(LossReduction.MeanWithSampleWeight, D([0, 0], [2])));
    }

    [Fact]
    public void PerSampleWeightsBroadcastOverTimeSteps()
    {
        // Sparse CE on sequences: logits (batch 2, time 3, classes 2) all zero, so every step's loss is ln 2 and
        // the per-sample loss has shape (2, 3). A (batch) weight weights every step of its sample:
        // Σ_b w_b Σ_t ln 2 / 6 = (3·1 + 3·3)·ln 2 / 6 = 2 ln 2. A (batch, time) weight weights each step.
        var logits = Tensor.Zeros([2, 3, 2], DType.Float64);
        var labels = Tensor.FromArray(new[] { 0, 1, 1, 0, 0, 1 }, [2, 3]);
        var loss = new SparseCategoricalCrossentropy(fromLogits: true);
        Assert.Equal(2 * Math.Log(2), loss.Call(labels, logits, D([1, 3], [2])).Item<double>(), 14);
        Assert.Equal(Math.Log(2) * 3 / 6, loss.Call(labels, logits, D([1, 1, 0, 1, 0, 0], [2, 3])).Item<double>(), 14);
        var none = new SparseCategoricalCrossentropy(fromLogits: true, reduction: LossReduction.None).Call(labels, logits, D([1, 3], [2]));
        Assert.Equal(new Shape(2, 3), none.Shape);
        var bad = Assert.Throws<ArgumentException>(() => loss.Call(labels, logits, D([1, 2, 3], [3])));
        Assert.Contains("sparse_categorical_crossentropy", bad.Message);
        Assert.Contains("(3,)", bad.Message);
        Assert.Contains("(2, 3)", bad.Message);
    }

    [Fact]
    public void MasksAsSampleWeightOrWithKerasMaskSemantics()
    {
        // Per-step losses ℓ_bt = ln 2 on (2, 3); mask [[1, 1, 0], [1, 0, 0]] has 3 valid steps of 6.
        var logits = Tensor.Zeros([2, 3, 2], DType.Float64);
        var labels = Tensor.FromArray(new[] { 0, 1, 1, 0, 0, 1 }, [2, 3]);
        var mask = D([1, 1, 0, 1, 0, 0], [2, 3]);
        var mean = new SparseCategoricalCrossentropy(fromLogits: true);
        var sum = new SparseCategoricalCrossentropy(fromLogits: true, reduction: LossReduction.Sum);
        double ln2 = Math.Log(2);
        // As a sample weight: masked steps count 0 but stay in the divisor: 3 ln 2 / 6.
        Assert.Equal(3 * ln2 / 6, mean.Call(labels, logits, mask).Item<double>(), 14);
        // As a Keras mask: the mean runs over the valid steps: 3 ln 2 / 3; Sum is unaffected by the rescaling.
        Assert.Equal(ln2, mean.Call(labels, logits, mask: mask).Item<double>(), 14);
        Assert.Equal(3 * ln2, sum.Call(labels, logits, mask: mask).Item<double>(), 14);
        // Mask and a per-sample weight [2, 4]: (2·2 ln 2 + 4·ln 2)/3 valid steps.
        Assert.Equal(8 * ln2 / 3, mean.Call(labels, logits, D([2, 4], [2]), mask).Item<double>(), 14);
        // A boolean-like int32 mask works too, and an all-zero mask gives 0 (divide_no_nan), not NaN.
        Assert.Equal(ln2, mean.Call(labels, logits, mask: Tensor.FromArray(new[] { 1, 1, 0, 1, 0, 0 }, [2, 3])).Item<double>(), 14);
        Assert.Equal(0, mean.Call(labels, logits, mask: Tensor.Zeros([2, 3], DType.Float64)).Item<double>());
    }

    [Fact]
    public void GradientsFlowThroughWeightsAndMasks()
    {
        // ∂/∂ŷ of Σ w_b (ŷ_b − y_b)² / n with one output: 2 w_b (ŷ_b − y_b) / 2.
        var yPred = D([1.5, -1], [2, 1]);
        yPred.RequiresGrad = true;
        new MeanSquaredError().Call(D([1, 1], [2]), yPred, D([2, 0], [2])).Backward();
        AssertValues([2 * 0.5, 0], yPred.Grad!, 1e-14);
    }

    [Fact]
    public void EmptyBatchAndScalarLossesPassThrough()
    {
        // Keras's reduce_values returns a rank-0 or an empty rank-1 loss unchanged.
        var empty = new MeanSquaredError().Call(Tensor.Zeros([0, 3], DType.Float64), Tensor.Zeros([0, 3], DType.Float64));
        Assert.Equal(new Shape(0), empty.Shape);
        var scalar = new MeanSquaredError(LossReduction.Sum).Call(D([1, 2], [2]), D([2, 2], [2]));
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(0.5, scalar.Item<double>(), 14);
    }

    public static TheoryData<string> AllLosses() =>
    [
        "mse", "mae", "mape", "msle", "huber", "logcosh", "poisson", "kld", "cosine_similarity", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy", "hinge", "squared_hinge", "categorical_hinge",
        "multiclass_hinge", "triplet_loss",
    ];

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void EveryLossReducesAndWeightsConsistently(string identifier)
    {
        // For every loss: Sum = Σℓ, SumOverBatchSize = Σℓ/n, MeanWithSampleWeight = Σwℓ/Σw and None = wℓ, with ℓ the
        // unweighted per-sample losses and a per-sample weight w of shape (batch) broadcast over (batch, time).
        var gen = new Generator(11);
        bool triplet = identifier == "triplet_loss", sparse = identifier.StartsWith("sparse", StringComparison.Ordinal);
        Shape predShape = triplet ? [3, 2, 3, 4] : [3, 2, 4];
        var yPred = Tensor.RandomUniform(predShape, 0.1, 0.9, DType.Float64, gen);
        var yTrue = sparse ? Tensor.RandomInt([3, 2], 0, 4, generator: gen)
            : Tensor.RandomUniform(predShape, 0, 1, DType.Float64, gen).Round();
        var w = D([0.5, 2, 1.5], [3]);
        Loss Make(LossReduction r) => identifier switch
        {
            "triplet_loss" => new TripletLoss(reduction: r),
            "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(reduction: r),
            _ => Reflect(Loss.FromName(identifier).GetType(), r),
        };
        var none = Make(LossReduction.None).Call(yTrue, yPred);
        Assert.Equal(new Shape(3, 2), none.Shape);
        var l = none.ToArray<double>();
        double[] weights = [0.5, 0.5, 2, 2, 1.5, 1.5];
        double sum = l.Sum(), weighted = l.Zip(weights, (a, b) => a * b).Sum();
        Assert.Equal(sum, Make(LossReduction.Sum).Call(yTrue, yPred).Item<double>(), 12);
        Assert.Equal(sum / 6, Make(LossReduction.SumOverBatchSize).Call(yTrue, yPred).Item<double>(), 12);
        Assert.Equal(weighted / 6, Make(LossReduction.SumOverBatchSize).Call(yTrue, yPred, w).Item<double>(), 12);
        // mean_with_sample_weight divides by the weight of every element: Σ_b 2·w_b = 8.
        Assert.Equal(weighted / 8, Make(LossReduction.MeanWithSampleWeight).Call(yTrue, yPred, w).Item<double>(), 12);
        AssertValues(l.Zip(weights, (a, b) => a * b).ToArray(), Make(LossReduction.None).Call(yTrue, yPred, w), 1e-12);
    }

    private static Loss Reflect(Type type, LossReduction reduction)
    {
        var ctor = type.GetConstructors().Single();
        var args = ctor.GetParameters().Select(p => p.Name == "reduction" ? reduction : p.DefaultValue).ToArray();
        return (Loss)ctor.Invoke(args);
    }
}
