namespace DeepLearning.Losses;

/// <summary>
/// Keras 3's <c>reduce_weighted_values</c>, <c>apply_mask</c> and <c>reduce_values</c> (keras/src/losses/loss.py),
/// written with tensor ops so that they run on any device and are differentiable.
/// </summary>
internal static class WeightedReduction
{
    /// <summary>Merges the mask into the sample weights, weights the per-sample losses and reduces them.</summary>
    /// <param name="who">The loss name, for error messages.</param>
    /// <param name="values">The per-sample losses.</param>
    /// <param name="sampleWeight">Optional weights (any dtype, cast to the losses' dtype).</param>
    /// <param name="mask">Optional 0/1 mask (any dtype).</param>
    /// <param name="reduction">The reduction.</param>
    public static Tensor Reduce(string who, Tensor values, Tensor? sampleWeight, Tensor? mask, LossReduction reduction)
    {
        if (sampleWeight is not null) sampleWeight = Prepare(who, "sampleWeight", sampleWeight, values);
        if (mask is not null) mask = Prepare(who, "mask", mask, values);
        sampleWeight = ApplyMask(who, sampleWeight, mask, reduction, values);
        if (sampleWeight is not null)
        {
            (values, sampleWeight) = RankAlignment.SqueezeOrExpand(values, sampleWeight);
            // Broadcast (a view), so that mean_with_sample_weight divides by the weight of every element.
            sampleWeight = AlignWeight(who, sampleWeight, values.Shape, "the per-sample loss").Expand(values.Shape);
            values = values * sampleWeight;
        }
        return ReduceValues(values, sampleWeight, reduction);
    }

    /// <summary>Keras's <c>apply_mask</c>: for the mean reductions the mask is rescaled by total/valid (so that the
    /// mean runs over the valid entries only), then multiplied into the sample weights.</summary>
    public static Tensor? ApplyMask(string who, Tensor? sampleWeight, Tensor? mask, LossReduction reduction, Tensor values)
    {
        if (mask is null) return sampleWeight;
        if (reduction == LossReduction.SumOverBatchSize)
        {
            var valid = mask.Sum();
            mask = mask * DivideNoNan(Tensor.FullLike(valid, mask.ElementCount), valid);
        }
        if (sampleWeight is null) return mask;
        (mask, sampleWeight) = RankAlignment.SqueezeOrExpand(mask, sampleWeight);
        while (mask.Rank < sampleWeight.Rank) mask = mask.Unsqueeze(-1);
        while (sampleWeight.Rank < mask.Rank) sampleWeight = sampleWeight.Unsqueeze(-1);
        _ = Shape.Broadcast(sampleWeight.Shape, mask.Shape, $"{who} (sample weights and mask)");
        return sampleWeight * mask;
    }

    /// <summary>Keras's <c>reduce_values</c>: a scalar (or, with <see cref="LossReduction.None"/>, the values
    /// unchanged). A rank-0 or empty rank-1 tensor is returned unchanged, as Keras does.</summary>
    public static Tensor ReduceValues(Tensor values, Tensor? sampleWeight, LossReduction reduction)
    {
        if (reduction == LossReduction.None || values.Rank == 0 || (values.Rank == 1 && values.Shape[0] == 0)) return values;
        var loss = values.Sum();
        return reduction switch
        {
            LossReduction.Sum => loss,
            LossReduction.MeanWithSampleWeight when sampleWeight is not null => DivideNoNan(loss, sampleWeight.Sum()),
            _ => values.ElementCount > 0 ? loss / values.ElementCount : loss,
        };
    }

    /// <summary>a / b, and 0 where b = 0 (Keras's <c>divide_no_nan</c>); no NaN reaches the gradient either.</summary>
    public static Tensor DivideNoNan(Tensor a, Tensor b)
    {
        var zero = b.Eq(0.0);
        var safe = Tensor.Where(zero, Tensor.OnesLike(b), b);
        return Tensor.Where(zero, Tensor.ZerosLike(a), a / safe);
    }

    /// <summary>
    /// Broadcasts a weight to <paramref name="target"/> with the sample axis first: a weight of lower rank gets
    /// trailing axes of size 1 (so a per-sample weight of shape (batch) weights every element of its sample, as
    /// tf.keras did); then it must broadcast to the target shape.
    /// </summary>
    /// <exception cref="ArgumentException">The weight does not broadcast to the target shape.</exception>
    public static Tensor AlignWeight(string who, Tensor weight, Shape target, string what)
    {
        var w = weight;
        while (w.Rank < target.Rank) w = w.Unsqueeze(-1);
        if (target.CanBroadcastFrom(w.Shape)) return w;
        throw new ArgumentException($"{who}: a weight or mask of shape {weight.Shape} does not broadcast to {what} of shape {target} " +
            "(weights align with the leading (sample) axes; a weight of lower rank is extended with trailing axes of size 1).");
    }

    private static Tensor Prepare(string who, string what, Tensor t, Tensor values)
    {
        if (t.Device != values.Device)
            throw new ArgumentException($"{who}: {what} of shape {t.Shape} is on {t.Device}, the predictions on {values.Device}.");
        return t.DType == values.DType ? t : t.Cast(values.DType);
    }
}
