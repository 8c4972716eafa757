using DeepLearning.Activations;
using DeepLearning.Initializers;
using DeepLearning.Regularizers;

namespace DeepLearning.Layers;

/// <summary>
/// A fully connected layer: y = f(x·W + b) on the last axis, so an input (batch, …, in) gives (batch, …, units)
/// (Keras's Dense). Kernel W has Keras's layout (in, units), Glorot-uniform by default; bias b (units), zeros.
/// Parameters: in·units + units.
/// </summary>
public sealed class Dense : KernelLayer
{
    private Tensor? _kernel, _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">Output features (&gt; 0).</param>
    /// <param name="activation">f (default linear).</param>
    /// <param name="useBias">Whether to add b.</param>
    /// <param name="kernelInitializer">Initial W (default Glorot uniform).</param>
    /// <param name="biasInitializer">Initial b (default zeros).</param>
    /// <param name="kernelRegularizer">Penalty on W.</param>
    /// <param name="biasRegularizer">Penalty on b.</param>
    /// <param name="activityRegularizer">Penalty on y.</param>
    /// <param name="kernelConstraint">Projection of W after each step.</param>
    /// <param name="biasConstraint">Projection of b after each step.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">units ≤ 0.</exception>
    public Dense(int units, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
            biasConstraint, name)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"Dense: units must be positive; got {units}.");
        Units = units;
        ActivationFunction = activation ?? ActivationFunction.Linear;
    }

    /// <summary>Output features.</summary>
    public int Units { get; }

    /// <summary>The activation f.</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <summary>W, shape (in, units); null before the first call.</summary>
    public Tensor? Kernel => _kernel;

    /// <summary>b, shape (units); null before the first call or without bias.</summary>
    public Tensor? Bias => _bias;

    /// <inheritdoc />
    protected override bool SupportsMasking => true;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank == 0)
            throw new ArgumentException($"{Name}: Dense needs inputs of rank ≥ 2 (batch, …, features); got per-sample shape {inputShape}.");
        _kernel = AddKernel("kernel", [inputShape[-1], Units]);
        _bias = AddBias("bias", [Units]);
    }

    /// <inheritdoc />
    protected override Tensor Forward(Tensor input, CallContext context)
    {
        // The common case, (batch, in) with a bias and an activation known to the devices, is one op (matmul, bias and
        // activation in one device call, see DenseNode); anything else composes the same formula from tensor ops.
        if (input.Rank == 2 && _bias is not null && ActivationFunction.Parameter is null && input.DType == _kernel!.DType
            && input.Device == _kernel.Device && input.DType.IsFloating()
            && Autograd.Ops.RecurrentKernels.FromName(ActivationFunction.Name) is { } fused)
            return Autograd.Ops.DenseNode.Apply(input, _kernel!, _bias, fused);
        var y = input.Rank > 2 && input.IsContiguous
            ? input.Reshape(-1, input.Shape[-1]).MatMul(_kernel!).Reshape([.. input.Shape.ToArray()[..^1], Units])
            : input.MatMul(_kernel!);
        if (_bias is not null) y += _bias;
        return ActivationFunction.Apply(y);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("units", Units).Set("activation", ActivationFunction).Set("use_bias", UseBias)
        .Set("kernel_initializer", KernelInitializer.Name).Set("bias_initializer", BiasInitializer.Name);

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> (initializers by name; regularizers and constraints
    /// are read back by the model loader, which sets them before the layer is built).</summary>
    public static Layer FromConfig(LayerConfig c) => new Dense(c.GetInt("units"), c.GetActivation("activation"), c.GetBool("use_bias", true),
        KernelInitializerFrom(c), BiasInitializerFrom(c),
        name: c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
