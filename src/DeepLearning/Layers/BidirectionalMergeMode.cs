namespace DeepLearning.Layers;

/// <summary>How <see cref="Bidirectional"/> combines the forward output y and the backward output y′ (Keras's
/// <c>merge_mode</c>).</summary>
public enum BidirectionalMergeMode
{
    /// <summary>[y, y′] concatenated on the last axis (Keras's default): 2·units features.</summary>
    Concat,

    /// <summary>y + y′.</summary>
    Sum,

    /// <summary>y ⊙ y′.</summary>
    Mul,

    /// <summary>(y + y′)/2.</summary>
    Ave,

    /// <summary>Not combined: the layer returns y and y′ as two outputs (Keras's <c>merge_mode=None</c>).</summary>
    None,
}
