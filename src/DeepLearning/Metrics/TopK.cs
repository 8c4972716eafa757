namespace DeepLearning.Metrics;

/// <summary>tf.math.in_top_k without a host read-back.</summary>
internal static class TopK
{
    /// <summary>1 where the label's score is among the k largest of its row — fewer than k scores are strictly
    /// greater, so ties at the boundary count as in (as tf.math.in_top_k) — and 0 elsewhere or for a label outside
    /// [0, classes). labels: int32 (…); scores: (…, classes).</summary>
    public static Tensor InTopK(Tensor labels, Tensor scores, int k)
    {
        int classes = scores.Shape[-1];
        var oneHot = Tensor.OneHot(labels, classes, scores.DType);
        var zero = Tensor.Zeros(Shape.Scalar, scores.DType, scores.Device);
        var target = Tensor.Where(oneHot, scores, zero).Sum(-1, keepDims: true);
        var above = (scores > target).Sum(-1);
        var valid = (labels >= Tensor.Zeros(Shape.Scalar, DType.Int32, labels.Device)) * (labels < Tensor.Full(Shape.Scalar, classes, DType.Int32, labels.Device));
        return (above < (double)k) * valid.Cast(scores.DType);
    }
}
