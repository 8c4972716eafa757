namespace DeepLearning.Data;

/// <summary>Splits paired in-memory arrays into training and test parts (scikit-learn's <c>train_test_split</c>),
/// with the same rule as <see cref="Dataset.Split"/>: the test part has ⌈testFraction·N⌉ examples, chosen by a seeded
/// permutation (or the last ones without shuffling).</summary>
public static class TrainTestSplit
{
    /// <summary>Splits x and y along their first axis with the same permutation.</summary>
    /// <param name="x">Features, shape (N, …).</param>
    /// <param name="y">Targets, shape (N, …).</param>
    /// <param name="testFraction">The test fraction, in (0, 1).</param>
    /// <param name="seed">The permutation's seed; null draws one from <see cref="Generator.Default"/>.</param>
    /// <param name="shuffle">Permute before splitting (else the test part is the last examples).</param>
    /// <returns>(XTrain, XTest, YTrain, YTest), in scikit-learn's order.</returns>
    /// <exception cref="ArgumentException">x and y have different first dimensions, or a scalar is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">testFraction is not in (0, 1) or leaves a part empty.</exception>
    public static (Tensor XTrain, Tensor XTest, Tensor YTrain, Tensor YTest) Split(Tensor x, Tensor y, double testFraction,
        ulong? seed = null, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
            throw new ArgumentException($"TrainTestSplit: x of shape {x.Shape} and y of shape {y.Shape} must have the same first dimension.");
        var (train, test) = Dataset.SplitIndices(x.Shape[0], testFraction, seed, shuffle, "TrainTestSplit");
        using var noGrad = Tensor.NoGrad();
        var trainIndex = Tensor.FromArray(train, null, x.Device);
        var testIndex = Tensor.FromArray(test, null, x.Device);
        var yTrainIndex = y.Device == x.Device ? trainIndex : Tensor.FromArray(train, null, y.Device);
        var yTestIndex = y.Device == x.Device ? testIndex : Tensor.FromArray(test, null, y.Device);
        return (x.Gather(trainIndex), x.Gather(testIndex), y.Gather(yTrainIndex), y.Gather(yTestIndex));
    }
}
