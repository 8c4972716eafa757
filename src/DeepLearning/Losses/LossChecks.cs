namespace DeepLearning.Losses;

/// <summary>Shape and option checks shared by the losses; each message names the loss and the shapes.</summary>
internal static class LossChecks
{
    /// <summary>yTrue and yPred must have the same shape, of rank ≥ 1 (after the trailing-axis alignment).</summary>
    public static void SameShape(string who, Tensor yTrue, Tensor yPred)
    {
        if (yPred.Rank == 0)
            throw new ArgumentException($"{who}: yPred must have rank ≥ 1 (…, outputs); got a scalar. yTrue has shape {yTrue.Shape}.");
        if (yTrue.Shape != yPred.Shape)
            throw new ArgumentException($"{who}: yTrue of shape {yTrue.Shape} does not match yPred of shape {yPred.Shape} " +
                "(they must be equal, up to a trailing axis of size 1).");
    }

    /// <summary>A label-smoothing factor must lie in [0, 1].</summary>
    public static double Smoothing(string who, double labelSmoothing) =>
        labelSmoothing is >= 0 and <= 1 ? labelSmoothing
            : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"{who}: labelSmoothing must be in [0, 1].");

    /// <summary>A positive, finite parameter (δ, margin).</summary>
    public static double Positive(string who, string what, double value) =>
        value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(what, value, $"{who}: {what} must be positive and finite.");
}
