namespace DeepLearning;

/// <summary>
/// How a convolution or pooling window treats the borders (Keras's <c>padding</c> argument). For an axis of
/// length n, window k, dilation d (effective window k' = d·(k − 1) + 1) and stride s the output length is
/// <list type="bullet">
/// <item><see cref="Valid"/>: ⌊(n − k')/s⌋ + 1 (no padding; needs n ≥ k');</item>
/// <item><see cref="Same"/>: ⌈n/s⌉, padding p = max((⌈n/s⌉ − 1)·s + k' − n, 0) cells split ⌊p/2⌋ before and the
/// rest after, so the extra cell goes at the bottom/right (TensorFlow's and Keras's "SAME");</item>
/// <item><see cref="Causal"/> (1-D convolutions only): k' − 1 cells before, none after, so output t sees inputs
/// ≤ t only (Keras Conv1D "causal", WaveNet); length ⌊(n − 1)/s⌋ + 1.</item>
/// </list>
/// Source: keras/src/ops/operation_utils.py <c>compute_conv_output_shape</c> and TensorFlow's
/// <c>GetWindowedOutputSize</c>.
/// </summary>
public enum Padding
{
    /// <summary>No padding: only windows that fit entirely inside the input.</summary>
    Valid,

    /// <summary>Zero padding so that the output length is ⌈n/stride⌉; the odd cell goes after (bottom/right).</summary>
    Same,

    /// <summary>Zero padding of k' − 1 cells before the sequence only (1-D convolutions).</summary>
    Causal,
}
