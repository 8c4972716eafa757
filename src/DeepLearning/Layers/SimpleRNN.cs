using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// The fully connected (Elman) recurrent layer, as Keras's SimpleRNN: h_t = φ(x_t·W + b + h_{t−1}·U), with φ = tanh
/// by default (the notes' a⟨t⟩ = g(W_aa a⟨t−1⟩ + W_ax x⟨t⟩ + b_a) with W_ax = Wᵀ, W_aa = Uᵀ). The output and the
/// single state are h.
/// </summary>
/// <remarks>
/// <para>Weights in Keras's layout: kernel W (features, units) Glorot-uniform, recurrent kernel U (units, units)
/// orthogonal, bias b (units) zeros. Parameters: features·units + units² + units. PyTorch's nn.RNN:
/// W = weight_ih_l0ᵀ, U = weight_hh_l0ᵀ, b = bias_ih_l0 + bias_hh_l0.</para>
/// <para>Masking, go_backwards, stateful, initial states and dropout: see <see cref="RecurrentLayer"/>.</para>
/// </remarks>
public sealed class SimpleRNN : RecurrentLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">Size of h (&gt; 0).</param>
    /// <param name="activation">φ (default tanh; pass <see cref="Activation.Linear"/> for none).</param>
    /// <param name="useBias">Whether to add b.</param>
    /// <param name="kernelInitializer">Initial W (default Glorot uniform).</param>
    /// <param name="recurrentInitializer">Initial U (default orthogonal).</param>
    /// <param name="biasInitializer">Initial b (default zeros).</param>
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
    /// <param name="returnState">Also return the final h.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the final state into the next call.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">units ≤ 0 or a rate outside [0, 1).</exception>
    public SimpleRNN(int units, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
        Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
        double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, bool stateful = false, string? name = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
            dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, stateful, name)
    {
    }

    /// <inheritdoc />
    public override int StateCount => 1;

    private protected override void BuildCell(int inputDim) => BuildWeights(inputDim, 1, [Units], BiasInitializer);

    private protected override Tensor[] Recur(Tensor x, Tensor[] states, Tensor? mask, bool training)
    {
        int batch = x.Shape[0];
        var inputMasks = training && Dropout > 0 ? DropoutMasks(batch, x.Shape[2], Dropout, 1, x) : null;
        var recurrentMask = training && RecurrentDropout > 0 ? DropoutMasks(batch, Units, RecurrentDropout, 1, x)[0] : null;
        var xz = Project(x, Kernel!, Bias, inputMasks);
        var r = RecurrentKernel!;
        if (RecurrentKernels.FromName(ActivationFunction.Name) is { } a && recurrentMask is null && !ForceStepwise)
            return [SimpleRnnSequenceNode.Apply(xz, r, states[0], mask, GoBackwards, a)];
        return Loop(xz, states, mask, (xt, st) =>
            [ActivationFunction.Apply(xt + (recurrentMask is null ? st[0] : st[0] * recurrentMask).MatMul(r))]);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => RecurrentConfig(base.GetConfig(), recurrentActivation: null);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => WithFlagsFrom(new SimpleRNN(c.GetInt("units"), c.GetActivation("activation"),
        c.GetBool("use_bias", true),
        KernelInitializerFrom(c), Initializer.FromName(c.GetString("recurrent_initializer", "orthogonal")), BiasInitializerFrom(c),
        dropout: c.GetDouble("dropout", 0), recurrentDropout: c.GetDouble("recurrent_dropout", 0), seed: LayerChecks.SeedFrom(c),
        returnSequences: c.GetBool("return_sequences", false), returnState: c.GetBool("return_state", false),
        goBackwards: c.GetBool("go_backwards", false), stateful: c.GetBool("stateful", false), name: c.GetString("name")), c);

    private protected override RecurrentLayer Recreate(bool goBackwards, string name) => new SimpleRNN(Units, ActivationFunction,
        UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, KernelRegularizer, RecurrentRegularizer, BiasRegularizer,
        ActivityRegularizer, KernelConstraint, RecurrentConstraint, BiasConstraint, Dropout, RecurrentDropout, Seed, ReturnSequences,
        ReturnState, goBackwards, Stateful, name);
}
