namespace DeepLearning.Losses;

/// <summary>Keras's <c>convert_binary_labels_to_hinge</c>.</summary>
internal static class HingeLabels
{
    /// <summary>2y − 1 when every element of y is 0 or 1, else y unchanged — decided on the device (no read-back).</summary>
    public static Tensor ToPlusMinusOne(Tensor y)
    {
        using var noGrad = Tensor.NoGrad();
        var notBinary = (y.Eq(0.0) + y.Eq(1.0)).Eq(0.0).Sum();
        return Tensor.Where(notBinary.Eq(0.0), y * 2.0 - 1.0, y);
    }
}
