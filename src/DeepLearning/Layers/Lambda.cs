namespace DeepLearning.Layers;

/// <summary>
/// Wraps a user function of tensors as a layer (Keras's Lambda): <c>new Lambda(x =&gt; x.Square())</c>. The function
/// must be built from differentiable tensor ops (then it has a gradient) and create no weights — a computation with
/// state belongs in a custom <see cref="Layer"/> subclass. The function receives the training flag through
/// <see cref="Layer.CurrentTraining"/>.
/// </summary>
/// <remarks>
/// <para>Masks: without a <c>mask</c> function the output has no mask (Keras: a Lambda without mask does not
/// support masking); with one, the output mask is mask(inputs, input masks).</para>
/// <para>Saving: a Lambda's function is code, which model files never contain (they are data only). The config
/// records <see cref="FunctionName"/>; loading it needs the function again, from the user's registry or through
/// <see cref="FromConfig(LayerConfig, Func{IReadOnlyList{Tensor}, Tensor})"/>. <see cref="FromConfig(LayerConfig)"/>
/// alone throws.</para>
/// </remarks>
public sealed class Lambda : Layer
{
    private readonly Func<IReadOnlyList<Tensor>, Tensor> _function;
    private readonly Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor?>, Tensor?>? _mask;

    /// <summary>A layer computing y = f(x) on one input.</summary>
    /// <param name="function">f, built from tensor ops.</param>
    /// <param name="functionName">A name for f, stored in the config so a registry can find f again when loading.</param>
    /// <param name="mask">Computes the output mask from the input and its mask; null: no output mask.</param>
    /// <param name="name">Layer name.</param>
    public Lambda(Func<Tensor, Tensor> function, string? functionName = null, Func<Tensor, Tensor?, Tensor?>? mask = null, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(function);
        _function = inputs => inputs.Count == 1 ? function(inputs[0])
            : throw new ArgumentException($"{Name}: this Lambda takes one input; got {inputs.Count}.");
        if (mask is not null) _mask = (inputs, masks) => mask(inputs[0], masks.Count > 0 ? masks[0] : null);
        FunctionName = functionName;
    }

    private Lambda(Func<IReadOnlyList<Tensor>, Tensor> function, Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor?>, Tensor?>? mask,
        string? functionName, string? name) : base(name)
    {
        ArgumentNullException.ThrowIfNull(function);
        _function = function;
        _mask = mask;
        FunctionName = functionName;
    }

    /// <summary>A layer computing y = f(x₁, x₂, …) on a list of inputs (<c>layer.Call(a, b)</c>).</summary>
    /// <param name="function">f, built from tensor ops.</param>
    /// <param name="functionName">A name for f, stored in the config so a registry can find f again when loading.</param>
    /// <param name="mask">Computes the output mask from the inputs and their masks; null: no output mask.</param>
    /// <param name="name">Layer name.</param>
    public static Lambda ForList(Func<IReadOnlyList<Tensor>, Tensor> function, string? functionName = null,
        Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor?>, Tensor?>? mask = null, string? name = null) =>
        new(function, mask, functionName, name);

    /// <summary>The name under which the function is registered (null when unnamed).</summary>
    public string? FunctionName { get; }

    /// <inheritdoc />
    protected override IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var y = _function(inputs) ?? throw new InvalidOperationException($"{Name}: the Lambda's function returned null.");
        return [y];
    }

    /// <inheritdoc />
    protected override Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) => _mask?.Invoke(inputs, masks);

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("function", FunctionName);

    /// <summary>Always throws: a Lambda's function is code and is not in its config. Use
    /// <see cref="FromConfig(LayerConfig, Func{IReadOnlyList{Tensor}, Tensor})"/> with the function (looked up by
    /// <see cref="FunctionName"/> in the user's registry).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static Layer FromConfig(LayerConfig c) =>
        throw new NotSupportedException($"Lambda '{c.GetOptionalString("name")}': the function (registered name '{c.GetOptionalString("function") ?? "none"}') is code and is not saved; " +
            "register it in the user registry (or make a custom Layer subclass) and rebuild the layer with Lambda.FromConfig(config, function).");

    /// <summary>Rebuilds the layer from <see cref="GetConfig"/> and the function it wrapped.</summary>
    /// <param name="c">The saved config.</param>
    /// <param name="function">The function, e.g. found in the user's registry under the config's "function" name.</param>
    public static Layer FromConfig(LayerConfig c, Func<IReadOnlyList<Tensor>, Tensor> function) =>
        new Lambda(function, null, c.GetOptionalString("function"), c.GetString("name")) { Trainable = c.GetBool("trainable", true) };
}
