namespace DeepLearning.Devices;

/// <summary>Reductions over a set of axes. The output keeps the input's rank with size 1 on reduced axes.</summary>
public enum ReduceOp
{
    /// <summary>Σx (integer too).</summary>
    Sum,
    /// <summary>Σx / n; n = number of reduced elements (an empty reduction gives NaN).</summary>
    Mean,
    /// <summary>max x; NaN if any is NaN (integer too). An empty reduction is an error (checked by the op).</summary>
    Max,
    /// <summary>min x; NaN if any is NaN (integer too). An empty reduction is an error (checked by the op).</summary>
    Min,
}

/// <summary>Index-returning reductions along one axis; ties resolve to the first index.</summary>
public enum ArgReduceOp
{
    /// <summary>Index of the largest element (NaN counts as largest).</summary>
    ArgMax,
    /// <summary>Index of the smallest element (NaN counts as smallest).</summary>
    ArgMin,
}

/// <summary>Distributions of <see cref="Device.Random"/>. Values depend only on (seed, offset + element index),
/// so every device draws the same numbers.</summary>
public enum RandomDistribution
{
    /// <summary>Uniform on [α, β).</summary>
    Uniform,
    /// <summary>Normal with mean α and standard deviation β.</summary>
    Normal,
    /// <summary>1 with probability α, else 0.</summary>
    Bernoulli,
    /// <summary>Normal with mean α and standard deviation β, restricted to [α − 2β, α + 2β] (Keras's TruncatedNormal).</summary>
    TruncatedNormal,
    /// <summary>Integers uniform on [α, β) (for <see cref="DType.Int32"/>; floats get the integer values).</summary>
    UniformInteger,
}
