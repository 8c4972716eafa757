namespace DeepLearning.Metrics;

/// <summary>
/// The F1 score, the harmonic mean of precision and recall, 2PR/(P + R) (Keras 3 <c>F1Score</c>; SEEDS M3,
/// "2 / (1/Precision + 1/Recall)"): <see cref="FBetaScore"/> with β = 1.
/// </summary>
/// <param name="average">How the classes are combined (default <see cref="FScoreAverage.Macro"/>).</param>
/// <param name="threshold">A threshold in (0, 1], or null for each row's maximum.</param>
/// <param name="name">The name (default <c>"f1_score"</c>).</param>
public sealed class F1Score(FScoreAverage average = FScoreAverage.Macro, double? threshold = null, string name = "f1_score")
    : FBetaScore(average, 1.0, threshold, name);
