namespace DeepLearning.Layers;

/// <summary>
/// The base of the element-wise merge layers (<see cref="Add"/>, <see cref="Subtract"/>, <see cref="Multiply"/>,
/// <see cref="Average"/>, <see cref="Maximum"/>, <see cref="Minimum"/>; Keras's <c>Merge</c>). All inputs must have the
/// same batch size and dtype, and per-sample shapes that broadcast as NumPy does (equal, or 1); the output has the
/// broadcast shape. No weights.
/// </summary>
/// <remarks>
/// Masks follow Keras 3 (keras/src/layers/merging/base_merge.py since Keras 3.4): the output mask is the logical OR
/// of the input masks when every input has one, and none otherwise (a position is valid when it is valid in any
/// input). <see cref="Multiply"/>, <see cref="Maximum"/> and <see cref="Minimum"/> also ignore the masked-out values
/// of an input (Keras's fix of keras-team/keras#18416); Add, Subtract and Average combine all values.
/// </remarks>
public abstract class Merge : Layer
{
    /// <summary>Creates the layer.</summary>
    protected Merge(string? name) : base(name) { }

    /// <summary>The number of inputs the layer takes exactly (null: one or more).</summary>
    protected virtual int? ExactInputs => null;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <summary>The layer's class and name for messages: "Add 'add_1'".</summary>
    private protected string Who => $"{GetType().Name} '{Name}'";

    /// <summary>All shapes of a call, batch axis shown as None: "(None, 3), (None, 4)".</summary>
    private protected static string Describe(IEnumerable<Shape> perSample) => string.Join(", ", perSample.Select(LayerChecks.NoneShape));

    /// <summary>All full shapes of a call.</summary>
    private protected static string DescribeFull(IReadOnlyList<Tensor> inputs) => string.Join(", ", inputs.Select(x => x.Shape.ToString()));

    /// <summary>Checks the input count, batch sizes and dtypes shared by every merge layer.</summary>
    /// <exception cref="ArgumentException">Wrong input count, scalar inputs, different batch sizes or dtypes.</exception>
    private protected void CheckCommon(IReadOnlyList<Tensor> inputs)
    {
        if (ExactInputs is int n && inputs.Count != n)
            throw new ArgumentException($"{Who}: takes exactly {n} inputs; got {inputs.Count} (shapes {DescribeFull(inputs)}).");
        for (int i = 1; i < inputs.Count; i++)
        {
            if (inputs[i].Shape[0] != inputs[0].Shape[0])
                throw new ArgumentException($"{Who}: cannot merge tensors with different batch sizes; got shapes {DescribeFull(inputs)}.");
            if (inputs[i].DType != inputs[0].DType)
                throw new ArgumentException($"{Who}: inputs must share a dtype; got {string.Join(", ", inputs.Select(x => x.DType))} for shapes {DescribeFull(inputs)}.");
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckCommon(inputs);
        var shape = inputs[0].Shape;
        for (int i = 1; i < inputs.Count; i++)
            if (!Shape.TryBroadcast(shape, inputs[i].Shape, out shape))
                throw new ArgumentException($"{Who}: inputs have incompatible shapes {Describe(inputs.Select(x => SampleShape(x.Shape)))}; per-sample shapes must be equal or broadcast (size 1).");
        return [MergeFunction(inputs, context.Masks)];
    }

    /// <summary>Combines inputs already checked to broadcast together.</summary>
    /// <param name="inputs">The inputs (batch axis first).</param>
    /// <param name="masks">One mask or null per input.</param>
    protected abstract Tensor MergeFunction(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks);

    /// <summary>Keras 3's merge mask: the OR of the input masks when every input has one, else none.</summary>
    /// <exception cref="ArgumentException">The masks have different shapes.</exception>
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        if (masks.Count == 0 || masks.Any(m => m is null)) return null;
        var result = masks[0]!;
        for (int i = 1; i < masks.Count; i++)
        {
            var m = masks[i]!;
            if (m.Shape != result.Shape)
                throw new ArgumentException($"{Who}: input masks have different shapes {string.Join(", ", masks.Select(k => k!.Shape.ToString()))}.");
            result = Tensor.Maximum(result.Detach(), m.Detach().Cast(result.DType));
        }
        return result;
    }

    /// <summary>Keras's masked merge for operations without an identity element (maximum, minimum): a masked-out
    /// value is replaced by the running result (or the running result by the value), so it never wins.</summary>
    private protected Tensor MaskedFold(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, Func<Tensor, Tensor, Tensor> op)
    {
        Tensor output = inputs[0];
        Tensor? outputMask = MaskAt(masks, 0) is { } m0 ? LayerChecks.ExpandMask(Name, m0, output) : null;
        for (int i = 1; i < inputs.Count; i++)
        {
            var x = inputs[i];
            Tensor? mask = MaskAt(masks, i) is { } mi ? LayerChecks.ExpandMask(Name, mi, x) : null;
            if (mask is not null) x = Tensor.Where(mask, x, output);
            if (outputMask is not null) output = Tensor.Where(outputMask, output, x);
            outputMask = mask is not null && outputMask is not null ? Tensor.Maximum(outputMask, mask) : null;
            output = op(output, x);
        }
        return output;
    }

    /// <summary>The mask of input i, or null.</summary>
    private protected static Tensor? MaskAt(IReadOnlyList<Tensor?> masks, int i) => i < masks.Count ? masks[i] : null;

    private static Shape SampleShape(Shape s) => new(s.ToArray().AsSpan(1));

    /// <summary>Rebuilds a parameterless merge layer from its config.</summary>
    private protected static T WithBase<T>(T layer, LayerConfig c) where T : Layer
    {
        layer.Trainable = c.GetBool("trainable", true);
        return layer;
    }
}
