namespace DeepLearning.Tuning;

/// <summary>One fold of a k-fold split: the indices (ascending) trained on and the indices held out for validation
/// (scikit-learn's <c>(train_index, test_index)</c> pair from <c>KFold.split</c>).</summary>
public sealed class FoldSplit
{
    internal FoldSplit(int fold, int[] train, int[] validation)
    {
        Fold = fold;
        Train = train;
        Validation = validation;
    }

    /// <summary>The fold's number (0-based).</summary>
    public int Fold { get; }

    /// <summary>The examples trained on, ascending.</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>The examples held out, ascending.</summary>
    public IReadOnlyList<int> Validation { get; }

    /// <inheritdoc />
    public override string ToString() => $"fold {Fold}: {Train.Count} train, {Validation.Count} validation";
}
