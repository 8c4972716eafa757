using DeepLearning.Activations;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// The base of the recurrent layers <see cref="SimpleRNN"/>, <see cref="LSTM"/> and <see cref="GRU"/>: Keras's
/// <c>RNN</c> layer driving a cell over the time axis of an input (batch, time, features), with Keras's
/// <c>return_sequences</c>, <c>return_state</c>, <c>go_backwards</c>, <c>stateful</c>, masking, initial states,
/// <c>dropout</c> and <c>recurrent_dropout</c>. It is the base of the library's own recurrent layers only (its
/// constructor is not accessible outside the library); a custom recurrent layer derives from <see cref="Layer"/>.
/// </summary>
/// <remarks>
/// <para><b>Calling.</b> <c>layer.Call(x)</c> returns the output: the last output (batch, units), or every output
/// (batch, time, units) with <see cref="ReturnSequences"/>. With <see cref="ReturnState"/>,
/// <c>layer.CallMultiple([x])</c> returns [output, final states…] (LSTM: h and c; GRU and SimpleRNN: h). Initial
/// states are passed after the sequence: <c>layer.CallMultiple([x, h0, c0])</c> (or <c>layer.Call([x, h0, c0])</c>
/// for the output alone), each (batch, units); without them the states start at zero.</para>
/// <para><b>Masking</b> (keras.backend.rnn): the mask (batch, time), 1 = valid step, comes from the input's
/// <see cref="Tensor.Mask"/> (e.g. from <see cref="Embedding"/> with maskZero or <see cref="Masking"/>) or from the
/// <c>mask</c> argument of <see cref="Layer.Call(Tensor, bool?, Tensor?)"/>. At a masked step the states are carried
/// over unchanged, and the output repeats the previous step's output; before the first valid step that previous
/// output is zeros (Keras's TensorFlow backend starts from <c>zeros_like(output)</c>, even with a non-zero initial
/// state). With <see cref="ZeroOutputForMask"/> masked outputs are zeros instead (Bidirectional sets it). So a
/// right-padded sequence gives the same last output and final states as the unpadded one. The mask is passed on with
/// <see cref="ReturnSequences"/>; otherwise the output has none.</para>
/// <para><b>go_backwards</b> processes the steps from last to first and, as Keras, returns the output sequence in
/// that processing order (reversed); the mask passed on is the input's, unchanged.</para>
/// <para><b>Dropout</b> (training only, Keras's DropoutRNNCell): one inverted-dropout mask per call, the same for
/// every time step, on the inputs (batch, features) and, with recurrent dropout, on the previous output
/// (batch, units). As in Keras, a layer with recurrent dropout uses one mask per gate (implementation 1), else a
/// single input mask shared by the gates (implementation 2).</para>
/// <para><b>Stateful</b>: the final states of a call become the initial states of the next call (same batch size),
/// until <see cref="ResetStates()"/>.</para>
/// <para><b>Speed.</b> The inputs of all steps are projected with one matrix product (batch·time, features) ×
/// (features, gates·units) before the loop. With the default activations (and tanh, sigmoid, relu or linear
/// generally) and no recurrent dropout in training, the loop runs as one fused autograd node with a hand-written
/// backward pass: per step one batched GEMM forward (h·U for all gates) and one GEMM per gate backward, a few
/// element-wise kernels on dense (batch, units) blocks, and the gradient of U as one GEMM over all steps at the end
/// (<c>Autograd/Ops/LstmSequenceNode</c>, <c>GruSequenceNode</c>, <c>SimpleRnnSequenceNode</c>); otherwise the loop
/// is written step by step with differentiable tensor ops (same results, about four times the overhead).</para>
/// </remarks>
public abstract partial class RecurrentLayer : KernelLayer
{
    private Tensor[]? _states;
    private Generator? _generator;

