namespace DeepLearning.Losses;

/// <summary>The log-probabilities shared by the categorical cross-entropies.</summary>
internal static class CrossEntropyMath
{
    /// <summary>log_softmax(x) for logits; for probabilities ln(clip(p / Σp, ε, 1 − ε)) (Keras's backends).</summary>
    public static Tensor LogProbabilities(Tensor yPred, int axis, bool fromLogits)
    {
        if (fromLogits) return yPred.LogSoftmax(axis);
        var p = yPred / yPred.Sum(axis, keepDims: true);
        return p.Clip(Loss.Epsilon, 1 - Loss.Epsilon).Log();
    }
}
