namespace DeepLearning.Data;

/// <summary>One-hot encoding of class labels (Keras's <c>to_categorical</c>) and its inverse. Unlike
/// <see cref="Tensor.OneHot"/> (tf.one_hot, which maps out-of-range labels to zero rows), these helpers reject labels
/// outside [0, classes).</summary>
public static class OneHot
{
    /// <summary>Encodes labels as rows of shape (N, classes): row i is 1 at column labels[i] and 0 elsewhere.</summary>
    /// <param name="labels">Class indices.</param>
    /// <param name="classes">The number of classes; null takes max(labels) + 1.</param>
    /// <param name="dtype">The result's dtype (default float32).</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classes), or classes is below 1.</exception>
    public static Tensor Encode(ReadOnlySpan<int> labels, int? classes = null, DType dtype = DType.Float32)
    {
        int depth = Depth(labels, classes);
        var data = new float[(long)labels.Length * depth];
        for (int i = 0; i < labels.Length; i++) data[(long)i * depth + labels[i]] = 1;
        var t = Tensor.FromArray(data, [labels.Length, depth]);
        return dtype == DType.Float32 ? t : t.Cast(dtype);
    }

    /// <summary>Encodes an int32 label tensor of any shape S as shape S + (classes).</summary>
    /// <exception cref="ArgumentException">labels is not int32.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classes), or classes is below 1.</exception>
    public static Tensor Encode(Tensor labels, int? classes = null, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.DType != DType.Int32)
            throw new ArgumentException($"OneHot.Encode: labels must be int32; got {labels.DType} of shape {labels.Shape}.", nameof(labels));
        var values = labels.ToArray<int>();
        int depth = Depth(values, classes);
        return Tensor.OneHot(labels, depth, dtype);
    }

    /// <summary>The class of every one-hot (or probability) row: the arg-max over the last axis, as int32.</summary>
    /// <exception cref="ArgumentException">The tensor is a scalar.</exception>
    public static Tensor Decode(Tensor oneHot)
    {
        ArgumentNullException.ThrowIfNull(oneHot);
        if (oneHot.Rank == 0) throw new ArgumentException("OneHot.Decode: a scalar has no class axis.", nameof(oneHot));
        using var noGrad = Tensor.NoGrad();
        return oneHot.ArgMax(-1);
    }

    private static int Depth(ReadOnlySpan<int> labels, int? classes)
    {
        if (classes is < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "OneHot.Encode: the number of classes must be at least 1.");
        int max = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || (classes is int c && labels[i] >= c))
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i],
                    $"OneHot.Encode: label {labels[i]} at position {i} is outside [0, {classes?.ToString() ?? "∞"}).");
            max = Math.Max(max, labels[i]);
        }
        return classes ?? Math.Max(1, max + 1);
    }
}
