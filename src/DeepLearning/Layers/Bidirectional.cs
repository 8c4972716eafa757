namespace DeepLearning.Layers;

/// <summary>
/// Runs a recurrent layer over the sequence in both directions and merges the two outputs (Keras's Bidirectional):
/// y = forward(x), y′ = backward(x) where the backward layer is a copy of the wrapped layer with go_backwards, so
/// it reads the sequence from the end; with return_sequences y′ is flipped back along time so that y′[t] belongs to
/// input step t. The output is merge(y, y′) (<see cref="MergeMode"/>: concat by default, giving 2·units features).
/// </summary>
/// <remarks>
/// <para>As in Keras, the forward and backward layers are fresh copies built from the wrapped layer's arguments
/// (named "forward_…" and "backward_…"), each with its own weights, so the parameter count is twice the wrapped
/// layer's; the wrapped instance itself is not used. An explicit backward layer may be given instead; it must have
/// the opposite go_backwards and the same return_sequences, return_state and stateful.</para>
/// <para>With return_sequences, both copies output zeros at masked steps (Keras forces zero_output_for_mask); the
/// input mask is passed on. Initial states: <c>CallMultiple([x, forward states…, backward states…])</c>. With
/// return_state the outputs are [merged output, forward states…, backward states…] (merge None: [y, y′, states…]).</para>
/// </remarks>
public sealed class Bidirectional : Layer
{
    /// <summary>Wraps <paramref name="layer"/>.</summary>
    /// <param name="layer">The recurrent layer to run in both directions (its arguments are copied).</param>
    /// <param name="mergeMode">How the outputs are combined.</param>
    /// <param name="backwardLayer">An explicit backward layer (default: a copy of layer with go_backwards).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">The backward layer has the same direction as the forward one, or differs
    /// in return_sequences, return_state or stateful.</exception>
    public Bidirectional(RecurrentLayer layer, BidirectionalMergeMode mergeMode = BidirectionalMergeMode.Concat,
        RecurrentLayer? backwardLayer = null, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!Enum.IsDefined(mergeMode))
            throw new ArgumentOutOfRangeException(nameof(mergeMode), mergeMode, $"Bidirectional: unknown merge mode {mergeMode}.");
        ForwardLayer = Track(layer.CloneWith(layer.GoBackwards, "forward_" + RemovePrefix(layer.Name, "forward_")));
        BackwardLayer = Track(backwardLayer ?? layer.CloneWith(true, "backward_" + RemovePrefix(layer.Name, "backward_")));
        if (ForwardLayer.GoBackwards == BackwardLayer.GoBackwards)
            throw new ArgumentException($"Bidirectional: the forward and backward layers must have different go_backwards; both have {ForwardLayer.GoBackwards}.");
        if (ForwardLayer.ReturnSequences != BackwardLayer.ReturnSequences || ForwardLayer.ReturnState != BackwardLayer.ReturnState
            || ForwardLayer.Stateful != BackwardLayer.Stateful)
            throw new ArgumentException($"Bidirectional: the forward layer {ForwardLayer} and backward layer {BackwardLayer} must agree on return_sequences, return_state and stateful.");
        ForwardLayer.ZeroOutputForMask = ForwardLayer.ReturnSequences;
        BackwardLayer.ZeroOutputForMask = BackwardLayer.ReturnSequences;
        MergeMode = mergeMode;
    }

    /// <summary>The layer reading the sequence forwards.</summary>
    public RecurrentLayer ForwardLayer { get; }

    /// <summary>The layer reading the sequence backwards.</summary>
    public RecurrentLayer BackwardLayer { get; }

    /// <summary>How the two outputs are combined.</summary>
    public BidirectionalMergeMode MergeMode { get; }

    /// <summary>Whether the output is a sequence (the wrapped layer's return_sequences).</summary>
    public bool ReturnSequences => ForwardLayer.ReturnSequences;

    /// <summary>Whether the final states follow the output.</summary>
    public bool ReturnState => ForwardLayer.ReturnState;

    /// <summary>Resets the states of both directions (stateful layers).</summary>
    public void ResetStates()
    {
        ForwardLayer.ResetStates();
        BackwardLayer.ResetStates();
    }

    private static string RemovePrefix(string s, string prefix) => s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    /// <inheritdoc />
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        var s = inputShapes[0];
        if (s.Rank != 2)
            throw new ArgumentException($"{Name}: Bidirectional expects inputs of shape (batch, timesteps, features); got (None, {string.Join(", ", s)}).");
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var x = inputs[0];
        if (x.Rank != 3)
            throw new ArgumentException($"{Name}: Bidirectional expects inputs of shape (batch, timesteps, features); got {x.Shape}.");
        int nf = ForwardLayer.StateCount, nb = BackwardLayer.StateCount;
        Tensor[] forwardIn = [x], backwardIn = [x];
        if (inputs.Count > 1)
        {
            if (inputs.Count - 1 != nf + nb)
                throw new ArgumentException($"{Name}: {nf + nb} initial states expected after the sequence (forward then backward); got {inputs.Count - 1}.");
            forwardIn = [x, .. inputs.Skip(1).Take(nf)];
            backwardIn = [x, .. inputs.Skip(1 + nf)];
        }
        var mask = context.Mask;
        var forward = ForwardLayer.Invoke(forwardIn, context.Training, Masks(mask, forwardIn.Length));
        var backward = BackwardLayer.Invoke(backwardIn, context.Training, Masks(mask, backwardIn.Length));
        Tensor y = forward[0], yRev = backward[0];
        if (ReturnSequences)
        {
            int steps = yRev.Shape[1];
            yRev = yRev.Gather(Tensor.Arange(steps - 1, -1, -1, DeepLearning.DType.Int32, yRev.Device), 1);
        }
        var states = forward.Skip(1).Concat(backward.Skip(1));
        var outputMask = ReturnSequences ? mask : null;
        if (MergeMode == BidirectionalMergeMode.None)
        {
            y.Mask = outputMask;
            yRev.Mask = outputMask;
            return [y, yRev, .. states];
        }
        var output = MergeMode switch
        {
            BidirectionalMergeMode.Concat => Tensor.Concat([y, yRev], -1),
            BidirectionalMergeMode.Sum => y + yRev,
            BidirectionalMergeMode.Mul => y * yRev,
            _ => (y + yRev) / 2.0,
        };
        if (!ReturnState) return [output];
        output.Mask = outputMask;
        return [output, .. states];
    }

    private static Tensor?[] Masks(Tensor? mask, int count)
    {
        var masks = new Tensor?[count];
        masks[0] = mask;
        return masks;
    }

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        ReturnSequences && masks.Count > 0 ? masks[0] : null;

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("merge_mode", MergeMode == BidirectionalMergeMode.None ? null : MergeMode.ToString().ToLowerInvariant())
        .Set("layer", NestedLayerConfig.Write(ForwardLayer)).Set("backward_layer", NestedLayerConfig.Write(BackwardLayer));

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/>.</summary>
    /// <exception cref="InvalidDataException">A wrapped layer or the merge mode cannot be read.</exception>
    public static Layer FromConfig(LayerConfig c)
    {
        var mode = c.GetOptionalString("merge_mode") switch
        {
            null => BidirectionalMergeMode.None,
            "concat" => BidirectionalMergeMode.Concat,
            "sum" => BidirectionalMergeMode.Sum,
            "mul" => BidirectionalMergeMode.Mul,
            "ave" => BidirectionalMergeMode.Ave,
            var other => throw new InvalidDataException($"Bidirectional: unknown merge_mode '{other}'."),
        };
        var forward = NestedLayerConfig.Read(c.GetConfig("layer"), "Bidirectional") as RecurrentLayer
            ?? throw new InvalidDataException("Bidirectional: the wrapped layer is not a recurrent layer.");
        var backward = c.Contains("backward_layer") ? NestedLayerConfig.Read(c.GetConfig("backward_layer"), "Bidirectional") as RecurrentLayer
            ?? throw new InvalidDataException("Bidirectional: the backward layer is not a recurrent layer.") : null;
        return new Bidirectional(forward, mode, backward, c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
    }
}
