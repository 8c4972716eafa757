using DeepLearning.Layers;

namespace DeepLearning.Samples.Techniques;

/// <summary>
/// Monte-Carlo dropout (Gal &amp; Ghahramani 2016), as the course notes write it in Keras (SEEDS L5):
/// <code>class MCDropout(keras.layers.Dropout):
///     def call(self, inputs):
///         return super().call(inputs, training=True)</code>
/// Here the layer's computation is <c>Forward</c>; the override forces the training flag on, so the layer drops units
/// in <c>Predict</c> too and every prediction is a sample from the approximate posterior.
/// </summary>
/// <param name="rate">The drop probability.</param>
public sealed class MCDropout(double rate) : Dropout(rate)
{
    /// <summary>Dropout with <c>training: true</c> whatever the caller asked.</summary>
    protected override Tensor Forward(Tensor input, CallContext context) =>
        base.Forward(input, context with { Training = true });
}
