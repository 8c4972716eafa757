using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Long short-term memory (Hochreiter and Schmidhuber 1997), as Keras's LSTM. For each step, with σ the recurrent
/// activation (sigmoid) and φ the activation (tanh):
/// z = x_t·W + h_{t−1}·U + b; i = σ(z_i), f = σ(z_f), g = φ(z_c), o = σ(z_o);
/// c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ φ(c_t). The output is h; the states are [h, c].
/// </summary>
/// <remarks>
/// <para>Weights in Keras's layout and gate order i, f, c, o: kernel W (features, 4·units) Glorot-uniform,
/// recurrent kernel U (units, 4·units) orthogonal, bias b (4·units) zeros with the forget slice set to 1
/// (<see cref="UnitForgetBias"/>, Jozefowicz et al. 2015). Parameters: 4·(features·units + units² + units).</para>
/// <para>To load PyTorch's nn.LSTM weights (gate order i, f, g, o, which is the same order): W = weight_ih_l0ᵀ,
/// U = weight_hh_l0ᵀ, b = bias_ih_l0 + bias_hh_l0.</para>
/// <para>Masking, go_backwards, stateful, initial states and dropout: see <see cref="RecurrentLayer"/>.</para>
/// </remarks>
public sealed class LSTM : RecurrentLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">Size of h and c (&gt; 0).</param>
    /// <param name="activation">φ (default tanh; pass <see cref="Activation.Linear"/> for none).</param>
    /// <param name="recurrentActivation">σ for the gates (default sigmoid).</param>
    /// <param name="useBias">Whether to add b.</param>
    /// <param name="kernelInitializer">Initial W (default Glorot uniform).</param>
    /// <param name="recurrentInitializer">Initial U (default orthogonal).</param>
    /// <param name="biasInitializer">Initial b (default zeros).</param>
    /// <param name="unitForgetBias">Initialise the forget-gate bias to 1 (the other slices use biasInitializer).</param>
    /// <param name="kernelRegularizer">Penalty on W.</param>
    /// <param name="recurrentRegularizer">Penalty on U.</param>
    /// <param name="biasRegularizer">Penalty on b.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Projection of W after each step.</param>
    /// <param name="recurrentConstraint">Projection of U after each step.</param>
    /// <param name="biasConstraint">Projection of b after each step.</param>
    /// <param name="dropout">Fraction of the inputs dropped, in [0, 1).</param>
    /// <param name="recurrentDropout">Fraction of h_{t−1} dropped in the recurrent product, in [0, 1).</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="returnSequences">Return every step's output.</param>
    /// <param name="returnState">Also return the final h and c.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the final states into the next call.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">units ≤ 0 or a rate outside [0, 1).</exception>
    public LSTM(int units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        bool unitForgetBias = true, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? recurrentConstraint = null, Constraint? biasConstraint = null, double dropout = 0, double recurrentDropout = 0,
        int? seed = null, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
        string? name = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
            dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, stateful, name)
    {
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Sigmoid;
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>σ, applied to the input, forget and output gates.</summary>
    public ActivationFunction RecurrentActivation { get; }

    /// <summary>Whether the forget-gate bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    /// <inheritdoc />
    public override int StateCount => 2;

    private protected override void BuildCell(int inputDim) =>
        BuildWeights(inputDim, 4, [4 * Units], UnitForgetBias ? new ForgetBiasInitializer(BiasInitializer, Units) : BiasInitializer);

    private protected override Tensor[] Recur(Tensor x, Tensor[] states, Tensor? mask, bool training)
    {
        int batch = x.Shape[0], u = Units;
        bool perGate = RecurrentDropout > 0;   // Keras's implementation 1
        var inputMasks = training && Dropout > 0 ? DropoutMasks(batch, x.Shape[2], Dropout, perGate ? 4 : 1, x) : null;
        var recurrentMasks = training && RecurrentDropout > 0 ? DropoutMasks(batch, u, RecurrentDropout, 4, x) : null;
        var act = RecurrentKernels.FromName(ActivationFunction.Name);
        var recAct = RecurrentKernels.FromName(RecurrentActivation.Name);
        if (act is { } a && recAct is { } ra && recurrentMasks is null && !ForceStepwise)
        {
            // The fused node adds the bias while it fills its gate buffer: one pass less over the projections.
            var s = LstmSequenceNode.Apply(Project(x, Kernel!, null, inputMasks), RecurrentKernel!, states[0], states[1], Bias, mask,
                GoBackwards, a, ra);
            return [s.Select(1, 0), s.Select(1, 1)];
        }
        var xz = Project(x, Kernel!, Bias, inputMasks);
        var r = RecurrentKernel!;
        return Loop(xz, states, mask, (xt, st) =>
        {
            Tensor h = st[0], c = st[1];
            Tensor z;
            if (recurrentMasks is null) z = xt + h.MatMul(r);
            else
            {
                var parts = new Tensor[4];
                for (int j = 0; j < 4; j++) parts[j] = (h * recurrentMasks[j]).MatMul(r.Narrow(1, j * u, u));
                z = xt + Tensor.Concat(parts, 1);
            }
            var i = RecurrentActivation.Apply(z.Narrow(1, 0, u));
            var f = RecurrentActivation.Apply(z.Narrow(1, u, u));
            var g = ActivationFunction.Apply(z.Narrow(1, 2 * u, u));
            var o = RecurrentActivation.Apply(z.Narrow(1, 3 * u, u));
            var cNew = f * c + i * g;
            return [o * ActivationFunction.Apply(cNew), cNew];
        });
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() =>
        RecurrentConfig(base.GetConfig(), RecurrentActivation).Set("unit_forget_bias", UnitForgetBias);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => WithFlagsFrom(new LSTM(c.GetInt("units"), c.GetActivation("activation"),
        c.GetActivation("recurrent_activation"), c.GetBool("use_bias", true),
        KernelInitializerFrom(c), Initializer.FromName(c.GetString("recurrent_initializer", "orthogonal")), BiasInitializerFrom(c), c.GetBool("unit_forget_bias", true),
        dropout: c.GetDouble("dropout", 0), recurrentDropout: c.GetDouble("recurrent_dropout", 0), seed: LayerChecks.SeedFrom(c),
        returnSequences: c.GetBool("return_sequences", false), returnState: c.GetBool("return_state", false),
        goBackwards: c.GetBool("go_backwards", false), stateful: c.GetBool("stateful", false), name: c.GetString("name")), c);

    private protected override RecurrentLayer Recreate(bool goBackwards, string name) => new LSTM(Units, ActivationFunction,
        RecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, UnitForgetBias, KernelRegularizer,
        RecurrentRegularizer, BiasRegularizer, ActivityRegularizer, KernelConstraint, RecurrentConstraint, BiasConstraint, Dropout,
        RecurrentDropout, Seed, ReturnSequences, ReturnState, goBackwards, Stateful, name);

    /// <summary>Keras's unit_forget_bias initializer: [init(units), ones(units), init(2·units)].</summary>
    private sealed class ForgetBiasInitializer(Initializer inner, int units) : Initializer
    {
        public override string Name => inner.Name;

        public override Tensor Create(Shape shape, DeepLearning.DType dtype = DeepLearning.DType.Float32, Devices.Device? device = null, Generator? generator = null) =>
            Tensor.Concat([inner.Create([units], dtype, device, generator), Tensor.Ones([units], dtype, device),
                inner.Create([2 * units], dtype, device, generator)], 0);
    }
}
