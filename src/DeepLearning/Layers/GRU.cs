using DeepLearning.Activations;
using DeepLearning.Autograd.Ops;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// Gated recurrent unit (Cho et al. 2014), as Keras's GRU. For each step, with σ the recurrent activation (sigmoid)
/// and φ the activation (tanh), x_t·W + b_in split into gates z, r, h:
/// <list type="bullet">
/// <item><see cref="ResetAfter"/> = true (Keras's default, CuDNN-compatible): m = h_{t−1}·U + b_rec;
/// z = σ(x_z + m_z); r = σ(x_r + m_r); ĥ = φ(x_h + r ⊙ m_h).</item>
/// <item><see cref="ResetAfter"/> = false (the original formulation): z = σ(x_z + h_{t−1}·U_z);
/// r = σ(x_r + h_{t−1}·U_r); ĥ = φ(x_h + (r ⊙ h_{t−1})·U_h).</item>
/// </list>
/// h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ. The output and the single state are h.
/// </summary>
/// <remarks>
/// <para>Weights in Keras's layout and gate order z, r, h: kernel W (features, 3·units) Glorot-uniform, recurrent
/// kernel U (units, 3·units) orthogonal, bias zeros of shape (2, 3·units) with reset_after (row 0 b_in, row 1
/// b_rec) or (3·units) without. Parameters: 3·units·(features + units) + 6·units with reset_after,
/// + 3·units without.</para>
/// <para>To load PyTorch's nn.GRU weights (gate order r, z, n, reset after): reorder the row blocks of
/// weight_ih_l0 [r; z; n] to [z; r; n] and transpose (W), the same for weight_hh_l0 (U), and take
/// bias = [bias_ih_l0; bias_hh_l0] reordered the same way. The GRU's mixing h = z·h_{t−1} + (1 − z)·ĥ agrees with
/// PyTorch's h = (1 − z)·n + z·h_{t−1}.</para>
/// <para>Masking, go_backwards, stateful, initial states and dropout: see <see cref="RecurrentLayer"/>.</para>
/// </remarks>
public sealed class GRU : RecurrentLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">Size of h (&gt; 0).</param>
    /// <param name="activation">φ (default tanh; pass <see cref="Activation.Linear"/> for none).</param>
    /// <param name="recurrentActivation">σ for the gates (default sigmoid).</param>
    /// <param name="useBias">Whether to add the biases.</param>
    /// <param name="kernelInitializer">Initial W (default Glorot uniform).</param>
    /// <param name="recurrentInitializer">Initial U (default orthogonal).</param>
    /// <param name="biasInitializer">Initial biases (default zeros).</param>
    /// <param name="kernelRegularizer">Penalty on W.</param>
    /// <param name="recurrentRegularizer">Penalty on U.</param>
    /// <param name="biasRegularizer">Penalty on the biases.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Projection of W after each step.</param>
    /// <param name="recurrentConstraint">Projection of U after each step.</param>
    /// <param name="biasConstraint">Projection of the biases after each step.</param>
    /// <param name="dropout">Fraction of the inputs dropped, in [0, 1).</param>
    /// <param name="recurrentDropout">Fraction of h_{t−1} dropped in the recurrent products, in [0, 1).</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="returnSequences">Return every step's output.</param>
    /// <param name="returnState">Also return the final h.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the final state into the next call.</param>
    /// <param name="resetAfter">Apply the reset gate after the recurrent product (default, separate recurrent bias).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">units ≤ 0 or a rate outside [0, 1).</exception>
    public GRU(int units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, double dropout = 0, double recurrentDropout = 0, int? seed = null,
        bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false, bool resetAfter = true,
        string? name = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
            dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, stateful, name)
    {
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Sigmoid;
        ResetAfter = resetAfter;
    }

    /// <summary>σ, applied to the update and reset gates.</summary>
    public ActivationFunction RecurrentActivation { get; }

    /// <summary>Whether the reset gate multiplies h_{t−1}·U_h + b_rec (true) or h_{t−1} before the product (false).</summary>
    public bool ResetAfter { get; }

    /// <inheritdoc />
    public override int StateCount => 1;

    private protected override void BuildCell(int inputDim) =>
        BuildWeights(inputDim, 3, ResetAfter ? new Shape(2, 3 * Units) : new Shape(3 * Units), BiasInitializer);

    private protected override Tensor[] Recur(Tensor x, Tensor[] states, Tensor? mask, bool training)
    {
        int batch = x.Shape[0], u = Units;
        bool perGate = RecurrentDropout > 0;   // Keras's implementation 1
        var inputMasks = training && Dropout > 0 ? DropoutMasks(batch, x.Shape[2], Dropout, perGate ? 3 : 1, x) : null;
        var recurrentMasks = training && RecurrentDropout > 0 ? DropoutMasks(batch, u, RecurrentDropout, 3, x) : null;
        Tensor? inputBias = null, recurrentBias = null;
        if (Bias is not null)
        {
            inputBias = ResetAfter ? Bias.Select(0, 0) : Bias;
            recurrentBias = ResetAfter ? Bias.Select(0, 1) : null;
        }
        var xz = Project(x, Kernel!, inputBias, inputMasks);
        var act = RecurrentKernels.FromName(ActivationFunction.Name);
        var recAct = RecurrentKernels.FromName(RecurrentActivation.Name);
        var r = RecurrentKernel!;
        if (act is { } a && recAct is { } ra && recurrentMasks is null && !ForceStepwise)
            return [GruSequenceNode.Apply(xz, r, states[0], recurrentBias, mask, GoBackwards, ResetAfter, a, ra)];
        return Loop(xz, states, mask, (xt, st) =>
        {
            var h = st[0];
            Tensor Rec(int gate, int count)
            {
                // (h ⊙ mask_gate)·U_gate for `count` consecutive gates starting at `gate` (one product without masks).
                if (recurrentMasks is null) return h.MatMul(r.Narrow(1, gate * u, count * u));
                var parts = new Tensor[count];
                for (int j = 0; j < count; j++) parts[j] = (h * recurrentMasks[gate + j]).MatMul(r.Narrow(1, (gate + j) * u, u));
                return count == 1 ? parts[0] : Tensor.Concat(parts, 1);
            }
            Tensor z, rg, hh;
            if (ResetAfter)
            {
                var m = Rec(0, 3);
                if (recurrentBias is not null) m += recurrentBias;
                z = RecurrentActivation.Apply(xt.Narrow(1, 0, u) + m.Narrow(1, 0, u));
                rg = RecurrentActivation.Apply(xt.Narrow(1, u, u) + m.Narrow(1, u, u));
                hh = ActivationFunction.Apply(xt.Narrow(1, 2 * u, u) + rg * m.Narrow(1, 2 * u, u));
            }
            else
            {
                var m = Rec(0, 2);
                z = RecurrentActivation.Apply(xt.Narrow(1, 0, u) + m.Narrow(1, 0, u));
                rg = RecurrentActivation.Apply(xt.Narrow(1, u, u) + m.Narrow(1, u, u));
                var hr = recurrentMasks is null ? h : h * recurrentMasks[2];
                hh = ActivationFunction.Apply(xt.Narrow(1, 2 * u, u) + (rg * hr).MatMul(r.Narrow(1, 2 * u, u)));
            }
            return [z * h + (1.0 - z) * hh];
        });
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => RecurrentConfig(base.GetConfig(), RecurrentActivation).Set("reset_after", ResetAfter);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => WithFlagsFrom(new GRU(c.GetInt("units"), c.GetActivation("activation"),
        c.GetActivation("recurrent_activation"), c.GetBool("use_bias", true),
        KernelInitializerFrom(c), Initializer.FromName(c.GetString("recurrent_initializer", "orthogonal")), BiasInitializerFrom(c),
        dropout: c.GetDouble("dropout", 0), recurrentDropout: c.GetDouble("recurrent_dropout", 0), seed: LayerChecks.SeedFrom(c),
        returnSequences: c.GetBool("return_sequences", false), returnState: c.GetBool("return_state", false),
        goBackwards: c.GetBool("go_backwards", false), stateful: c.GetBool("stateful", false), resetAfter: c.GetBool("reset_after", true),
        name: c.GetString("name")), c);

    private protected override RecurrentLayer Recreate(bool goBackwards, string name) => new GRU(Units, ActivationFunction,
        RecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, KernelRegularizer, RecurrentRegularizer,
        BiasRegularizer, ActivityRegularizer, KernelConstraint, RecurrentConstraint, BiasConstraint, Dropout, RecurrentDropout, Seed,
        ReturnSequences, ReturnState, goBackwards, Stateful, ResetAfter, name);
}
