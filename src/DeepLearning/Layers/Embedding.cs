using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Turns int32 indices into dense vectors (Keras's Embedding): y[…, :] = E[x[…], :] for a table E of shape
/// (inputDim, outputDim), so an input (batch, …) gives (batch, …, outputDim). Parameters: inputDim·outputDim.
/// </summary>
/// <remarks>
/// <para>The lookup is <see cref="Tensor.Gather"/> along axis 0 of E; its gradient scatter-adds the output gradient
/// into the rows that were looked up (repeated indices sum), as tf.gather's.</para>
/// <para>With <see cref="MaskZero"/>, index 0 is padding: the output carries a mask (batch, …) equal to 1 where
/// x ≠ 0 and 0 where x = 0 (float32), which recurrent layers, attention and losses use. Index 0 still looks up row 0
/// (Keras does the same), so inputDim must count it: a vocabulary of n words plus padding needs inputDim = n + 1.</para>
/// <para>Keras casts float inputs to int32 silently; this layer rejects them instead, since a float index is
/// almost always a bug (cast explicitly with <see cref="Tensor.Cast"/>).</para>
/// </remarks>
public sealed class Embedding : Layer
{
    private Tensor? _embeddings;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputDim">Size of the vocabulary: indices are in [0, inputDim).</param>
    /// <param name="outputDim">Length of each embedding vector.</param>
    /// <param name="embeddingsInitializer">Initial E (default Keras's "uniform": U(−0.05, 0.05)).</param>
    /// <param name="embeddingsRegularizer">Penalty on E.</param>
    /// <param name="embeddingsConstraint">Projection of E after each step.</param>
    /// <param name="maskZero">Whether index 0 is padding that produces a mask.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">inputDim or outputDim ≤ 0.</exception>
    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null, Regularizer? embeddingsRegularizer = null,
        Constraint? embeddingsConstraint = null, bool maskZero = false, Regularizer? activityRegularizer = null, string? name = null)
        : base(name)
    {
        if (inputDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, $"Embedding: inputDim must be positive; got {inputDim}.");
        if (outputDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(outputDim), outputDim, $"Embedding: outputDim must be positive; got {outputDim}.");
        InputDim = inputDim;
        OutputDim = outputDim;
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform(-0.05, 0.05);
        EmbeddingsRegularizer = embeddingsRegularizer;
        EmbeddingsConstraint = embeddingsConstraint;
        MaskZero = maskZero;
        ActivityRegularizer = activityRegularizer;
    }

    /// <summary>Size of the vocabulary.</summary>
    public int InputDim { get; }

    /// <summary>Length of each embedding vector.</summary>
    public int OutputDim { get; }

    /// <summary>Initial E.</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>Penalty on E.</summary>
    public Regularizer? EmbeddingsRegularizer { get; internal set; }

    /// <summary>Projection of E.</summary>
    public Constraint? EmbeddingsConstraint { get; internal set; }

    /// <summary>Whether index 0 is padding (the output then carries a mask, 1 where x ≠ 0).</summary>
    public bool MaskZero { get; }

    /// <summary>E, shape (inputDim, outputDim); null before the first call.</summary>
    public Tensor? Embeddings => _embeddings;

    /// <inheritdoc />
    protected override bool ChecksInputFeatures => false;

    /// <inheritdoc />
    protected override void Build(Shape inputShape) =>
        _embeddings = AddWeight("embeddings", [InputDim, OutputDim], EmbeddingsInitializer, regularizer: EmbeddingsRegularizer,
            constraint: EmbeddingsConstraint);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not int32.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, inputDim).</exception>
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        if (input.DType != DeepLearning.DType.Int32)
            throw new ArgumentException($"{Name}: Embedding takes int32 indices; got {input.DType} input of shape {input.Shape} (Cast to int32 first).");
        try
        {
            return _embeddings!.Gather(input, 0);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentOutOfRangeException(nameof(input),
                $"{Name}: an index of the input of shape {input.Shape} is outside [0, {InputDim}) (input_dim {InputDim}). {e.Message}");
        }
    }

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        if (!MaskZero) return null;
        using var noGrad = Tensor.NoGrad();
        return inputs[0].Ne(0).Cast(DeepLearning.DType.Float32);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("input_dim", InputDim).Set("output_dim", OutputDim)
        .Set("embeddings_initializer", EmbeddingsInitializer.Name).Set("mask_zero", MaskZero);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (the initializer by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => new Embedding(c.GetInt("input_dim"), c.GetInt("output_dim"),
        Initializer.FromName(c.GetString("embeddings_initializer", "random_uniform")), maskZero: c.GetBool("mask_zero", false),
        name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
