namespace DeepLearning.Data;

/// <summary>
/// A group of examples stacked on a new leading axis: every tensor's first dimension is the number of examples.
/// Several inputs and targets serve multi-input and multi-output models; a single-input model uses
/// <see cref="Inputs"/>[0] (also <see cref="Input"/>).
/// </summary>
/// <param name="Inputs">The model inputs, each of shape (batch, …).</param>
/// <param name="Targets">The targets (labels), each of shape (batch, …); empty for unlabelled data.</param>
/// <param name="SampleWeights">Optional per-example weights of shape (batch), or per-step weights of shape (batch, steps)
/// (Keras's temporal weighting), as Keras's <c>sample_weight</c>.</param>
public sealed record Batch(Tensor[] Inputs, Tensor[] Targets, Tensor? SampleWeights = null)
{
    /// <summary>The number of examples (the first dimension of the first input, or of the first target).</summary>
    public int Count => Inputs.Length > 0 ? Inputs[0].Shape[0] : Targets.Length > 0 ? Targets[0].Shape[0] : 0;

    /// <summary>The first (for most models the only) input.</summary>
    /// <exception cref="InvalidOperationException">The batch has no input.</exception>
    public Tensor Input => Inputs.Length > 0 ? Inputs[0] : throw new InvalidOperationException("Batch.Input: the batch has no input tensor.");

    /// <summary>The first (for most models the only) target.</summary>
    /// <exception cref="InvalidOperationException">The batch has no target.</exception>
    public Tensor Target => Targets.Length > 0 ? Targets[0] : throw new InvalidOperationException("Batch.Target: the batch has no target tensor (unlabelled data).");
}