    /// <summary>Validates and stores the configuration shared by every recurrent layer: the sequence options and the
    /// options of the three weights W, U and b (defaults: φ tanh, Glorot-uniform W, orthogonal U, zero b).</summary>
    /// <exception cref="ArgumentOutOfRangeException">units ≤ 0, or a dropout rate outside [0, 1).</exception>
    private protected RecurrentLayer(int units, ActivationFunction? activation, bool useBias, Initializer? kernelInitializer,
        Initializer? recurrentInitializer, Initializer? biasInitializer, Regularizer? kernelRegularizer,
        Regularizer? recurrentRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer,
        Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint, double dropout,
        double recurrentDropout, int? seed, bool returnSequences, bool returnState, bool goBackwards, bool stateful,
        string? name)
        : base(useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
            biasConstraint, name)
    {
        string cls = GetType().Name;
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"{cls}: units must be positive; got {units}.");
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{cls}: dropout must be in [0, 1); got {dropout}.");
        if (!(recurrentDropout >= 0 && recurrentDropout < 1))
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, $"{cls}: recurrentDropout must be in [0, 1); got {recurrentDropout}.");
        Units = units;
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
        Seed = seed;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        GoBackwards = goBackwards;
        Stateful = stateful;
        ActivationFunction = activation ?? ActivationFunction.Tanh;
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        RecurrentRegularizer = recurrentRegularizer;
        RecurrentConstraint = recurrentConstraint;
    }

    /// <summary>Size of the output and of each state.</summary>
    public int Units { get; }

    /// <summary>Fraction of the input features dropped (training only).</summary>
    public double Dropout { get; }

    /// <summary>Fraction of the previous output's features dropped in the recurrent product (training only).</summary>
    public double RecurrentDropout { get; }

    /// <summary>Seed of the layer's own dropout generator; null draws from <see cref="Generator.Default"/>.</summary>
    public int? Seed { get; }

    /// <summary>Return every step's output (batch, time, units) instead of the last one (batch, units).</summary>
    public bool ReturnSequences { get; }

    /// <summary>Return the final states after the output (use <see cref="Layer.CallMultiple(IReadOnlyList{Tensor}, bool?, IReadOnlyList{Tensor?}?)"/>).</summary>
    public bool ReturnState { get; }

    /// <summary>Process the sequence from its last step to its first (the output sequence comes back reversed).</summary>
    public bool GoBackwards { get; }

    /// <summary>Carry the final states of a call into the next one.</summary>
    public bool Stateful { get; }

    /// <summary>Masked steps output zeros instead of repeating the previous output (Keras's
    /// <c>zero_output_for_mask</c>; <see cref="Bidirectional"/> sets it when returning sequences).</summary>
    public bool ZeroOutputForMask { get; set; }

    /// <summary>Number of state tensors (LSTM: 2, h and c; GRU and SimpleRNN: 1).</summary>
    public abstract int StateCount { get; }

    /// <summary>The states a stateful layer carries into its next call (null when reset or not stateful).</summary>
    public IReadOnlyList<Tensor>? States => _states;

    /// <summary>Forces the per-step autograd path (tests compare it with the fused one).</summary>
    internal bool ForceStepwise { get; set; }

    /// <summary>Makes the next call of a stateful layer start from zeros.</summary>
    public void ResetStates() => _states = null;

    /// <summary>Sets the states the next call of a stateful layer starts from.</summary>
    /// <param name="states"><see cref="StateCount"/> tensors of shape (batch, units).</param>
    /// <exception cref="ArgumentException">The count or a shape is wrong.</exception>
    public void ResetStates(IReadOnlyList<Tensor> states)
    {
        if (states.Count != StateCount)
            throw new ArgumentException($"{Name}: {StateCount} states expected; got {states.Count}.");
        var copies = new Tensor[states.Count];
        using (TensorScope.Persistent())
        using (Tensor.NoGrad())
            for (int i = 0; i < copies.Length; i++)
            {
                if (states[i].Rank != 2 || states[i].Shape[1] != Units || states[i].Shape[0] != states[0].Shape[0])
                    throw new ArgumentException($"{Name}: state {i} must have shape (batch, {Units}); got {states[i].Shape}.");
                copies[i] = states[i].Detach().Clone();
            }
        _states = copies;
    }

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        ReturnSequences && masks.Count > 0 ? masks[0] : null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not (batch, time, features), or an initial state is not (batch, units).</exception>
    protected sealed override void Build(IReadOnlyList<Shape> inputShapes)
    {
        var s = inputShapes[0];
        if (s.Rank != 2)
            throw new ArgumentException($"{Name}: {GetType().Name} expects inputs of shape (batch, timesteps, features); got (None, {string.Join(", ", s)}).");
        if (s[1] <= 0) throw new ArgumentException($"{Name}: {GetType().Name} needs at least one feature; got (None, {string.Join(", ", s)}).");
        BuildCell(s[1]);
    }

    /// <summary>Creates the cell's weights for inputs with <paramref name="inputDim"/> features.</summary>
    private protected abstract void BuildCell(int inputDim);

    /// <summary>Runs the cell over the sequence and returns, for each state, its values at every step (time, batch,
    /// units) in processing order (state 0 is the output h).</summary>
    /// <param name="x">The input (batch, time, features).</param>
    /// <param name="states">The initial states, each (batch, units).</param>
    /// <param name="mask">The mask (batch, time) as 0/1 in the compute dtype, or null.</param>
    /// <param name="training">Training mode (dropout).</param>
    private protected abstract Tensor[] Recur(Tensor x, Tensor[] states, Tensor? mask, bool training);

    /// <inheritdoc />
    protected sealed override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var x = inputs[0];
        if (x.Rank != 3)
            throw new ArgumentException($"{Name}: {GetType().Name} expects inputs of shape (batch, timesteps, features); got {x.Shape}.");
        if (x.DType != DType)
            throw new ArgumentException($"{Name}: inputs must be {DType} like the layer's weights; got {x.DType} of shape {x.Shape}.");
        int batch = x.Shape[0], steps = x.Shape[1];
        if (steps == 0) throw new ArgumentException($"{Name}: needs at least one time step; got inputs of shape {x.Shape}.");
        var states = InitialStates(inputs, batch, x);
        var inputMask = context.Mask;
        Tensor? mask = null;
        if (inputMask is not null)
        {
            if (inputMask.Shape != new Shape(batch, steps))
                throw new ArgumentException($"{Name}: the mask must have shape ({batch}, {steps}) for inputs of shape {x.Shape}; got {inputMask.Shape}.");
            using var noGrad = Tensor.NoGrad();
            mask = inputMask.Ne(0).Cast(DType!.Value);
        }

        var sequences = Recur(x, states, mask, context.Training);
        var finals = new Tensor[sequences.Length];
        for (int i = 0; i < finals.Length; i++) finals[i] = sequences[i].Select(0, steps - 1);
        var h = sequences[0];
        Tensor output;
        if (ReturnSequences)
        {
            var seq = mask is null ? h : h * OutputFactor(mask).Transpose(0, 1).Unsqueeze(-1);
            output = seq.Transpose(0, 1);
        }
        else
        {
            output = finals[0];
            if (mask is not null)
            {
                Tensor last;
                using (Tensor.NoGrad())
                    last = ZeroOutputForMask ? mask.Select(1, GoBackwards ? 0 : steps - 1).Unsqueeze(1) : mask.Max(1, keepDims: true);
                output = output * last;
            }
        }
        if (Stateful)
        {
            using (TensorScope.Persistent())
            using (Tensor.NoGrad())
                _states = finals.Select(f => f.Detach().Clone()).ToArray();
        }
        if (!ReturnState) return [output];
        output.Mask = ReturnSequences ? inputMask : null;
        return [output, .. finals];
    }

    private Tensor[] InitialStates(IReadOnlyList<Tensor> inputs, int batch, Tensor x)
    {
        var states = new Tensor[StateCount];
        if (inputs.Count > 1)
        {
            if (inputs.Count - 1 != StateCount)
                throw new ArgumentException($"{Name}: {GetType().Name} takes {StateCount} initial state(s) after the sequence; got {inputs.Count - 1}.");
            for (int i = 0; i < states.Length; i++)
            {
                var s = inputs[i + 1];
                if (s.Shape != new Shape(batch, Units) || s.DType != x.DType || s.Device != x.Device)
                    throw new ArgumentException($"{Name}: initial state {i} must be ({batch}, {Units}) {x.DType} on {x.Device}; got {s.Shape} {s.DType} on {s.Device}.");
                states[i] = s;
            }
            return states;
        }
        if (Stateful && _states is not null)
        {
            if (_states[0].Shape[0] != batch || _states[0].DType != x.DType)
                throw new ArgumentException($"{Name}: a stateful layer keeps states of shape {_states[0].Shape} ({_states[0].DType}); got a batch of {batch} ({x.DType}). Call ResetStates() to change the batch size.");
            return [.. _states];
        }
        for (int i = 0; i < states.Length; i++) states[i] = Tensor.Zeros(new Shape(batch, Units), x.DType, x.Device);
        return states;
    }

    /// <summary>The factor (batch, time) in processing order that turns the carried state into Keras's masked output:
    /// the mask itself with <see cref="ZeroOutputForMask"/>, else 1 from the first valid step on (before it the
    /// output is zeros; after it a masked step repeats the previous output, which is the carried state).</summary>
    private Tensor OutputFactor(Tensor mask)
    {
        using var noGrad = Tensor.NoGrad();
        int steps = mask.Shape[1];
        var m = GoBackwards ? mask.Gather(Tensor.Arange(steps - 1, -1, -1, DeepLearning.DType.Int32, mask.Device), 1) : mask;
        if (ZeroOutputForMask) return m;
        // seen[b, k] = [Σ_{j ≤ k} m[b, j] > 0], the running sum as one product with an upper-triangular matrix of ones.
        var index = Tensor.Arange(0, steps, 1, m.DType, m.Device);
        var upper = index.Unsqueeze(1) <= index.Unsqueeze(0);
        return m.MatMul(upper) > 0.0;
    }

    /// <summary>The generator dropout masks are drawn from: the layer's own with a seed, else the global default.</summary>
    private protected Generator DropoutGenerator => Seed is int s ? _generator ??= new Generator((ulong)s) : Generator.Default;

    /// <summary><paramref name="count"/> inverted-dropout masks (batch, width): 1/(1 − rate) with probability 1 − rate,
    /// else 0 (Keras's <c>backend.random.dropout(ones_like(step_input), rate)</c>).</summary>
    private protected Tensor[] DropoutMasks(int batch, int width, double rate, int count, Tensor like)
    {
        var masks = new Tensor[count];
        using var noGrad = Tensor.NoGrad();
        for (int i = 0; i < count; i++)
            masks[i] = Tensor.Bernoulli(new Shape(batch, width), 1 - rate, like.DType, DropoutGenerator, like.Device) / (1 - rate);
        return masks;
    }

    /// <summary>The input projection of all steps: (batch, time, gates·units) = x·W + b, one matrix product over
    /// batch·time rows; with per-gate dropout masks, gate j uses (x ⊙ mask_j)·W_j.</summary>
    private protected static Tensor Project(Tensor x, Tensor kernel, Tensor? bias, Tensor[]? inputMasks)
    {
        int batch = x.Shape[0], steps = x.Shape[1], features = x.Shape[2], width = kernel.Shape[1];
        Tensor xz;
        if (inputMasks is null || inputMasks.Length == 1)
        {
            var xm = inputMasks is null ? x : x * inputMasks[0].Unsqueeze(1);
            xz = xm.Reshape(batch * steps, features).MatMul(kernel);
        }
        else
        {
            int part = width / inputMasks.Length;
            var parts = new Tensor[inputMasks.Length];
            for (int j = 0; j < parts.Length; j++)
                parts[j] = (x * inputMasks[j].Unsqueeze(1)).Reshape(batch * steps, features).MatMul(kernel.Narrow(1, j * part, part));
            xz = Tensor.Concat(parts, 1);
        }
        if (bias is not null) xz += bias;
        return xz.Reshape(batch, steps, width);
    }

    /// <summary>The per-step autograd loop: <paramref name="step"/> maps (xz_t (batch, gates·units), states) to the
    /// new states; at masked rows the old states are kept. Returns each state's sequence (time, batch, units) in
    /// processing order.</summary>
    private protected Tensor[] Loop(Tensor xz, Tensor[] states, Tensor? mask, Func<Tensor, Tensor[], Tensor[]> step)
    {
        int steps = xz.Shape[1];
        var history = new List<Tensor>[states.Length];
        for (int i = 0; i < history.Length; i++) history[i] = new List<Tensor>(steps);
        for (int k = 0; k < steps; k++)
        {
            int t = GoBackwards ? steps - 1 - k : k;
            var next = step(xz.Select(1, t), states);
            if (mask is not null)
            {
                var m = mask.Narrow(1, t, 1);
                for (int i = 0; i < next.Length; i++) next[i] = Tensor.Where(m, next[i], states[i]);
            }
            states = next;
            for (int i = 0; i < states.Length; i++) history[i].Add(states[i]);
        }
        return history.Select(h => Tensor.Stack(h, 0)).ToArray();
    }

    /// <summary>Adds the configuration shared by every recurrent layer: Keras's RNN keys, then the activation(s), the
    /// bias flag and the initializers' names.</summary>
    /// <param name="c">The base layer configuration.</param>
    /// <param name="recurrentActivation">σ of the gated layers (LSTM, GRU), stored after φ; null for SimpleRNN.</param>
    private protected LayerConfig RecurrentConfig(LayerConfig c, ActivationFunction? recurrentActivation)
    {
        c.Set("units", Units).Set("dropout", Dropout).Set("recurrent_dropout", RecurrentDropout).Set("seed", Seed)
            .Set("return_sequences", ReturnSequences).Set("return_state", ReturnState).Set("go_backwards", GoBackwards)
            .Set("stateful", Stateful).Set("zero_output_for_mask", ZeroOutputForMask).Set("activation", ActivationFunction);
        if (recurrentActivation is not null) c.Set("recurrent_activation", recurrentActivation);
        return c.Set("use_bias", UseBias).Set("kernel_initializer", KernelInitializer.Name)
            .Set("recurrent_initializer", RecurrentInitializer.Name).Set("bias_initializer", BiasInitializer.Name);
    }

    /// <summary>Sets the flags a configuration carries besides the constructor arguments (trainable,
    /// zero_output_for_mask) on a layer <c>FromConfig</c> has just constructed, and returns it.</summary>
    private protected static Layer WithFlagsFrom(RecurrentLayer layer, LayerConfig c)
    {
        layer.Trainable = c.GetBool("trainable", true);
        layer.ZeroOutputForMask = c.GetBool("zero_output_for_mask", false);
        return layer;
    }

    /// <summary>A fresh, unbuilt copy of this layer with another direction and name (for <see cref="Bidirectional"/>),
    /// keeping every argument, regularizers and constraints included, and the trainable, zero-output-for-mask and
    /// dtype settings.</summary>
    internal RecurrentLayer CloneWith(bool goBackwards, string name)
    {
        var clone = Recreate(goBackwards, name);
        clone.Trainable = Trainable;
        clone.ZeroOutputForMask = ZeroOutputForMask;
        clone.DType = DType;
        return clone;
    }

    /// <summary>A new layer of the same type with every constructor argument of this one but the direction and name.</summary>
    private protected abstract RecurrentLayer Recreate(bool goBackwards, string name);
}
