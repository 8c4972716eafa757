namespace DeepLearning.Metrics;

/// <summary>How <see cref="FBetaScore.Result"/> combines the classes (Keras's <c>average</c>; Keras's <c>None</c>,
/// one score per class, is <see cref="FBetaScore.ResultPerClass"/>).</summary>
public enum FScoreAverage
{
    /// <summary>The unweighted mean of the per-class scores.</summary>
    Macro,

    /// <summary>One score from the true/false positives and false negatives summed over all classes.</summary>
    Micro,

    /// <summary>The mean of the per-class scores weighted by support (the number of true instances of each class).</summary>
    Weighted,
}
