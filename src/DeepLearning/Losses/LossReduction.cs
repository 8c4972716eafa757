namespace DeepLearning.Losses;

/// <summary>
/// How <see cref="Loss.Call"/> reduces the weighted per-sample losses, as Keras 3's <c>reduction</c> argument
/// (keras/src/losses/loss.py, <c>reduce_values</c>). Each reduction applies to the losses after they are multiplied
/// by the sample weights (and mask).
/// </summary>
public enum LossReduction
{
    /// <summary>Σ(w·ℓ) / n, with n the number of elements of the per-sample loss tensor (not the sum of the weights):
    /// Keras's default <c>"sum_over_batch_size"</c> (its <c>"mean"</c> is the same).</summary>
    SumOverBatchSize = 0,

    /// <summary>Σ(w·ℓ): Keras's <c>"sum"</c>.</summary>
    Sum,

    /// <summary>No reduction: the weighted per-sample losses w·ℓ, shaped like the per-sample losses
    /// (Keras's <c>None</c>/<c>"none"</c>).</summary>
    None,

    /// <summary>Σ(w·ℓ) / Σw, and 0 when Σw = 0 (Keras's <c>"mean_with_sample_weight"</c>), with w broadcast to the
    /// per-sample losses' shape (so a (batch) weight on (batch, time) losses counts once per step); without sample
    /// weights or a mask it equals <see cref="SumOverBatchSize"/>.</summary>
    MeanWithSampleWeight,
}
